/**
 * Types of the coordinator: the strategy a user writes, the context it receives, the order
 * requests it returns, the execution venue it trades on, and the per-stage latency breakdown.
 */
import type { Bar, BookDelta, BookSnapshot, MarketEvent, Quote, Trade } from '../events/index.js';
import type { BookLevels } from '../execution/router.js';
import type { EnsembleDecision } from '../models/index.js';
import type { Position } from '../portfolio/index.js';
import type { SmcStreamEvent } from '../smc/index.js';

/** An indicator a strategy asks for; its value is in `ctx.indicators[name]` (NaN while warming up). */
export type IndicatorSpec =
  | { kind: 'sma' | 'ema' | 'rsi'; period: number; source?: 'close' | 'open' | 'high' | 'low' }
  | { kind: 'atr'; period: number };

/** What a strategy asks the engine to compute for it, per symbol, before each call. */
export interface StrategyRequirements {
  /** Streaming indicators by the name the strategy reads them under. */
  indicators?: Readonly<Record<string, IndicatorSpec>>;
  /** Streaming Smart Money Concepts (swings, FVG, BOS/CHOCH events per bar). */
  smc?: { swingLength?: number; joinConsecutive?: boolean; closeBreak?: boolean };
  /**
   * `true`: ask the model ensemble on every bar once its feature window is full (in
   * `ctx.decision`). `'onDemand'`: keep the feature window, ask only when the strategy calls
   * `ctx.askEnsemble()` (e.g. to confirm an entry), so quiet bars cost no inference.
   */
  ensemble?: boolean | 'onDemand';
}

/** Best bid and ask of a symbol, from quotes or the L2 book. */
export interface TopOfBook {
  bid: number;
  bidQty: number;
  ask: number;
  askQty: number;
  mid: number;
}

/** What the strategy sees on each call. Read-only: the engine owns the state behind it. */
export interface StrategyContext<P = unknown> {
  readonly symbol: string;
  /** The engine clock (historical in a backtest), epoch ms. */
  readonly time: number;
  /** The event that triggered this call. */
  readonly event: MarketEvent;
  /** Per-symbol decision sequence number of this process (0-based; restarts at 0 after a restart, so not part of order ids). */
  readonly seq: number;
  /** The last bar of the symbol, if any (the triggering bar in bar mode). */
  readonly bar: Bar | undefined;
  /** Index of `bar` in the symbol's bar series (0-based; the row number SMC events refer to). */
  readonly barIndex: number;
  /** Best bid/ask from quotes or the L2 book; undefined before the first one. */
  readonly top: TopOfBook | undefined;
  /** Values of the requested indicators (NaN while warming up). */
  readonly indicators: Readonly<Record<string, number>>;
  /** SMC events that became final with this bar (swing, fvg, fvgMitigated, bosChoch). */
  readonly smc: readonly SmcStreamEvent[];
  /** The ensemble's answer for this bar, when requested and the feature window is full. */
  readonly decision: EnsembleDecision | undefined;
  /** The symbol's net position (quantity 0 when flat). */
  readonly position: Position;
  /** The net signed quantity alone (one cheap read instead of the whole position). */
  readonly positionQuantity: number;
  /** Account equity after the last mark. */
  readonly equity: number;
  /** Client order ids of this strategy's orders still working at the venue. */
  readonly workingOrders: readonly string[];
  /**
   * Asks the ensemble about the current feature window (cache first); undefined when there is
   * no ensemble or the window is not full yet. The strategy then returns a promise.
   */
  askEnsemble(): Promise<EnsembleDecision | undefined>;
  /** Strategy parameters (from the backtest or the engine config). */
  readonly params: P;
}

/** An order the strategy wants; it still has to pass the circuit breaker. */
export interface OrderRequest {
  side: 'buy' | 'sell';
  quantity: number;
  /** 'market' by default. */
  type?: 'market' | 'limit';
  /** Limit price (required for limit orders). */
  price?: number;
  tif?: 'gtc' | 'ioc' | 'fok' | 'day';
  postOnly?: boolean;
  reduceOnly?: boolean;
  /** Free text kept in the journal (why the order was sent). */
  tag?: string;
  /**
   * Work the order as a parent with a core execution algorithm instead of sending it at once:
   * the breaker approves the parent, the executor sends the children over `durationMs`.
   */
  algo?: ParentAlgo;
}

/** Execution algorithm of a parent order (see `execution.Executor`); quantities in whole lots. */
export type ParentAlgo = {
  durationMs: number;
  lotSize?: number;
  minQty?: number;
  style?: 'passive' | 'aggressive' | 'market';
  limit?: number;
  maxChild?: number;
  catchUp?: number;
  driftTolerance?: number;
} & (
  | { algorithm: 'twap'; slices: number }
  | { algorithm: 'pov'; rate: number }
  | { algorithm: 'iceberg'; display: number; variance?: number; seed?: number }
);

