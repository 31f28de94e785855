/**
 * Exact sample quantiles, the building block of historical VaR.
 *
 * All nine Hyndman-Fan definitions, named as numpy names them, with results equal to
 * `numpy.quantile(values, p, method=...)` to 1e-12. The computation happens in Rust in one call.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

/** numpy's names of the nine Hyndman-Fan sample quantile definitions (types 1 to 9). */
export type QuantileMethod =
  | 'inverted_cdf'
  | 'averaged_inverted_cdf'
  | 'closest_observation'
  | 'interpolated_inverted_cdf'
  | 'hazen'
  | 'weibull'
  | 'linear'
  | 'median_unbiased'
  | 'normal_unbiased';

export const QUANTILE_METHODS: readonly QuantileMethod[] = [
  'inverted_cdf',
  'averaged_inverted_cdf',
  'closest_observation',
  'interpolated_inverted_cdf',
  'hazen',
  'weibull',
  'linear',
  'median_unbiased',
  'normal_unbiased',
];

/**
 * The p-quantile of `values` (any order), in O(n).
 *
 * @param values finite numbers, at least one
 * @param p probability in [0, 1]
 * @param method one of {@link QUANTILE_METHODS}; `'linear'` (type 7) by default, as numpy
 * @throws EmptyInputError, NonFiniteError, OutOfRangeError, InvalidInputError
 */
export function quantile(values: Float64Array, p: number, method: QuantileMethod = 'linear'): number {
  return callNative(() => native.quantile(values, p, method));
}

/**
 * Several quantiles of the same sample (one sort, then O(1) each).
 *
 * @returns a Float64Array with one quantile per element of `ps`
 */
export function quantiles(
  values: Float64Array,
  ps: Float64Array | readonly number[],
  method: QuantileMethod = 'linear',
): Float64Array {
  const probabilities = ps instanceof Float64Array ? ps : Float64Array.from(ps);
  return callNative(() => native.quantiles(values, probabilities, method));
}

export interface RollingQuantileOptions {
  /** Number of most recent values the quantile is taken over (a whole number >= 1). */
  window: number;
  /** The probability in [0, 1] that `push` and `pushMany` report. */
  p: number;
  /** Quantile definition; `'linear'` by default. */
  method?: QuantileMethod;
  /**
   * Values needed before a quantile is reported (NaN until then); 1 by default, so a partly
   * filled window reports the quantile of what it holds.
   */
  minPeriods?: number;
}

/**
 * The exact p-quantile of a sliding window, updated per value in O(log n) search plus a memmove
 * bounded by about sqrt(window) values. After every push it equals recomputing the quantile of
 * the window from scratch.
 */
export class RollingQuantile {
  readonly #inner: InstanceType<typeof native.RollingQuantile>;

  constructor(options: RollingQuantileOptions) {
    this.#inner = callNative(() => new native.RollingQuantile(options));
  }

  /** Adds one value and returns the p-quantile of the window after the push. */
  push(x: number): number {
    return callNative(() => this.#inner.push(x));
  }

  /**
   * Adds every value in order (one native call) and returns the quantile after each push.
   * A non-finite value rejects the whole batch and leaves the window unchanged.
   */
  pushMany(xs: Float64Array): Float64Array {
    return callNative(() => this.#inner.pushMany(xs));
  }

  /** Any quantile of the current window (the configured `p` by default). */
  value(p?: number): number {
    return callNative(() => this.#inner.value(p));
  }

  /** Empties the window, keeping its options. */
  reset(): void {
    this.#inner.reset();
  }

  /** Number of values currently in the window. */
  get length(): number {
    return this.#inner.length;
  }

  get window(): number {
    return this.#inner.window;
  }

  get p(): number {
    return this.#inner.p;
  }

  get method(): QuantileMethod {
    return this.#inner.method as QuantileMethod;
  }
}
