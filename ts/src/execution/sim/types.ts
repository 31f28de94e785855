/**
 * Types of the simulated exchange: options, orders, market-data batches and execution events.
 * Timestamps are nanoseconds since the epoch as `bigint` (they exceed 2^53); durations
 * (latencies) are nanoseconds as `number`.
 */

/** Queue-position model of resting limit orders (see docs/api/simulated-exchange.md). */
export type QueueModelOptions =
  | { model: 'riskAverse' }
  | {
      /** `f(x) = x^power` (`power`, 2 by default) or `f(x) = ln(1 + x)` (`log`). */
      model: 'power' | 'log';
      power?: number;
      /** Draw whether each level decrease is ahead (seeded) instead of its expected share. */
      sampled?: boolean;
    };

/** Latency model: constant per leg, or interpolated from recorded timestamps. */
export type LatencyOptions =
  | {
      /** Order entry latency (ns). */
      submitNs?: number;
      /** Cancel / amend latency (ns). */
      cancelNs?: number;
      /** Response latency: engine event to strategy (ns). */
      responseNs?: number;
    }
  | {
      /** Local receive times of feed messages (ns). */
      feedLocalNs: BigInt64Array;
      /** Exchange event times of the same messages (ns). */
      feedExchangeNs: BigInt64Array;
      /** Latency assigned to the fastest message (ns; the clock offset is unknown). */
      floorNs?: number;
    }
  | {
      /** Sample times (ns), non-decreasing. */
      timesNs: BigInt64Array;
      /** Order / cancel latency at each time (ns). */
      entryNs: Float64Array;
      /** Response latency at each time (ns); defaults to `entryNs`. */
      responseCurveNs?: Float64Array;
    };

/** One volume tier of {@link FeeOptions}. */
export interface FeeTier {
  /** Rolling notional from which the tier applies (the first tier at 0). */
  minVolume: number;
  makerBps: number;
  takerBps: number;
}

/** Fees in basis points of notional (negative = rebate) plus a fixed fee per order. */
export interface FeeOptions {
  makerBps?: number;
  takerBps?: number;
  /** Charged once per order, on its first fill (quote currency). */
  fixedPerOrder?: number;
  /** Volume tiers; when given they replace `makerBps`/`takerBps`. */
  tiers?: FeeTier[];
  /** Rolling window of the tier volume (ns; 30 days by default). */
  windowNs?: number;
}

/** Bar-mode slippage of taker fills. */
export type SlippageOptions =
  | { model: 'fixed'; bps: number }
  /** `fraction` (0.5 by default) of a spread of `spreadBps`. */
  | { model: 'spread'; spreadBps: number; fraction?: number }
  /** Square-root impact `k * sigma * sqrt(Q / V)`; `sigma` per bar, else Parkinson from the range. */
  | { model: 'sqrtImpact'; k?: number; sigma?: number };

/** Bar-mode matching rules. */
export interface BarOptions {
  /** Price of market orders: the next bar's `'open'` (default) or its `'close'`. */
  marketFill?: 'open' | 'close';
  /** A resting limit fills when the range `'touch'`es it (default) or trades through it. */
  touch?: 'touch' | 'tradeThrough';
  /** At most this fraction of each bar's volume is filled (partial fills). */
  maxVolumeFraction?: number;
}

interface CommonOptions {
  /** Seed of the venue's RNG (0 by default): same inputs and seed, same events. */
  seed?: number;
  /** Day orders expire at the next midnight UTC plus this offset (ns). */
  sessionEndOffsetNs?: number;
  /** Venue position before the first fill (for reduce-only checks). */
  initialPosition?: number;
  /**
   * Finished orders (filled, cancelled, rejected, expired) kept for `SimulatedExchange.order()`
   * and by client order id: beyond this many, the one that finished first is dropped once its
   * events have been returned and no cancel or amend on it is in flight; working orders are
   * always kept. 10,000 by default (a few MB); `Infinity` keeps every order (a backtest that
   * inspects them all afterwards), 0 only the ones still in play.
   */
  maxFinishedOrders?: number;
  queue?: QueueModelOptions;
  latency?: LatencyOptions;
  fees?: FeeOptions;
}

/** Options of an L2 venue (replayed order book). */
export interface L2VenueOptions extends CommonOptions {
  mode: 'l2';
  /** The instrument's tick size, as a decimal string (`'0.01'`, exact) or a number. */
  tickSize: string | number;
  /** Orders arriving when the last market data is older than this (ns) are rejected. */
  maxBookAgeNs?: number;
}

/** Options of a bar venue. */
export interface BarVenueOptions extends CommonOptions {
  mode: 'bar';
  bar?: BarOptions;
  slippage?: SlippageOptions;
}

export type SimulatedExchangeOptions = L2VenueOptions | BarVenueOptions;

export type OrderSide = 'buy' | 'sell';
export type TimeInForce = 'gtc' | 'ioc' | 'fok' | 'day';

