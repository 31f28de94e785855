/**
 * VaR backtests. Likelihood ratios use 0 * ln 0 = 0, so series with no (or only) exceptions
 * give finite statistics; p-values are chi-square survival probabilities computed in Rust.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

/** Exception flags: a Uint8Array of 0/1 (as {@link exceptions} returns) or booleans. */
export type Exceptions = Uint8Array | readonly boolean[];

function flags(e: Exceptions): Uint8Array {
  return e instanceof Uint8Array ? e : Uint8Array.from(e, (b) => (b ? 1 : 0));
}

export interface LikelihoodRatioTest {
  statistic: number;
  pValue: number;
  /** Degrees of freedom of the chi-square reference distribution. */
  df: number;
}

/**
 * 1 where the loss exceeds the VaR: returns[t] < -var[t] (VaR as a positive loss).
 * @throws LengthMismatchError, NonFiniteError
 */
export function exceptions(returns: Float64Array, varSeries: Float64Array): Uint8Array {
  return callNative(() => native.exceptions(returns, varSeries));
}

/**
 * Kupiec (1995) proportion of failures: LR = -2 ln[(1-a)^(n-x) a^x] + 2 ln[(1-x/n)^(n-x) (x/n)^x],
 * chi-square with 1 df.
 */
export function kupiecPof(e: Exceptions, alpha: number): LikelihoodRatioTest {
  return callNative(() => native.kupiecPof(flags(e), alpha));
}

/**
 * Kupiec's time until first failure: with v the 1-based day of the first exception,
 * LR = -2 ln[a (1-a)^(v-1)] + 2 ln[(1/v)(1-1/v)^(v-1)], chi-square 1 df. `firstFailure` and
 * `test` are null when there is no exception (no test is possible).
 */
export function tuff(e: Exceptions, alpha: number): { firstFailure: number | null; test: LikelihoodRatioTest | null } {
  const r = callNative(() => native.tuff(flags(e), alpha));
  return { firstFailure: r.firstFailure ?? null, test: r.test ?? null };
}

export interface ChristoffersenResult {
  /** Transition counts: n01 = days with an exception after a day without, and so on. */
  n00: number;
  n01: number;
  n10: number;
  n11: number;
  pof: LikelihoodRatioTest;
  /** Independence against a first-order Markov alternative, 1 df. */
  independence: LikelihoodRatioTest;
  /** Conditional coverage = POF + independence, 2 df. */
  conditionalCoverage: LikelihoodRatioTest;
}

/** Christoffersen (1998) independence and conditional coverage tests. Needs 2 days. */
export function christoffersen(e: Exceptions, alpha: number): ChristoffersenResult {
  return callNative(() => native.christoffersen(flags(e), alpha));
}

export interface TrafficLight {
  zone: 'green' | 'yellow' | 'red';
  exceptions: number;
  days: number;
  /** P(X <= exceptions), X ~ Binomial(days, alpha). */
  cumulativeProbability: number;
  plusFactor: number;
  /** 3 + plusFactor: the Basel capital multiplier. */
  multiplier: number;
}

/**
 * Basel traffic light. Zone from the binomial CDF for any sample: green while
 * P(X <= x) < 95%, yellow while < 99.99%, red beyond (250 days at 99%: green 0-4, yellow 5-9,
 * red 10+). Plus factors are the Basel table's (0.40, 0.50, 0.65, 0.75, 0.85 for 5-9, 1 for 10+);
 * for other samples, the table's entry at the 250-day count of equal cumulative probability.
 */
export function baselTrafficLight(exceptionCount: number, days = 250, alpha = 0.01): TrafficLight {
  const r = callNative(() => native.baselTrafficLight(exceptionCount, days, alpha));
  return { ...r, zone: r.zone as TrafficLight['zone'] };
}
