/**
 * From an equity curve to the series the statistics and reports need. Computed in Rust
 * (`crates/smc-core/src/stats/equity.rs`).
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

/**
 * Simple returns `e[t] / e[t-1] - 1` of an equity curve (length n - 1).
 * @throws EmptyInputError (< 2 points), NonFiniteError, OutOfRangeError (equity <= 0)
 */
export function equityReturns(equity: Float64Array): Float64Array {
  return callNative(() => native.equityReturns(equity));
}

/**
 * Drawdown of each point from the running peak, a fraction <= 0 (the underwater curve).
 * @throws EmptyInputError, NonFiniteError, OutOfRangeError (equity <= 0)
 */
export function underwater(equity: Float64Array): Float64Array {
  return callNative(() => native.underwater(equity));
}
