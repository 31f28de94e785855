/**
 * Public shapes of the risk circuit breaker: order intents, the typed decision, refusal
 * reasons, the data sources the breaker reads, events and the persisted snapshot.
 */

/** An order a strategy wants to send. Nothing may execute it before the breaker approves it. */
export interface OrderIntent {
  /** Instrument name, as registered in the portfolio. */
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  /** Quantity, > 0 (the side gives the direction). */
  readonly quantity: number;
  /** Limit price; absent for a market order (then the mid is the reference price). */
  readonly price?: number;
  /** Strategy name, for the audit trail. */
  readonly strategy?: string;
  /** Client order id, for the audit trail. */
  readonly clientOrderId?: string;
}

declare const APPROVED: unique symbol;

/**
 * An order the breaker approved. Only {@link CircuitBreaker.evaluate} can mint one: the brand
 * is a type-level `unique symbol` no other module can name, so an execution function typed
 * `execute(order: ApprovedOrder)` rejects a plain {@link OrderIntent} at compile time, and
 * {@link isApprovedOrder} checks provenance at run time (the object is frozen and carries a
 * private class field only the breaker's minting class can set, so a copy or a cast object
 * literal is not approved).
 */
export type ApprovedOrder = OrderIntent & {
  readonly [APPROVED]: true;
  /** Sequence number of the decision that approved it. */
  readonly decisionId: number;
  /** Clock time of the approval, epoch milliseconds. */
  readonly approvedAt: number;
  /** The order reduces an existing position without flipping it. */
  readonly reducing: boolean;
  /** Approved as one of the limited probes of the half-open state. */
  readonly probe: boolean;
  /** Exposure-limit failures waived because the order reduces risk (empty otherwise). */
  readonly waived: readonly RefusalReason[];
};

/** Stable codes of refusal reasons. */
export type RefusalCode =
  | 'KILL_SWITCH'
  | 'BREAKER_OPEN'
  | 'MAX_DRAWDOWN'
  | 'DAILY_LOSS'
  | 'VAR_LIMIT'
  | 'VAR_UNAVAILABLE'
  | 'MAX_POSITION'
  | 'MAX_INSTRUMENT_NOTIONAL'
  | 'MAX_TOTAL_NOTIONAL'
  | 'MAX_ORDER_QUANTITY'
  | 'MAX_ORDER_NOTIONAL'
  | 'PRICE_BAND'
  | 'MID_UNAVAILABLE'
  | 'RATE_LIMIT'
  | 'INVALID_ORDER'
  | 'RISK_DATA_UNAVAILABLE';

/** Why an order was refused: which check, its limit and what was observed. */
export interface RefusalReason {
  readonly code: RefusalCode;
  readonly message: string;
  /** The configured limit; null for checks without a numeric limit (kill switch). */
  readonly limit: number | null;
  /** The observed value that breached it; null when it could not be observed. */
  readonly observed: number | null;
}

/** The typed outcome of {@link CircuitBreaker.evaluate}. */
export type Decision =
  | { readonly approved: true; readonly order: ApprovedOrder }
  | { readonly approved: false; readonly reasons: readonly RefusalReason[] };

/** closed: orders flow; open: tripped, only reducing orders pass; half-open: probing. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** What the breaker reads from the portfolio. `portfolio.Portfolio` implements it. */
export interface BreakerPortfolio {
  /** Cash plus marked positions. */
  equity(): number;
  /** Highest equity seen. */
  highWaterMark(): number;
  /** Net signed quantity in `instrument`. */
  positionOf(instrument: string): number;
  /** `|quantity * mark * multiplier|` of `instrument`. */
  notionalOf(instrument: string): number;
  /** Sum of the instruments' notionals. */
  grossNotional(): number;
  /** Currency per unit of price per unit of quantity (1 for spot). */
  multiplierOf(instrument: string): number;
}

/**
 * VaR readings, as positive loss fractions of notional (0.02 = a 2% loss) at tail probability
 * `alpha`. `risk.VarTable` satisfies it with O(1) reads; a non-finite reading refuses orders.
 */
export interface VarSource {
  var(key: string, alpha: number): number;
}

/** Current mid prices, for the fat-finger band and market-order notionals. */
export interface MidPriceSource {
  mid(instrument: string): number;
}

/** Limits that apply to one instrument, overriding the defaults in {@link BreakerLimits}. */
export interface InstrumentLimits {
  maxPosition?: number;
  maxInstrumentNotional?: number;
  maxOrderQuantity?: number;
  maxOrderNotional?: number;
  priceBand?: number;
}

/**
 * Every limit is required, so that a forgotten limit is a construction error rather than an
 * unchecked risk; pass `Infinity` to disable one explicitly.
 */
