/**
 * Execution: order splitting (TWAP, VWAP, POV, iceberg, Almgren-Chriss) as pure schedules and
 * stateful executors, a smart order router across venues, and execution measurement.
 * @module execution
 */
export { twap, vwap, volumeProfile, pov, iceberg, almgrenChriss } from './schedule.js';
export type {
  LotOptions,
  Schedule,
  TwapOptions,
  VwapOptions,
  VolumeProfile,
  PovOptions,
  IcebergOptions,
  AlmgrenChrissParams,
  AlmgrenChrissResult,
} from './schedule.js';
export { Executor } from './executor.js';
export type {
  OrderStyle,
  ExecutorCommonOptions,
  ExecutorOptions,
  ExecutorAction,
  ExecutorDecision,
  ExecutorStatus,
} from './executor.js';
export { Router, route } from './router.js';
export type {
  VenueConfig,
  BookLevels,
  VenueBook,
  RouteOrder,
  RouteOptions,
  ChildRoute,
  RouteTraceEntry,
  RouteResult,
} from './router.js';
export { implementationShortfall, intervalVwap, shortfallOfFills, slippageBps } from './measure.js';
export type { FillRows, Side, ShortfallInput, Shortfall, ShortfallTotals } from './measure.js';

// The simulated exchange (backtests and paper trading).
export * from './sim/index.js';
