/**
 * Backtests: the live coordinator (`createEngine`) driven by a historical clock and the
 * simulated exchange, with statistics, the VaR backtest of the strategy's returns, SMC
 * overlays and the HTML/JSON report.
 * @module backtest
 */
export { runBacktest } from './run.js';
export { buildResult, reportData } from './results.js';
export { smcOverlays } from './overlays.js';
export { ProgressBar } from './progress.js';
export { writeBacktestReport, summary } from './output.js';
export type * from './types.js';
export { sweep, expandGrid } from './sweep.js';
export type { SweepOptions, SweepResult, SweepRun, RankBy } from './sweep.js';
export type { WalkForwardFold } from './sweep.js';
