/**
 * Public shapes of the portfolio module. Every number is computed in the Rust core
 * (`smc_core::portfolio`); these types only name the results.
 */

/** Side of a fill or an order. */
export type Side = 'buy' | 'sell';

/** Options of {@link Portfolio}. */
export interface PortfolioOptions {
  /** Starting cash in account currency, finite and > 0 (drawdown is a fraction of equity). */
  initialCash: number;
  /** Keep one `(time, equity)` point per {@link Portfolio.mark}; true by default. */
  recordEquityCurve?: boolean;
  /**
   * Most points the curve keeps (default: no limit). When full, every second point is dropped
   * and one point per twice as many marks is kept from then on ({@link Portfolio.equityCurveStride}),
   * so a run far longer than memory keeps an evenly spaced curve.
   */
  equityCurveMaxPoints?: number;
  /**
   * Fill ids remembered to ignore replayed fills: the ids of the last `maxFillIds` fills that
   * carried one, the oldest forgotten first (100,000 by default, about 10 MB; `Infinity`: all,
   * memory then grows with every fill; 0: none). A replay of an older fill is booked again.
   */
  maxFillIds?: number;
  /** Instruments to register up front: names, or names with their contract multiplier. */
  instruments?: readonly string[] | Readonly<Record<string, InstrumentSpec>>;
  /** Strategies to register up front (`'default'` is always registered). */
  strategies?: readonly string[];
}

/** How an instrument's PnL scales. */
export interface InstrumentSpec {
  /**
   * Currency PnL per unit of price per unit of quantity: 1 for spot and cash equities, the
   * contract size for futures (50 for E-mini S&P 500). 1 by default.
   */
  multiplier?: number;
}

/** One execution report from a venue (or a simulator). */
export interface Fill {
  /** Venue fill id: a fill whose id was applied before is ignored (idempotent replays). */
  id?: string;
  /** A registered instrument name. */
  instrument: string;
  /** A registered strategy name; `'default'` when omitted. */
  strategy?: string;
  side: Side;
  /** Filled quantity, > 0 (the side gives the sign). */
  quantity: number;
  price: number;
  /** Fee in account currency (negative for a rebate); 0 by default. */
  fee?: number;
  /** Exchange timestamp, epoch milliseconds. Recorded; fills are accounted by arrival. */
  exchangeTime: number;
  /** Price at the time of the trading decision, for slippage attribution. */
  decisionPrice?: number;
}

/** What {@link Portfolio.applyFill} did. */
export interface FillResult {
  /** The id had been applied before; nothing changed. */
  duplicate: boolean;
  /** PnL (before fees) realised on the strategy's own position. */
  strategyRealisedPnl: number;
  /** PnL (before fees) realised on the instrument's net position. */
  instrumentRealisedPnl: number;
  /** `(price - decisionPrice) * signedQuantity * multiplier`; positive is a cost; 0 without one. */
  slippage: number;
  /** Milliseconds the exchange time lies before the latest applied fill of the instrument. */
  lateByMs: number;
}

/**
 * Fills as columns for backtests: one native call for the whole batch. Ids come from
 * {@link Portfolio.instrumentId} and {@link Portfolio.strategyId}.
 */
export interface FillBatch {
  instrument: Uint32Array;
  strategy: Uint32Array;
  /** Signed quantities: positive buys, negative sells; never 0. */
  quantity: Float64Array;
  price: Float64Array;
  /** Fees; zeros when omitted. */
  fee?: Float64Array;
  exchangeTime: Float64Array;
  /** Decision prices; NaN in a row means "none" for that fill. */
  decisionPrice?: Float64Array;
  /** Fill ids, when the batch may contain replays. */
  fillIds?: readonly string[];
}

/** What {@link Portfolio.applyFills} did. */
export interface FillBatchResult {
  applied: number;
  duplicates: number;
  /** Applied fills whose exchange time preceded an earlier-applied fill of the instrument. */
  outOfOrder: number;
}

/** A position valued at its instrument's mark. */
export interface Position {
  /** Signed quantity (negative is short). */
  quantity: number;
  /** Average entry price of the open quantity; 0 when flat. */
  avgEntryPrice: number;
  /** The instrument's mark; absent before its first mark or fill. */
  mark?: number;
  /** Realised PnL before fees. */
  realisedPnl: number;
  /** `quantity * (mark - avgEntryPrice) * multiplier`. */
  unrealisedPnl: number;
  fees: number;
  /** Slippage cost against decision prices (positive is a cost). */
  slippage: number;
  /** `realisedPnl + unrealisedPnl - fees`. */
  totalPnl: number;
  /** `|quantity * mark * multiplier|`. */
  notional: number;
  /** Sum of absolute filled quantities. */
  tradedQuantity: number;
  fills: number;
}

/** One line of PnL attribution. */
export interface PnlTotals {
  realisedPnl: number;
  unrealisedPnl: number;
  fees: number;
  slippage: number;
  /** `realisedPnl + unrealisedPnl - fees`. */
  totalPnl: number;
  grossNotional: number;
  fills: number;
}

/** The account at a glance. */
export interface Account {
  initialCash: number;
  cash: number;
  /** `cash + sum quantity * mark * multiplier`. */
  equity: number;
  highWaterMark: number;
  /** `(highWaterMark - equity) / highWaterMark`. */
  drawdown: number;
  maxDrawdown: number;
  /** `sum |quantity * mark * multiplier|`. */
  grossNotional: number;
  /** `sum quantity * mark * multiplier` (long minus short). */
  netNotional: number;
  /** PnL of the net positions; `totals.totalPnl === equity - initialCash` (to rounding). */
  totals: PnlTotals;
  duplicateFills: number;
  outOfOrderFills: number;
}

/** PnL attribution: per instrument (net positions) and per strategy. */
export interface Attribution {
  byInstrument: Record<string, PnlTotals>;
  byStrategy: Record<string, PnlTotals>;
}

/** A JSON-serialisable picture of the portfolio at one time. */
export interface PortfolioSnapshot {
  account: Account;
  /** Net positions by instrument name. */
  positions: Record<string, Position>;
  /** PnL totals by strategy name. */
  strategies: Record<string, PnlTotals>;
}

/** The equity curve recorded by {@link Portfolio.mark}. */
export interface EquityCurve {
  /** Mark times, epoch milliseconds, non-decreasing. */
  time: Float64Array;
  equity: Float64Array;
}
