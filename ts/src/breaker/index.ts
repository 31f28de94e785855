/**
 * The risk circuit breaker: every order intent passes it before execution, and execution only
 * accepts the {@link ApprovedOrder}s it mints.
 * @module breaker
 */
export { CircuitBreaker } from './breaker.js';
export { isApprovedOrder, assertApproved } from './approved.js';
export { TokenBucket } from './rate-limiter.js';
export { DEFAULT_TRIP_CODES } from './types.js';
export type {
  ApprovedOrder,
  BreakerEvent,
  BreakerLimits,
  BreakerListener,
  BreakerOptions,
  BreakerPortfolio,
  BreakerSnapshot,
  BreakerState,
  Decision,
  InstrumentLimits,
  MidPriceSource,
  OrderIntent,
  RefusalCode,
  RefusalReason,
  VarLimit,
  VarSource,
} from './types.js';
