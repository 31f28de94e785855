/**
 * Value at Risk and Expected Shortfall of a return series.
 *
 * Sign convention: every VaR and ES here is a POSITIVE LOSS (a 95% VaR of 0.02 means a loss of
 * 2% or more happens 5% of the time). The raw return quantile is `-historicalVar(...)`, or
 * {@link quantile} directly. `alpha` is the tail probability in (0, 0.5]: 0.05 for 95% VaR.
 * R PerformanceAnalytics reports the same numbers negated (its `invert = TRUE`).
 *
 * All computation happens in Rust (smc-core); these functions validate nothing themselves.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { QuantileMethod } from './quantile.js';

/** How the tail mean of historical ES is taken. */
export type EsConvention =
  /** Acerbi & Tasche (2002): mean of the worst n*alpha returns, the last one fractionally weighted (coherent). */
  | 'acerbi_tasche'
  /** empyrical `conditional_value_at_risk`: mean of the worst floor((n-1)*alpha)+1 returns. */
  | 'empyrical'
  /** PerformanceAnalytics `ES(method="historical")`: mean of the returns strictly below the type-7 quantile. */
  | 'performance_analytics';

/** NaN inside the returns: `'reject'` (default, throws NonFiniteError) or `'skip'` (dropped, as R's na.omit). */
export type NanPolicy = 'reject' | 'skip';

export interface VarOptions {
  /** Tail probability in (0, 0.5]; 0.05 is the 95% VaR. Anything else throws OutOfRangeError. */
  alpha: number;
  /** What to do with NaN (infinities are always rejected). Default `'reject'`. */
  nan?: NanPolicy;
}

export interface HistoricalVarOptions extends VarOptions {
  /** Sample quantile definition; `'linear'` (type 7, R/numpy/empyrical/PerformanceAnalytics default). */
  method?: QuantileMethod;
}

export interface HistoricalEsOptions extends VarOptions {
  /** Default `'acerbi_tasche'`. */
  convention?: EsConvention;
}

export interface GaussianOptions extends VarOptions {
  /**
   * Delta degrees of freedom of the standard deviation, required so the choice is visible:
   * 0 = population (PerformanceAnalytics' `centeredmoment`), 1 = sample (n - 1).
   */
  ddof: number;
}

/**
 * Historical VaR: `-quantile(returns, alpha, method)`. Needs 1 value.
 * @throws EmptyInputError, NonFiniteError, OutOfRangeError (alpha), InvalidInputError (method)
 */
export function historicalVar(returns: Float64Array, options: HistoricalVarOptions): number {
  return callNative(() => native.historicalVar(returns, options));
}

/**
 * Historical ES (mean loss beyond the VaR) under the chosen {@link EsConvention}. Needs 1 value.
 * With `'performance_analytics'` and no return strictly below the quantile, ES = VaR (as R does).
 * @throws EmptyInputError, NonFiniteError, OutOfRangeError, InvalidInputError (convention)
 */
export function historicalEs(returns: Float64Array, options: HistoricalEsOptions): number {
  return callNative(() => native.historicalEs(returns, options));
}

/**
 * Gaussian VaR = -(mean + z_alpha * sd), sd with the given `ddof`. Needs ddof + 1 values.
 * PerformanceAnalytics `VaR(method="gaussian")` equals `ddof: 0`.
 */
export function gaussianVar(returns: Float64Array, options: GaussianOptions): number {
  return callNative(() => native.gaussianVar(returns, options));
}

/** Gaussian ES = -mean + sd * phi(z_alpha) / alpha. Needs ddof + 1 values. */
export function gaussianEs(returns: Float64Array, options: GaussianOptions): number {
  return callNative(() => native.gaussianEs(returns, options));
}

/**
 * Modified (Cornish-Fisher) VaR, as PerformanceAnalytics `VaR(method="modified")`:
 * h = z + (z^2-1)S/6 + (z^3-3z)K/24 - (2z^3-5z)S^2/36 with POPULATION skewness S and excess
 * kurtosis K, VaR = -mean - h * sqrt(m2) (m2 the population variance). Needs 4 values.
 */
export function modifiedVar(returns: Float64Array, options: VarOptions): number {
  return callNative(() => native.modifiedVar(returns, options));
}

