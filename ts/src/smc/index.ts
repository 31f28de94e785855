/**
 * Smart Money Concepts, with the functions and results of the Python package
 * smartmoneyconcepts 0.0.27, plus an incremental {@link SmcStream}.
 * @module smc
 */
export {
  swingHighsLows,
  fvg,
  bosChoch,
  ob,
  liquidity,
  previousHighLow,
  sessions,
  retracements,
} from './batch.js';
export type {
  Swings,
  SwingOptions,
  FvgOptions,
  FvgResult,
  BosChochOptions,
  BosChochResult,
  ObOptions,
  ObResult,
  LiquidityOptions,
  LiquidityResult,
  PreviousHighLowOptions,
  PreviousHighLowResult,
  SessionName,
  SessionOptions,
  SessionResult,
  RetracementResult,
} from './batch.js';
export { SmcStream } from './stream.js';
export type {
  SmcStreamOptions,
  SmcStreamEvent,
  SwingEvent,
  FvgEvent,
  FvgMitigatedEvent,
  BosChochEvent,
  ObEvent,
  ObMitigatedEvent,
  ObResetEvent,
  LiquidityEvent,
} from './stream.js';
