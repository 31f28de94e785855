/**
 * Simple and exponential moving averages with TA-Lib's conventions (equal to `talib.SMA` and
 * `talib.EMA`, bit for bit on TA-Lib's regression data).
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

/**
 * Simple moving average: SMA_t = (x_{t-n+1} + ... + x_t) / n.
 *
 * Warm-up: NaN for indices 0..n-2; the output has the input's length.
 * Reference: TA-Lib `SMA` (running total, same arithmetic order).
 * @param values finite numbers, at least one
 * @param period n, a whole number >= 1
 * @throws EmptyInputError, NonFiniteError, OutOfRangeError (period not a whole number >= 1)
 */
export function sma(values: Float64Array, period: number): Float64Array {
  return callNative(() => native.sma(values, period));
}

/**
 * Exponential moving average with k = 2 / (n + 1), seeded with the SMA of the first n values
 * (TA-Lib's classic seeding): EMA_{n-1} = SMA, then EMA_t = (x_t - EMA_{t-1}) * k + EMA_{t-1}.
 *
 * Warm-up: NaN for indices 0..n-2.
 * Reference: TA-Lib `EMA`.
 * @throws EmptyInputError, NonFiniteError, OutOfRangeError
 */
export function ema(values: Float64Array, period: number): Float64Array {
  return callNative(() => native.ema(values, period));
}

/**
 * Streaming {@link sma}: O(1) per value; after each push its output equals the batch form's
 * value at the same index.
 */
export class Sma {
  readonly #inner: InstanceType<typeof native.SmaStream>;

  /** @throws OutOfRangeError when `period` is not a whole number >= 1 */
  constructor(period: number) {
    this.#inner = callNative(() => new native.SmaStream(period));
  }

  /** Adds one value and returns the SMA after it (NaN during warm-up). @throws NonFiniteError */
  push(x: number): number {
    return callNative(() => this.#inner.push(x));
  }

  /** The latest output (NaN during warm-up). */
  get value(): number {
    return this.#inner.value;
  }

  get period(): number {
    return this.#inner.period;
  }

  /** Values pushed since construction or the last reset. */
  get count(): number {
    return this.#inner.count;
  }

  reset(): void {
    this.#inner.reset();
  }
}

/** Streaming {@link ema}: O(1) per value, equal to the batch form. */
export class Ema {
  readonly #inner: InstanceType<typeof native.EmaStream>;

  /** @throws OutOfRangeError when `period` is not a whole number >= 1 */
  constructor(period: number) {
    this.#inner = callNative(() => new native.EmaStream(period));
  }

  /** Adds one value and returns the EMA after it (NaN during warm-up). @throws NonFiniteError */
  push(x: number): number {
    return callNative(() => this.#inner.push(x));
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
