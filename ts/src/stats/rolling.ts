/**
 * Rolling statistics for live dashboards. Each value is the one-shot function of the trailing
 * window (computed in Rust), so rolling and one-shot numbers are identical. In rolling output
 * NaN marks a gap: before the first full window, or where the metric is undefined (the
 * one-shot function's null).
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

export type Metric =
  | 'sharpe'
  | 'sortino'
  | 'annualReturn'
  | 'annualVolatility'
  | 'maxDrawdown'
  | 'calmar'
  | 'omega'
  | 'tailRatio'
  | 'skewness'
  | 'kurtosis';

export interface RollingStatsOptions {
  window: number;
  periodsPerYear: number;
  /** Per period (Sharpe, Omega). */
  riskFree?: number;
  /** Per period (Sortino). */
  mar?: number;
  /** Annual (Omega). */
  requiredReturn?: number;
}

/** `out[t]` = `metric` over returns[t+1-window ..= t], one native call. */
export function rolling(returns: Float64Array, metric: Metric, options: RollingStatsOptions): Float64Array {
  return callNative(() => native.rollingMetric(returns, options.window, metric, options));
}

export interface StatsSnapshot {
  count: number;
  sharpe: number;
  sortino: number;
  annualReturn: number;
  annualVolatility: number;
  maxDrawdown: number;
  calmar: number;
  omega: number;
  tailRatio: number;
  skewness: number;
  kurtosis: number;
}

/** A live window of returns with a snapshot of every metric (NaN where undefined). */
export class RollingStats {
  readonly #inner: InstanceType<typeof native.RollingStats>;

  constructor(options: RollingStatsOptions) {
    this.#inner = callNative(() => new native.RollingStats(options.window, options));
  }

  /** Adds returns (one native call); a non-finite value adds nothing and throws NonFiniteError. */
  push(returns: Float64Array | readonly number[]): void {
    const xs = returns instanceof Float64Array ? returns : Float64Array.from(returns);
    callNative(() => this.#inner.pushMany(xs));
  }

  snapshot(): StatsSnapshot {
    return this.#inner.snapshot();
  }

  get length(): number {
    return this.#inner.length;
  }
}
