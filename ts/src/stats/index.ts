/**
 * Performance statistics with empyrical's conventions: Sharpe, Sortino, CAGR, volatility, max
 * drawdown, Calmar, Omega, tail ratio, skewness, kurtosis, trade statistics, and rolling forms.
 * @module stats
 */
export {
  sharpe,
  sortino,
  annualReturn,
  annualVolatility,
  calmar,
  omega,
  tailRatio,
  skewness,
  kurtosis,
  maxDrawdown,
  tradeStats,
} from './performance.js';
export type { NanOption, Annualised, MaxDrawdown, TradeStats } from './performance.js';
export { rolling, RollingStats } from './rolling.js';
export { equityReturns, underwater } from './equity.js';
export type { Metric, RollingStatsOptions, StatsSnapshot } from './rolling.js';
