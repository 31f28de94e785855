/** Calendar-period returns of an equity curve (computed in the core). */
import { callNative } from '../errors.js';
import { native } from '../native.js';

export interface PeriodReturns {
  year: Int32Array;
  /** 1-12, or 0 for yearly periods. */
  month: Uint32Array;
  ret: Float64Array;
}

/**
 * Simple returns per UTC calendar month or year; they chain to the curve's total return.
 * @throws EmptyInputError, LengthMismatchError, OutOfRangeError (equity <= 0), UnorderedError
 */
export function periodReturns(time: Float64Array, equity: Float64Array, period: 'month' | 'year'): PeriodReturns {
  return callNative(() => native.periodReturns(time, equity, period));
}
