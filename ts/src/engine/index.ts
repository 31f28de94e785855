/**
 * The coordinator (`createEngine`): one pipeline from market data to journaled fills, the same
 * in backtests and live trading.
 * @module engine
 */
export { createEngine, STAGES } from './engine.js';
export type { Engine, EngineFill, EngineStats } from './engine.js';
export type { EngineOptions, EngineBreakerOptions } from './options.js';
export { breakerLimits } from './options.js';
export { HistoricalClock, systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { DEFAULT_SIM_TICK_SIZE, SimVenue, timeframeMs } from './sim-venue.js';
export type { SimVenueOptions } from './sim-venue.js';
export { RoutingVenue } from './routing-venue.js';
export type { RouteDecision, RoutedVenue, RoutingVenueOptions } from './routing-venue.js';
export { childOrderId } from './routed-orders.js';
export { clientOrderId, featureKey } from './order-ids.js';
export { LatencyRecorder } from './latency.js';
export type { BookSettings } from './symbol-state.js';
export type * from './types.js';