/**
 * Modified ES of Boudt, Peterson & Croux (2008), as PerformanceAnalytics
 * `ES(method="modified")` (its default `operES.CornishFisher`): with the Cornish-Fisher h,
 * E = phi(h)(1 + h^3 S/6 + (h^6-9h^4+9h^2+3) S^2/72 + (h^4-2h^2-1) K/24) and
 * ES = -mean - sqrt(m2) * min(-E/alpha, h). Needs 4 values.
 */
export function modifiedEs(returns: Float64Array, options: VarOptions): number {
  return callNative(() => native.modifiedEs(returns, options));
}

export interface EwmaOptions {
  /** Decay in (0, 1); 0.94 (RiskMetrics daily) by default. */
  lambda?: number;
  /** Variance forecast for the first return: the full recursion starts here. Give this OR `window`. */
  seedVariance?: number;
  /** Truncated EWMA over the last `window` squared returns with weights renormalised to 1 (no seed). */
  window?: number;
}

export interface EwmaVarOptions extends EwmaOptions, VarOptions {}

/**
 * RiskMetrics EWMA variance forecasts: `out[t]` = lambda * out[t-1] + (1 - lambda) * r[t]^2 (the
 * variance for period t+1), started from `seedVariance`, or the renormalised truncated sum.
 * @throws InvalidInputError when neither or both of seedVariance / window are given
 */
export function ewmaVariance(returns: Float64Array, options: EwmaOptions): Float64Array {
  return callNative(() => native.ewmaVariance(returns, options));
}

/** EWMA VaR for the next period: -z_alpha * sigma[T+1] (zero mean, as RiskMetrics). Needs 1 value. */
export function ewmaVar(returns: Float64Array, options: EwmaVarOptions): number {
  return callNative(() => native.ewmaVar(returns, options));
}

/** {@link ewmaVar} after every return (one native call). */
export function rollingEwmaVar(returns: Float64Array, options: EwmaVarOptions): Float64Array {
  return callNative(() => native.rollingEwmaVar(returns, options));
}

export interface FilteredHistoricalOptions extends EwmaVarOptions {
  method?: QuantileMethod;
  convention?: EsConvention;
}

export interface VarEs {
  var: number;
  es: number;
}

/**
 * Filtered historical simulation (Hull & White 1998): each return is rescaled by
 * sigma[T+1] / sigma[t] (current EWMA volatility over the one in force when it occurred), then
 * historical VaR and ES are taken. Needs 2 values and a volatility path that never hits zero
 * (InvalidInputError otherwise). `sigma` is the current volatility forecast.
 */
export function filteredHistoricalVar(
  returns: Float64Array,
  options: FilteredHistoricalOptions,
): VarEs & { sigma: number } {
  return callNative(() => native.filteredHistoricalVar(returns, options));
}

/**
 * Rolling filtered historical VaR/ES: the standardised residuals r[t]/sigma[t] go through an
 * exact sorted window of `window` values, and each point is rescaled by that day's forecast.
 * NaN only where no volatility is defined yet (the first point of a truncated EWMA).
 */
export function rollingFilteredHistoricalVar(
  returns: Float64Array,
  window: number,
  options: FilteredHistoricalOptions,
): { var: Float64Array; es: Float64Array } {
  return callNative(() => native.rollingFilteredHistoricalVar(returns, window, options));
}

export interface PortfolioVarResult {
  var: number;
  /** Portfolio standard deviation sqrt(w' S w). */
  sigma: number;
  /** d VaR / d w_i = -mu_i - z_alpha (S w)_i / sigma. */
  marginal: Float64Array;
  /** w_i * marginal_i; sums to `var` (Euler allocation). */
  component: Float64Array;
}

/**
 * Gaussian portfolio VaR with marginal and component VaR (PerformanceAnalytics
 * `VaR.Gaussian.portfolio`): VaR = -w'mu - z_alpha sqrt(w' S w).
 *
 * @param covariance row-major n x n, symmetric positive definite
 * @param mean per-asset mean returns; zero when omitted
 * @throws SingularMatrixError (singular or not positive definite covariance, zero portfolio
 *   variance), InvalidInputError (asymmetric), LengthMismatchError, OutOfRangeError (alpha)
 */
export function portfolioVar(
  weights: Float64Array,
  covariance: Float64Array,
  options: { alpha: number; mean?: Float64Array },
): PortfolioVarResult {
  return callNative(() => native.portfolioVar(weights, covariance, options.alpha, options.mean));
}
