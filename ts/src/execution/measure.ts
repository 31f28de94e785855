/**
 * Measuring an execution: Perold implementation shortfall and slippage.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

export type Side = 'buy' | 'sell';

export interface ShortfallInput {
  side: Side;
  /** Quantity the decision intended to trade. */
  intended: number;
  decisionPrice: number;
  arrivalPrice: number;
  /** Price the unfilled remainder is valued at. */
  endPrice: number;
  fillQty: Float64Array;
  fillPrice: Float64Array;
  /** Explicit costs in currency. */
  fees?: number;
}

/** Components in currency and in bps of intended x decisionPrice; positive = cost. */
export interface Shortfall {
  filled: number;
  /** Quantity-weighted average fill price; `null` when nothing was filled. */
  averagePrice: number | null;
  delay: number;
  trading: number;
  opportunity: number;
  fees: number;
  total: number;
  delayBps: number;
  tradingBps: number;
  opportunityBps: number;
  feesBps: number;
  totalBps: number;
}

/**
 * Implementation shortfall (Perold) split into delay (arrival vs decision on the filled part),
 * trading (fills vs arrival), opportunity (end vs decision on the unfilled part) and fees.
 * @throws OutOfRangeError, NonFiniteError, LengthMismatchError, InvalidInputError (overfill)
 */
export function implementationShortfall(input: ShortfallInput): Shortfall {
  const s = callNative(() => native.implementationShortfall(input));
  return { ...s, averagePrice: s.averagePrice ?? null };
}

/** A fill log as columns: each row an order that intended its fill quantity, filled at one price. */
export interface FillRows {
  /** +1 buy, -1 sell. */
  sign: Float64Array;
  qty: Float64Array;
  price: Float64Array;
  fee: Float64Array;
  decisionPrice: Float64Array;
  arrivalPrice: Float64Array;
  endPrice: Float64Array;
}

/** Sums of {@link implementationShortfall} over a fill log. */
export interface ShortfallTotals {
  fills: number;
  delay: number;
  trading: number;
  fees: number;
  total: number;
  /** Sum of qty x decisionPrice (the bps denominator). */
  decisionNotional: number;
  /** Total in bps of the decision notional; null without fills. */
  totalBps: number | null;
}

/**
 * {@link implementationShortfall} of every row, summed in one native call (a backtest's fill
 * log measured at the end instead of one call per fill).
 * @throws LengthMismatchError, OutOfRangeError (naming the row), NonFiniteError
 */
export function shortfallOfFills(rows: FillRows): ShortfallTotals {
  const t = callNative(() => native.shortfallOfFills(rows));
  return { ...t, totalBps: t.totalBps ?? null };
}

/** VWAP of the market trades in the execution interval. */
export function intervalVwap(price: Float64Array, volume: Float64Array): number {
  return callNative(() => native.intervalVwap(price, volume));
}

/** Slippage of an average price against a benchmark (arrival price, interval VWAP), in bps; positive = worse. */
export function slippageBps(side: Side, averagePrice: number, benchmark: number): number {
  return callNative(() => native.slippageBps(side, averagePrice, benchmark));
}
