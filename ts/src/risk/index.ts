/**
 * Risk: exact quantiles, VaR and ES (historical, Gaussian, modified, EWMA, filtered historical,
 * portfolio), rolling and streaming forms, the precomputed {@link VarTable}, and VaR backtests.
 *
 * Convention: VaR and ES are positive losses; `alpha` is the tail probability in (0, 0.5].
 * @module risk
 */
export { quantile, quantiles, RollingQuantile, QUANTILE_METHODS } from './quantile.js';
export type { QuantileMethod, RollingQuantileOptions } from './quantile.js';
export {
  historicalVar,
  historicalEs,
  gaussianVar,
  gaussianEs,
  modifiedVar,
  modifiedEs,
  ewmaVariance,
  ewmaVar,
  rollingEwmaVar,
  filteredHistoricalVar,
  rollingFilteredHistoricalVar,
  portfolioVar,
} from './var.js';
export type {
  EsConvention,
  NanPolicy,
  VarOptions,
  HistoricalVarOptions,
  HistoricalEsOptions,
  GaussianOptions,
  EwmaOptions,
  EwmaVarOptions,
  FilteredHistoricalOptions,
  VarEs,
  PortfolioVarResult,
} from './var.js';
export { RollingVar } from './rolling-var.js';
export type { RollingVarOptions } from './rolling-var.js';
export { DDSketch } from './ddsketch.js';
export { VarTable } from './var-table.js';
export type { VarTableOptions } from './var-table.js';
export { exceptions, kupiecPof, tuff, christoffersen, baselTrafficLight } from './backtest.js';
export type { Exceptions, LikelihoodRatioTest, ChristoffersenResult, TrafficLight } from './backtest.js';
