/**
 * Portfolio accounting: positions per instrument and per strategy, cash, equity, high-water
 * mark, drawdown, PnL attribution and slippage. Numbers come from the Rust core.
 * @module portfolio
 */
export { Portfolio, DEFAULT_STRATEGY } from './portfolio.js';
export type {
  Account,
  Attribution,
  EquityCurve,
  Fill,
  FillBatch,
  FillBatchResult,
  FillResult,
  InstrumentSpec,
  PnlTotals,
  PortfolioOptions,
  PortfolioSnapshot,
  Position,
  Side,
} from './types.js';
