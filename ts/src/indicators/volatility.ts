/**
 * True range and Wilder's average true range with TA-Lib's conventions.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

/**
 * True range: TR_t = max(high_t - low_t, |high_t - close_{t-1}|, |low_t - close_{t-1}|).
 *
 * Warm-up: bar 0 has no previous close and is NaN (TA-Lib `TRANGE`).
 * @throws EmptyInputError, LengthMismatchError, NonFiniteError, InvalidInputError (high < low)
 */
export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  return callNative(() => native.trueRange(high, low, close));
}

/**
 * Wilder's average true range, TA-Lib conventions: no TR on bar 0; the first ATR, at bar n, is
 * the mean of TR_1..TR_n; then ATR_t = (ATR_{t-1} * (n - 1) + TR_t) / n.
 *
 * Warm-up: NaN for bars 0..n-1.
 * Reference: J. W. Wilder, New Concepts in Technical Trading Systems (1978); TA-Lib `ATR`.
 * @param period n, a whole number >= 1
 * @throws EmptyInputError, LengthMismatchError, NonFiniteError, InvalidInputError (high < low),
 *   OutOfRangeError (period)
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  return callNative(() => native.atr(high, low, close, period));
}

/** Streaming {@link atr}: O(1) per bar; its outputs equal the batch form on the same bars. */
export class Atr {
  readonly #inner: InstanceType<typeof native.AtrStream>;

  /** @throws OutOfRangeError when `period` is not a whole number >= 1 */
  constructor(period: number) {
    this.#inner = callNative(() => new native.AtrStream(period));
  }

  /**
   * Adds one bar and returns the ATR after it (NaN for the first n bars). A rejected bar leaves
   * the state unchanged.
   * @throws NonFiniteError, InvalidInputError (high < low)
   */
  push(high: number, low: number, close: number): number {
    return callNative(() => this.#inner.push(high, low, close));
  }

  get value(): number {
    return this.#inner.value;
  }

  get period(): number {
    return this.#inner.period;
  }

  /** Bars pushed since construction or the last reset. */
  get count(): number {
    return this.#inner.count;
  }

  reset(): void {
    this.#inner.reset();
  }
}
