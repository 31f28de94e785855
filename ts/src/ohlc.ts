/**
 * Columnar OHLCV bars: the input shape of indicators, Smart Money Concepts and bar backtests.
 */
import { callNative } from './errors.js';
import { native } from './native.js';

/** Bars as equal-length columns. `time` is the bar open time in epoch milliseconds (UTC). */
export interface Ohlc {
  time?: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/**
 * Checks bars once, up front: equal lengths, finite prices and volumes, high >= low, and
 * non-decreasing times. Returns the number of bars.
 * @throws LengthMismatchError, NonFiniteError, InvalidInputError, UnorderedError
 */
export function assertOhlc(bars: Ohlc): number {
  return callNative(() => native.validateOhlc(bars));
}
