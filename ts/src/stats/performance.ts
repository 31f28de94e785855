/**
 * Performance statistics with empyrical's conventions (Quantopian's Python library; checked
 * against empyrical-reloaded's own output): sample standard deviation (ddof = 1), Sortino's
 * downside deviation over ALL n returns, drawdowns on a wealth path that starts with the
 * initial wealth, the 5th/95th type-7 percentiles for the tail ratio; skewness and kurtosis
 * are scipy's defaults (population, excess). Annualisation is always explicit.
 *
 * A ratio that is undefined for the data (zero volatility, no losses, no drawdown) is `null`,
 * never NaN or Infinity.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { NanPolicy } from '../risk/var.js';

export interface NanOption {
  /** NaN inside the returns: `'reject'` (default, NonFiniteError) or `'skip'`. */
  nan?: NanPolicy;
}

export interface Annualised extends NanOption {
  /** Periods per year: 252 (equity days), 365 (crypto days), 8760 (crypto hours), 12 (months)... */
  periodsPerYear: number;
}

/**
 * Sharpe ratio: mean(r - rf) / sd(r - rf, ddof 1) * sqrt(periodsPerYear) (empyrical
 * `sharpe_ratio`). `riskFree` is PER PERIOD. Needs 2 returns.
 */
export function sharpe(returns: Float64Array, options: Annualised & { riskFree?: number }): number | null {
  return callNative(() => native.sharpe(returns, options)) ?? null;
}

/**
 * Sortino ratio: mean(r - mar) * P / (sqrt(mean(min(r - mar, 0)^2)) * sqrt(P)); the downside
 * deviation averages over ALL n returns (empyrical `sortino_ratio`). `mar` is PER PERIOD.
 */
export function sortino(returns: Float64Array, options: Annualised & { mar?: number }): number | null {
  return callNative(() => native.sortino(returns, options)) ?? null;
}

/**
 * Compound annual growth rate: prod(1 + r)^(P / n) - 1 (empyrical `annual_return`). null when
 * wealth ends negative.
 */
export function annualReturn(returns: Float64Array, options: Annualised): number | null {
  return callNative(() => native.annualReturn(returns, options)) ?? null;
}

/** Annualised volatility: sd(r, ddof 1) * sqrt(P) (empyrical `annual_volatility`). Needs 2. */
export function annualVolatility(returns: Float64Array, options: Annualised): number {
  return callNative(() => native.annualVolatility(returns, options));
}

/** Calmar ratio: CAGR / |max drawdown| (empyrical `calmar_ratio`); null without a drawdown. */
export function calmar(returns: Float64Array, options: Annualised): number | null {
  return callNative(() => native.calmar(returns, options)) ?? null;
}

/**
 * Omega ratio (empyrical `omega_ratio`): gains over losses relative to the per-period threshold
 * (1 + requiredReturn)^(1/P) - 1, after subtracting the per-period `riskFree`.
 * `requiredReturn` is ANNUAL (> -1). null without losses. Needs 2 returns.
 */
export function omega(
  returns: Float64Array,
  options: Annualised & { riskFree?: number; requiredReturn?: number },
): number | null {
  return callNative(() => native.omega(returns, options)) ?? null;
}

/** Tail ratio |p95| / |p5| (type 7 percentiles, empyrical `tail_ratio`). */
export function tailRatio(returns: Float64Array, options: NanOption = {}): number | null {
  return callNative(() => native.tailRatio(returns, options)) ?? null;
}

/** Population skewness m3 / m2^1.5 (scipy.stats.skew default). null for a constant series. */
export function skewness(returns: Float64Array, options: NanOption = {}): number | null {
  return callNative(() => native.skewness(returns, options)) ?? null;
}

/** Population EXCESS kurtosis m4 / m2^2 - 3 (scipy.stats.kurtosis default). */
export function kurtosis(returns: Float64Array, options: NanOption = {}): number | null {
  return callNative(() => native.kurtosis(returns, options)) ?? null;
}

export interface MaxDrawdown {
  /** Worst wealth / running peak - 1: 0 or NEGATIVE (empyrical's sign). */
  maxDrawdown: number;
  /** Wealth indexes: 0 is the initial wealth, t the wealth after returns[t-1]. */
  peak: number;
  trough: number;
  /** First wealth index back at the peak after the trough; null while under water. */
  recovery: number | null;
  /** Periods from peak to trough. */
  duration: number;
  /** Periods from peak to recovery; null while open. */
  recoveryDuration: number | null;
  /** The worst drawdown has not recovered by the end of the series. */
  open: boolean;
}

/**
 * Maximum drawdown of simple returns, the initial wealth counted (a first-period loss is a
 * drawdown), as empyrical `max_drawdown`, with its peak, trough and recovery.
 */
export function maxDrawdown(returns: Float64Array, options: NanOption = {}): MaxDrawdown {
  const d = callNative(() => native.maxDrawdown(returns, options));
  return { ...d, recovery: d.recovery ?? null, recoveryDuration: d.recoveryDuration ?? null };
}

export interface TradeStats {
  trades: number;
  wins: number;
  losses: number;
  /** Gross profit / gross loss; null without a losing trade. */
  profitFactor: number | null;
  /** Winning trades over ALL trades (break-even trades are not wins). */
  winRate: number;
  /** Average win / average |loss|; null without both. */
  payoff: number | null;
  /** Mean pnl per trade. */
  expectancy: number;
  /** Kelly fraction winRate - (1 - winRate) / payoff; null when payoff is. */
  kelly: number | null;
}

/** Statistics of closed-trade pnl (money or returns). Needs 1 trade. */
export function tradeStats(pnl: Float64Array, options: NanOption = {}): TradeStats {
  const s = callNative(() => native.tradeStats(pnl, options));
  return {
    ...s,
    profitFactor: s.profitFactor ?? null,
    payoff: s.payoff ?? null,
    kelly: s.kelly ?? null,
  };
}
