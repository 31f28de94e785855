/**
 * RSI and Stochastic RSI with TA-Lib's conventions.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

/**
 * Wilder's relative strength index, TA-Lib default mode: average gain G and loss L seeded with
 * the mean of the first n differences (first value at bar n), then
 * G_t = (G_{t-1} * (n - 1) + gain_t) / n (same for L); RSI = 100 * G / (G + L), and 0 when the
 * window is flat (G + L = 0).
 *
 * Warm-up: NaN for bars 0..n-1.
 * Reference: Wilder (1978); TA-Lib `RSI`. TA-Lib treats |G + L| < 1e-8 as flat; we only treat
 * an exact 0 so, keeping the result independent of the price scale.
 * @throws EmptyInputError, NonFiniteError, OutOfRangeError (period)
 */
export function rsi(close: Float64Array, period: number): Float64Array {
  return callNative(() => native.rsi(close, period));
}

/** Parameters of {@link stochRsi}; TA-Lib's defaults. */
export interface StochRsiOptions {
  /** RSI period n (default 14). */
  period?: number;
  /** Look-back k of the stochastic over the RSI (default 5). */
  fastK?: number;
  /** SMA period d of fastK giving fastD (default 3). */
  fastD?: number;
}

/** The two columns of {@link stochRsi}, each as long as the input. */
export interface StochRsiResult {
  fastK: Float64Array;
  fastD: Float64Array;
}

/**
 * Stochastic RSI as TA-Lib's `STOCHRSI` computes it: the fast stochastic (STOCHF) of the RSI
 * series r on a 0-100 scale, fastK_t = 100 * (r_t - min r) / (max r - min r) over the last k
 * RSI values (0 when the window is flat), and fastD = SMA(fastK, d).
 *
 * Warm-up: both columns start at bar n + k - 1 + d - 1 (as in TA-Lib, fastK waits for fastD).
 * Like TA-Lib's, values can leave [0, 100] by rounding, by about 1e-14 (for example
 * 100.00000000000001); they are not clamped, so that they stay equal to TA-Lib's.
 * Reference: Chande and Kroll, The New Technical Trader (1994); TA-Lib `STOCHRSI` with
 * `fastd_matype` = SMA (its default).
 * @throws EmptyInputError, NonFiniteError, OutOfRangeError (a period not a whole number >= 1)
 */
export function stochRsi(close: Float64Array, options: StochRsiOptions = {}): StochRsiResult {
  return callNative(() => native.stochRsi(close, options));
}

/** Streaming {@link rsi}: O(1) per value, equal to the batch form. */
export class Rsi {
  readonly #inner: InstanceType<typeof native.RsiStream>;

  /** @throws OutOfRangeError when `period` is not a whole number >= 1 */
  constructor(period: number) {
    this.#inner = callNative(() => new native.RsiStream(period));
  }

  /** Adds one close and returns the RSI after it (NaN during warm-up). @throws NonFiniteError */
  push(close: number): number {
    return callNative(() => this.#inner.push(close));
  }

  get value(): number {
    return this.#inner.value;
  }

  get period(): number {
    return this.#inner.period;
  }

  get count(): number {
    return this.#inner.count;
  }

  reset(): void {
    this.#inner.reset();
  }
}

/** One output of the streaming {@link StochRsi}. */
export interface StochRsiValue {
  fastK: number;
  fastD: number;
}

/** Streaming {@link stochRsi}: amortised O(1) per value, equal to the batch form. */
export class StochRsi {
  readonly #inner: InstanceType<typeof native.StochRsiStream>;

  /** @throws OutOfRangeError for a period that is not a whole number >= 1 */
  constructor(options: StochRsiOptions = {}) {
    this.#inner = callNative(() => new native.StochRsiStream(options));
  }

  /** Adds one close and returns fastK and fastD after it (NaN during warm-up). @throws NonFiniteError */
  push(close: number): StochRsiValue {
    return callNative(() => this.#inner.push(close));
  }

  get value(): StochRsiValue {
    return this.#inner.value;
  }

  get count(): number {
    return this.#inner.count;
  }

  reset(): void {
    this.#inner.reset();
  }
}