/** What a strategy callback returns: orders, cancels, or nothing. */
export interface StrategyOutput {
  orders?: OrderRequest[];
  /** Client order ids to cancel. */
  cancel?: string[];
}

export type StrategyResult = OrderRequest[] | StrategyOutput | void;

/**
 * User code. The same object runs in backtests and live: it only sees the context and returns
 * requests; the engine turns them into approved, routed, journaled orders.
 */
export interface Strategy<P = unknown> {
  /** Unique name: part of every client order id and of the portfolio attribution. */
  readonly name: string;
  readonly requires?: StrategyRequirements;
  /** Called on every bar of a symbol. */
  onBar?(ctx: StrategyContext<P>): StrategyResult | Promise<StrategyResult>;
  /** Called on every quote, trade and book event (L2/tick mode). */
  onTick?(ctx: StrategyContext<P>): StrategyResult | Promise<StrategyResult>;
  /** Called on every execution report of this strategy's orders. */
  onExecution?(report: ExecutionReport): void;
}

/** An order as sent to a venue: approved by the breaker, with its deterministic id. */
export interface VenueOrder {
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  qty: number;
  price?: number;
  tif?: 'gtc' | 'ioc' | 'fok' | 'day';
  postOnly?: boolean;
  reduceOnly?: boolean;
}

/** One execution report from a venue. */
export interface ExecutionReport {
  kind: 'accepted' | 'rejected' | 'fill' | 'cancelled' | 'amended' | 'cancelRejected' | 'expired';
  clientOrderId: string;
  symbol: string;
  /** Venue time of the event, epoch ms. */
  time: number;
  /** Fill price (fills), limit price (accepted), NaN otherwise. */
  price: number;
  /** Fill quantity (fills), cancelled quantity, 0 otherwise. */
  qty: number;
  fee: number;
  liquidity: 'maker' | 'taker' | null;
  /** Quantity still open after the event (0: the order is finished). */
  leavesQty: number;
  reason: string | null;
  /** The venue that executed it, when the engine's venue routes over several (`RoutingVenue`). */
  venue?: string;
  /** The order's id at that venue (the routed child's client order id). */
  venueOrderId?: string;
}

/** A venue's book of one symbol as a router sees it. */
export interface VenueBookView {
  /** Levels a taker could take now, best first (bids descending, asks ascending). */
  bids: BookLevels;
  asks: BookLevels;
  /** Time of the venue's last market data for the symbol, epoch ms (for the book's age). */
  time: number;
  /** The venue's feed has a sequence gap: the book is not to be routed to. */
  sequenceGap?: boolean;
}

/**
 * The venue will send nothing more that changes this order: a fill that left nothing open, a
 * cancel, a rejection, an expiry. (An accepted order or a refused cancel leaves it working.)
 */
export function isFinalReport(kind: ExecutionReport['kind'], leavesQty: number): boolean {
  switch (kind) {
    case 'fill':
      return leavesQty === 0;
    case 'cancelled':
    case 'rejected':
    case 'expired':
      return true;
    default:
      return false;
  }
}

/**
 * Where approved orders go: the simulated exchange (backtests, paper) or a user adapter to a
 * real venue. The engine calls `onMarket` with every validated event before the strategy (a
 * simulator matches on it), `submit`/`cancel` with approved orders, and `drain` after each
 * step to collect the execution reports produced since the last call.
 */
export interface ExecutionVenue {
  readonly name: string;
  onMarket?(event: MarketEvent): void;
  submit(order: VenueOrder): void;
  cancel(symbol: string, clientOrderId: string): void;
  drain(): ExecutionReport[];
  /** The symbol's book for routing (`RoutingVenue`); undefined when the venue has none. */
  book?(symbol: string, depth: number): VenueBookView | undefined;
  /** Client order ids still working for a symbol (`ctx.workingOrders`); none when absent. */
  working?(symbol: string): readonly string[];
  close?(): Promise<void>;
}

/** The stages of one decision cycle, in order. */
export const STAGES = ['data', 'features', 'inference', 'strategy', 'risk', 'execution', 'accounting', 'total'] as const;
export type Stage = (typeof STAGES)[number];

/** p50/p95/p99 of one stage over the recorded cycles, in milliseconds. */
export interface StageLatency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Events whose processing the coordinator understands. */
export type EngineEvent = Bar | Quote | Trade | BookSnapshot | BookDelta;
