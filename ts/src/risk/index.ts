/**
 * Risk: exact quantiles and rolling quantile windows (VaR and ES build on these).
 * @module risk
 */
export { quantile, quantiles, RollingQuantile, QUANTILE_METHODS } from './quantile.js';
export type { QuantileMethod, RollingQuantileOptions } from './quantile.js';
