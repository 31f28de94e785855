/**
 * The portfolio: names on the outside, dense integer ids and Rust accounting on the inside.
 */
import { callNative, InvalidInputError, NonFiniteError, NotFoundError, OutOfRangeError, UnorderedError } from '../errors.js';
import { native } from '../native.js';
import type {
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
} from './types.js';

/** Marks {@link Portfolio.markDeferred} holds before it applies them. */
const MARK_BUFFER = 1024;

/** The strategy fills are booked to when they name none. */
export const DEFAULT_STRATEGY = 'default';

/** Native position objects carry `mark: null` when absent; the SDK omits the key instead. */
function position(raw: ReturnType<InstanceType<typeof native.Portfolio>['instrumentPosition']>): Position {
  const { mark, ...rest } = raw;
  return mark == null ? rest : { ...rest, mark };
}

/**
 * Positions, cash, equity, high-water mark and drawdown of one account, with PnL attribution per
 * strategy and per instrument and slippage against decision prices.
 *
 * Accounting is average cost and happens in Rust (`smc_core::portfolio`); this class maps
 * instrument and strategy names to the dense ids the core indexes in O(1).
 *
 * Semantics (see docs/api/portfolio.md):
 * - `equity = cash + sum quantity * mark * multiplier`; `cash -= signedQty * price * multiplier + fee`.
 * - A fill through zero closes the position then opens the remainder at the fill price.
 * - Out-of-order fills are applied on arrival (never buffered) and reported as late
 *   (`lateByMs`); quantity, cash, equity and total PnL do not depend on arrival order, the
 *   realised/unrealised split and the average entry price follow arrival order.
 * - A fill id among the last `maxFillIds` (100,000) ids seen is ignored (`duplicate: true`).
 *
 * It also satisfies the breaker's `BreakerPortfolio` interface (`equity`, `highWaterMark`,
 * `positionOf`, `notionalOf`, `grossNotional`, `multiplierOf`).
 */
export class Portfolio {
  readonly #inner: InstanceType<typeof native.Portfolio>;
  readonly #instrumentIds = new Map<string, number>();
  readonly #instrumentNames: string[] = [];
  readonly #multipliers: number[] = [];
  readonly #strategyIds = new Map<string, number>();
  readonly #strategyNames: string[] = [];
  /** Reused outcome slots of the native applyFill (see native/src/portfolio.rs). */
  readonly #fillOutcome = new Float64Array(5);
  /** Marks deferred by {@link markDeferred}, applied in one native call before any read. */
  readonly #deferredTime = new Float64Array(MARK_BUFFER);
  readonly #deferredId = new Uint32Array(MARK_BUFFER);
  readonly #deferredPrice = new Float64Array(MARK_BUFFER);
  #deferred = 0;
  /** Time of the latest mark (deferred or not), for the order check of {@link markDeferred}. */
  #lastMarkTime = -Infinity;

  /** @throws OutOfRangeError (initialCash <= 0), NonFiniteError */
  constructor(options: PortfolioOptions) {
    this.#inner = callNative(
      () => new native.Portfolio({ initialCash: options.initialCash, recordEquityCurve: options.recordEquityCurve, equityCurveMaxPoints: options.equityCurveMaxPoints, maxFillIds: options.maxFillIds }),
    );
    this.registerStrategy(DEFAULT_STRATEGY);
    for (const name of options.strategies ?? []) {
      if (!this.#strategyIds.has(name)) this.registerStrategy(name);
    }
    const instruments = options.instruments ?? [];
    if (Array.isArray(instruments)) {
      for (const name of instruments as readonly string[]) this.registerInstrument(name);
    } else {
      for (const [name, spec] of Object.entries(instruments as Readonly<Record<string, InstrumentSpec>>)) {
        this.registerInstrument(name, spec);
      }
    }
  }