export interface BreakerLimits {
  /** Largest drawdown from the high-water mark, as a fraction (0.1 = 10%). */
  maxDrawdown: number;
  /** Largest loss since the start of the trading day, in account currency (> 0). */
  dailyLossLimit: number;
  /** Largest absolute position per instrument after the order, in units. */
  maxPosition: number;
  /** Largest `|position after| * reference price * multiplier` per instrument. */
  maxInstrumentNotional: number;
  /** Largest gross notional over all instruments after the order. */
  maxTotalNotional: number;
  /** Largest order quantity. */
  maxOrderQuantity: number;
  /** Largest `quantity * reference price * multiplier` of one order. */
  maxOrderNotional: number;
  /** Largest `|limit price - mid| / mid` (fat-finger band), e.g. 0.05. */
  priceBand: number;
  /** Approved orders per rolling second (token bucket of this capacity, refilled continuously). */
  maxOrdersPerSecond: number;
  /** Per-instrument overrides. */
  instruments?: Readonly<Record<string, InstrumentLimits>>;
}

/**
 * The VaR check: `var(key, alpha) * gross notional after the order <= maxLoss`, i.e. the
 * portfolio's return VaR applied to the exposure the order would leave.
 */
export interface VarLimit {
  source: VarSource;
  /** The VarTable key of the portfolio's return series. */
  key: string;
  /** Tail probability (0.01 = 99% VaR). */
  alpha: number;
  /** Largest VaR in account currency. */
  maxLoss: number;
}

/** Refusal codes that trip the breaker (open it) by default: portfolio-level breaches. */
export const DEFAULT_TRIP_CODES: readonly RefusalCode[] = ['MAX_DRAWDOWN', 'DAILY_LOSS', 'VAR_LIMIT'];

/** Options of {@link CircuitBreaker}. */
export interface BreakerOptions {
  limits: BreakerLimits;
  /** The VaR check, or null to run without one (explicitly). */
  var: VarLimit | null;
  portfolio: BreakerPortfolio;
  mids: MidPriceSource;
  /** Epoch-millisecond clock; `Date.now` by default. Inject a fake or historical clock. */
  clock?: () => number;
  /** Time the breaker stays open after a trip before probing (half-open); 60 s by default. */
  cooldownMs?: number;
  /** Approved probes, without a new trip, that close a half-open breaker; 3 by default. */
  halfOpenProbes?: number;
  /**
   * Reducing orders (opposite to the position, not beyond flat) pass an open or half-open
   * breaker and are exempt from the exposure limits they improve (drawdown, daily loss, VaR,
   * position and notional: those failures are reported as `waived` on the approved order);
   * order-size, price-band, rate and kill-switch checks still apply. True by default.
   */
  allowReducing?: boolean;
  /** Whether reducing orders pass an engaged kill switch; false by default. */
  killSwitchAllowsReducing?: boolean;
  /** Refusal codes that open the breaker; {@link DEFAULT_TRIP_CODES} by default. */
  tripOn?: readonly RefusalCode[];
  /** The trading day starts at UTC midnight plus this offset (ms); 0 by default. */
  dayStartOffsetMs?: number;
  /** Receives errors thrown by event listeners (which never break a decision); console.error by default. */
  onListenerError?: (error: unknown) => void;
}

/** Every decision and every change of state is an event. */
export type BreakerEvent =
  | {
      readonly type: 'decision';
      readonly time: number;
      readonly decisionId: number;
      readonly order: OrderIntent;
      readonly approved: boolean;
      /** Refusal reasons, or the waived ones of an approved reducing order. */
      readonly reasons: readonly RefusalReason[];
      readonly state: BreakerState;
      readonly reducing: boolean;
      readonly probe: boolean;
    }
  | {
      readonly type: 'state';
      readonly time: number;
      readonly from: BreakerState;
      readonly to: BreakerState;
      /** Why: `'trip'`, `'cooldown elapsed'`, `'probes succeeded'`, `'probe tripped'`, `'manual reset'`, `'restored'`. */
      readonly reason: string;
      /** The breaches behind a trip (empty for other transitions). */
      readonly reasons: readonly RefusalReason[];
    }
  | { readonly type: 'kill-switch'; readonly time: number; readonly engaged: boolean; readonly reason: string };

/** Listener of {@link BreakerEvent}s. */
export type BreakerListener = (event: BreakerEvent) => void;

/**
 * Everything the breaker needs to resume after a restart: JSON-serialisable and versioned
 * (`version: 1`). Limits and sources are configuration, not state, and are not included.
 */
export interface BreakerSnapshot {
  readonly version: 1;
  readonly takenAt: number;
  readonly state: BreakerState;
  /** When the breaker last opened (epoch ms), null if never. */
  readonly openedAt: number | null;
  /** The breaches of the last trip. */
  readonly tripReasons: readonly RefusalReason[];
  /** Probes approved in the current half-open state. */
  readonly probesApproved: number;
  readonly killSwitch: { readonly engaged: boolean; readonly reason: string | null };
  /** The trading day (days since epoch, offset applied) and the equity it started with. */
  readonly day: { readonly key: number | null; readonly startEquity: number | null };
  readonly rateLimiter: { readonly tokens: number; readonly updatedAt: number | null };
  readonly counters: {
    readonly decisions: number;
    readonly approved: number;
    readonly refused: number;
    readonly trips: number;
  };
}