/** A new order. */
export interface OrderInput {
  /** Your id for the order (unique per venue); generated (`'o<n>'`) when omitted. */
  clientOrderId?: string;
  side: OrderSide;
  type: 'market' | 'limit';
  /** Quantity in base units, > 0. */
  qty: number;
  /** Limit price (limit orders), on the tick grid in L2 mode. */
  price?: number;
  /** `'gtc'` by default for limits; market orders are `'ioc'` (or `'fok'`). */
  tif?: TimeInForce;
  /** Rejected rather than taking liquidity. */
  postOnly?: boolean;
  /** Can only reduce the venue position; capped to it at execution. */
  reduceOnly?: boolean;
}

/** Row kinds of a {@link MarketBatch}. */
export const MARKET_ROW = { bid: 0, ask: 1, tradeBuy: 2, tradeSell: 3 } as const;

/**
 * Market data as columns, one row per level update or trade, in time order. `kind`: 0 bid
 * level, 1 ask level (new absolute quantity, 0 removes), 2 trade whose aggressor bought, 3 trade
 * whose aggressor sold (see {@link MARKET_ROW}).
 */
export interface MarketBatch {
  kind: Uint8Array;
  /** Event time per row (ns). */
  tsNs: BigInt64Array;
  /** Price per row (on the tick grid). Give this or `priceTicks`. */
  price?: Float64Array;
  /** Price in whole ticks per row. */
  priceTicks?: Float64Array;
  qty: Float64Array;
}

/** Bars as columns, in time order. */
export interface BarBatch {
  openNs: BigInt64Array;
  closeNs: BigInt64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Price levels as columns. */
export interface LevelColumns {
  price: Float64Array;
  qty: Float64Array;
}

export type ExecEventKind = 'accepted' | 'rejected' | 'fill' | 'cancelled' | 'amended' | 'cancelRejected' | 'expired';

/** Kind names by code (`kind` column). */
export const EXEC_EVENT_KINDS: readonly ExecEventKind[] = [
  'accepted',
  'rejected',
  'fill',
  'cancelled',
  'amended',
  'cancelRejected',
  'expired',
];

export type RejectReason =
  | 'postOnlyWouldTake'
  | 'fokUnfillable'
  | 'reduceOnlyWouldIncrease'
  | 'crossedBook'
  | 'staleBook'
  | 'tooLateToCancel'
  | 'invalidPrice'
  | 'notYetArrived'
  | 'amendBelowFilled';

/** Reject reasons by code - 1 (`reason` column; 0 = none). */
export const REJECT_REASONS: readonly RejectReason[] = [
  'postOnlyWouldTake',
  'fokUnfillable',
  'reduceOnlyWouldIncrease',
  'crossedBook',
  'staleBook',
  'tooLateToCancel',
  'invalidPrice',
  'notYetArrived',
  'amendBelowFilled',
];

/**
 * Execution events as columns (one row per event, in receive order). Codes: `kind` see
 * {@link EXEC_EVENT_KINDS}; `liquidity` 0 none, 1 maker, 2 taker; `reason` 0 none, else
 * {@link REJECT_REASONS}[reason - 1].
 */
export interface ExecEventBatch {
  readonly length: number;
  kind: Uint8Array;
  /** Dense venue id per event. */
  orderId: Uint32Array;
  /** Your client order id per event. */
  clientOrderId: readonly string[];
  exchangeNs: BigInt64Array;
  receiveNs: BigInt64Array;
  /** Fill price (fills), limit price (accepted / amended), NaN otherwise. */
  price: Float64Array;
  /** Fill quantity (fills), cancelled / expired quantity, new total (amended), 0 otherwise. */
  qty: Float64Array;
  /** Fee of the fill in quote currency (negative = rebate). */
  fee: Float64Array;
  liquidity: Uint8Array;
  /** Quantity still open after the event. */
  leavesQty: Float64Array;
  reason: Uint8Array;
}

/** One execution event as an object (see {@link ExecEventBatch} for the fields). */
export interface ExecEvent {
  kind: ExecEventKind;
  clientOrderId: string;
  orderId: number;
  exchangeNs: bigint;
  receiveNs: bigint;
  price: number;
  qty: number;
  fee: number;
  liquidity: 'maker' | 'taker' | null;
  leavesQty: number;
  reason: RejectReason | null;
}

export type OrderStatus = 'inFlight' | 'open' | 'filled' | 'cancelled' | 'rejected' | 'expired';

/** The venue's view of one order. */
export interface OrderInfo {
  clientOrderId: string;
  orderId: number;
  status: OrderStatus;
  side: OrderSide;
  /** Limit price (NaN for market orders). */
  price: number;
  /** Total quantity (after amends). */
  qty: number;
  filledQty: number;
  leavesQty: number;
  /** Fees charged so far (negative = rebates). */
  fees: number;
  /** A cancel is on its way. */
  cancelPending: boolean;
}