  /**
   * Registers an instrument and returns its dense id (for {@link FillBatch}).
   * @throws InvalidInputError for a name already registered; OutOfRangeError for multiplier <= 0
   */
  registerInstrument(name: string, spec: InstrumentSpec = {}): number {
    if (this.#instrumentIds.has(name)) throw new InvalidInputError(`instrument '${name}' is already registered`);
    const multiplier = spec.multiplier ?? 1;
    const id = callNative(() => this.#inner.registerInstrument(multiplier));
    this.#instrumentIds.set(name, id);
    this.#instrumentNames.push(name);
    this.#multipliers.push(multiplier);
    return id;
  }

  /**
   * Registers a strategy and returns its dense id.
   * @throws InvalidInputError for a name already registered
   */
  registerStrategy(name: string): number {
    if (this.#strategyIds.has(name)) throw new InvalidInputError(`strategy '${name}' is already registered`);
    const id = callNative(() => this.#inner.registerStrategy());
    this.#strategyIds.set(name, id);
    this.#strategyNames.push(name);
    return id;
  }

  /** The dense id of a registered instrument. @throws NotFoundError */
  instrumentId(name: string): number {
    const id = this.#instrumentIds.get(name);
    if (id === undefined) throw new NotFoundError(`instrument '${name}' is not registered`);
    return id;
  }

  /** The dense id of a registered strategy. @throws NotFoundError */
  strategyId(name: string): number {
    const id = this.#strategyIds.get(name);
    if (id === undefined) throw new NotFoundError(`strategy '${name}' is not registered`);
    return id;
  }

  /** Registered instrument names, in id order. */
  get instruments(): readonly string[] {
    return this.#instrumentNames;
  }

  /** Registered strategy names, in id order (`'default'` first). */
  get strategies(): readonly string[] {
    return this.#strategyNames;
  }

  /**
   * Applies one fill to the strategy's position, the instrument's net position and cash.
   * @throws NotFoundError (unknown instrument or strategy), InvalidInputError (side),
   * OutOfRangeError (quantity <= 0), NonFiniteError
   */
  applyFill(fill: Fill): FillResult {
    if (fill.side !== 'buy' && fill.side !== 'sell') {
      throw new InvalidInputError(`side must be 'buy' or 'sell', got ${String(fill.side)}`);
    }
    if (!(fill.quantity > 0)) {
      throw new OutOfRangeError(`quantity = ${fill.quantity} is out of range: expected a positive number`);
    }
    const instrument = this.instrumentId(fill.instrument);
    const strategy = this.strategyId(fill.strategy ?? DEFAULT_STRATEGY);
    const quantity = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const out = this.#fillOutcome;
    callNative(() =>
      this.#core().applyFill(instrument, strategy, quantity, fill.price, fill.fee ?? 0, fill.exchangeTime, fill.decisionPrice, fill.id, out),
    );
    return {
      duplicate: out[0] === 1,
      strategyRealisedPnl: out[1]!,
      instrumentRealisedPnl: out[2]!,
      slippage: out[3]!,
      lateByMs: out[4]!,
    };
  }

  /**
   * Applies a batch of fills in row order, in one native call. The whole batch is validated
   * first: a bad row throws and leaves the portfolio untouched.
   */
  applyFills(batch: FillBatch): FillBatchResult {
    const input = { ...batch, fee: batch.fee ?? new Float64Array(batch.quantity.length), fillIds: batch.fillIds?.slice() };
    return callNative(() => this.#core().applyFills(input));
  }

  /**
   * Sets mark prices at `time` (epoch ms, non-decreasing across calls), revalues every position
   * and appends `(time, equity)` to the equity curve.
   * @throws NotFoundError, NonFiniteError, UnorderedError (time before the previous mark)
   */
  mark(prices: Readonly<Record<string, number>> | ReadonlyMap<string, number>, time: number): void {
    const entries = prices instanceof Map ? [...prices] : Object.entries(prices);
    const ids = new Uint32Array(entries.length);
    const values = new Float64Array(entries.length);
    entries.forEach(([name, price], i) => {
      ids[i] = this.instrumentId(name);
      values[i] = price;
    });
    callNative(() => this.#core().mark(time, ids, values));
    this.#lastMarkTime = time;
  }

  /**
   * A mark of one instrument at `time`, applied together with the next ones: in one native
   * call when 1,024 are held, or before anything reads or changes the portfolio. Equity curve,
   * high-water mark and every read are the same as with one {@link markIds} per call. An
   * invalid mark (time going backwards, a non-finite price, an unknown id) throws here, with the
   * core's error types, and is not held. For loops that mark on every bar.
   */
  markDeferred(id: number, price: number, time: number): void {
    // Checked here, not at the flush: a bad mark must fail at its own call, never inside a later
    // unrelated one (a fill), and never take the valid marks held with it down too.
    if (!Number.isFinite(price)) throw new NonFiniteError(`price is ${price}; a finite number is required`);
    if (!Number.isFinite(time)) throw new NonFiniteError(`time is ${time}; a finite number is required`);
    if (!(Number.isInteger(id) && id >= 0 && id < this.#instrumentNames.length)) {
      throw new NotFoundError(`instrument id ${id} (registered: ${this.#instrumentNames.length})`);
    }
    if (time < this.#lastMarkTime) throw new UnorderedError(`mark time ${time} is before the previous mark at ${this.#lastMarkTime}`);
    this.#lastMarkTime = time;
    const k = this.#deferred;
    this.#deferredTime[k] = time;
    this.#deferredId[k] = id;
    this.#deferredPrice[k] = price;
    this.#deferred = k + 1;
    if (k + 1 === MARK_BUFFER) this.#flushMarks();
  }

  /** The native portfolio, with deferred marks applied. */
  #core(): InstanceType<typeof native.Portfolio> {
    if (this.#deferred > 0) this.#flushMarks();
    return this.#inner;
  }

  #flushMarks(): void {
    const n = this.#deferred;
    this.#deferred = 0;
    callNative(() => this.#inner.markRows(this.#deferredTime.subarray(0, n), this.#deferredId.subarray(0, n), this.#deferredPrice.subarray(0, n)));
  }

  /** {@link mark} with ids, for backtest loops that keep their arrays. */
  markIds(ids: Uint32Array, prices: Float64Array, time: number): void {
    callNative(() => this.#core().mark(time, ids, prices));
    this.#lastMarkTime = time;
  }

  /** Cash plus the marked value of every position. */
  equity(): number {
    return this.#core().equity();
  }

  cash(): number {
    return this.#core().cash();
  }

  /** Highest equity seen after any fill or mark (starts at the initial cash). */
  highWaterMark(): number {
    return this.#core().highWaterMark();
  }

  /** `(highWaterMark - equity) / highWaterMark`. */
  drawdown(): number {
    return this.#core().drawdown();
  }

  /** `sum |quantity * mark * multiplier|` over instruments. */
  grossNotional(): number {
    return this.#core().grossNotional();
  }

  /** Net signed quantity held in `instrument`. @throws NotFoundError */
  positionOf(instrument: string): number {
    const id = this.instrumentId(instrument);
    return this.#core().quantity(id);
  }

  /** `|quantity * mark * multiplier|` of `instrument`. @throws NotFoundError */
  notionalOf(instrument: string): number {
    const id = this.instrumentId(instrument);
    return this.#core().notional(id);
  }

  /** The registered contract multiplier of `instrument`. @throws NotFoundError */
  multiplierOf(instrument: string): number {
    return this.#multipliers[this.instrumentId(instrument)]!;
  }

  /** The mark price, or undefined before the instrument's first mark or fill. */
  markOf(instrument: string): number | undefined {
    const id = this.instrumentId(instrument);
    return this.#core().markPrice(id) ?? undefined;
  }

  /** Average entry price of the net position in `instrument` (0 when flat). @throws NotFoundError */
  avgEntryPrice(instrument: string): number {
    const id = this.instrumentId(instrument);
    return callNative(() => this.#core().avgEntryPrice(id));
  }

  /** The net position (all strategies) in `instrument`. */
  position(instrument: string): Position {
    const id = this.instrumentId(instrument);
    return position(callNative(() => this.#core().instrumentPosition(id)));
  }

  /** A strategy's own position in `instrument`. */
  strategyPosition(strategy: string, instrument: string): Position {
    const s = this.strategyId(strategy);
    const i = this.instrumentId(instrument);
    return position(callNative(() => this.#core().strategyPosition(s, i)));
  }

  /** Cash, equity, drawdown, notional and net-position PnL totals. */
  account(): Account {
    return callNative(() => this.#core().account());
  }

  /**
   * PnL per instrument (net positions) and per strategy. Both sum to `equity - initialCash`;
   * their realised/unrealised splits can differ when strategies trade against each other.
   */
  attribution(): Attribution {
    const positions = callNative(() => this.#core().instrumentPositions());
    const byInstrument: Record<string, PnlTotals> = {};
    positions.forEach((p, i) => {
      byInstrument[this.#instrumentNames[i]!] = {
        realisedPnl: p.realisedPnl,
        unrealisedPnl: p.unrealisedPnl,
        fees: p.fees,
        slippage: p.slippage,
        totalPnl: p.totalPnl,
        grossNotional: p.notional,
        fills: p.fills,
      };
    });
    return { byInstrument, byStrategy: this.#strategyTotals() };
  }

  /** A JSON-serialisable picture: account, net positions by name, strategy totals by name. */
  snapshot(): PortfolioSnapshot {
    const positions: Record<string, Position> = {};
    callNative(() => this.#core().instrumentPositions()).forEach((p, i) => {
      positions[this.#instrumentNames[i]!] = position(p);
    });
    return { account: this.account(), positions, strategies: this.#strategyTotals() };
  }

  /** Equity after each {@link mark}. */
  equityCurve(): EquityCurve {
    return callNative(() => this.#core().equityCurve());
  }

  /** Marks per point of the recorded curve (1 unless a bounded curve was thinned). */
  equityCurveStride(): number {
    return this.#core().equityCurveStride();
  }

  #strategyTotals(): Record<string, PnlTotals> {
    const out: Record<string, PnlTotals> = {};
    callNative(() => this.#core().strategyTotals()).forEach((t, s) => {
      out[this.#strategyNames[s]!] = t;
    });
    return out;
  }
}
