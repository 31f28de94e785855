/**
 * The coordinator: source -> validated events -> per-symbol book/features -> ensemble (cache
 * first) -> strategy -> circuit breaker -> venue -> fills -> portfolio -> store, sink, metrics.
 * Events of one symbol are processed strictly in order (one lane per symbol); lanes of
 * different symbols run concurrently. A cycle stays synchronous unless it has to wait (model
 * inference, an async strategy), so a bar backtest runs without a promise per bar.
 */
import { CircuitBreaker, type BreakerEvent, type Decision } from '../breaker/index.js';
import type { Cache } from '../cache/index.js';
import { InvalidStateError } from '../errors.js';
import { parseEvent, type MarketEvent } from '../events/index.js';
import { createCache, createSink, createSource, createStore } from '../io/index.js';
import { createEngineMetrics, type EngineMetrics } from '../metrics/index.js';
import type { EnsembleDecision, ModelEnsemble } from '../models/index.js';
import { Portfolio } from '../portfolio/index.js';
import type { Sink } from '../sinks/index.js';
import type { EventMeta, Source } from '../sources/index.js';
import type { Store, WriteBehindJournal } from '../store/index.js';
import { systemClock, type Clock } from './clock.js';
import { LatencyRecorder } from './latency.js';
import { ParentOrders } from './parent-orders.js';
import { breakerLimits, resolveConfig, type EngineOptions } from './options.js';
import { clientOrderId, decisionKey, featureKey, type DecisionName } from './order-ids.js';
import { engineVenue } from './venues.js';
import { RecentOrders } from './recent-ids.js';
import { SymbolState } from './symbol-state.js';
import type { Engine, EngineFill, EngineStats } from './api.js';
import { Context } from './context.js';
import { isFinalReport, STAGES, type ExecutionReport, type ExecutionVenue, type OrderRequest, type Stage, type StageLatency, type StrategyContext, type StrategyOutput, type StrategyResult } from './types.js';

interface OrderMeta {
  symbol: string;
  side: 'buy' | 'sell';
  decisionPrice: number;
  fills: number;
}

function isThenable<T>(x: unknown): x is PromiseLike<T> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

function eventTime(e: MarketEvent): number {
  return e.type === 'bar' ? e.openTime : (e.exchangeTime ?? e.receiveTime);
}

const NO_ORDERS: readonly OrderRequest[] = Object.freeze([]);

/**
 * Finished orders remembered for duplicates and late reports (about 200 bytes each, so at most
 * about 4 MB): minutes of orders even at thousands per minute, far beyond a redelivery or a late
 * report.
 */
const FINISHED_IDS = 20_000;

const NO_OUTPUT: StrategyOutput = Object.freeze({});

function normalise(out: StrategyResult): StrategyOutput {
  if (!out) return NO_OUTPUT;
  return Array.isArray(out) ? { orders: out } : out;
}

/**
 * Creates the coordinator. I/O components left undefined are created from `options.config`
 * (embedded defaults unless KAFKA_BROKERS / REDIS_URL / DATABASE_URL select real services).
 */
export async function createEngine<P>(options: EngineOptions<P>): Promise<Engine> {
  const config = resolveConfig(options.config);
  // Before any I/O is opened: a bad venue setup must not leave a store or sink behind.
  const venue = engineVenue(options, config);
  const metrics = options.metrics === null ? undefined : (options.metrics ?? createEngineMetrics({ defaultLabels: { engine: config.engine.name } }));
  const deps = { metrics, logger: options.logger };
  const cache = options.cache === null ? undefined : (options.cache ?? (options.ensemble ? createCache(config, deps) : undefined));
  const sink = options.sink === null ? undefined : (options.sink ?? (await createSink(config, deps)));
  const store = options.store === null ? undefined : (options.store ?? (await createStore(config, deps)));
  const source = options.source === null ? undefined : options.source;
  return new Coordinator(options, config.engine.symbols, { metrics, cache, sink, store, source, venue, configSource: () => createSource(config, deps) });
}

interface Resolved {
  metrics: EngineMetrics | undefined;
  cache: Cache | undefined;
  sink: Sink | undefined;
  store: { store: Store; journal: WriteBehindJournal } | undefined;
  source: Source | undefined;
  venue: ExecutionVenue;
  configSource: () => Source;
}

class Coordinator<P> implements Engine {
  readonly portfolio: Portfolio;
  readonly breaker: CircuitBreaker;
  readonly venue: ExecutionVenue;
  readonly metrics: EngineMetrics | undefined;
  readonly cache: Cache | undefined;
  readonly #o: EngineOptions<P>;
  readonly #r: Resolved;
  readonly #clock: Clock;
  readonly #states = new Map<string, SymbolState>();
  readonly #lanes = new Map<string, Promise<void>>();
  /** Orders sent and not finished (a final report removes them). */
  readonly #orders = new Map<string, OrderMeta>();
  /**
   * Finished orders, the most recent ones: their ids are never sent again by this process, and a
   * report arriving after their final one is still booked.
   */
  readonly #finished = new RecentOrders<OrderMeta>(FINISHED_IDS);
  /** Ids a previous run journaled (read back on restore): never sent again. */
  readonly #sent = new Set<string>();
  readonly #latency: LatencyRecorder | undefined;
  readonly #fillListeners: ((f: EngineFill) => void)[] = [];
  readonly #stats: EngineStats = { events: 0, decisions: 0, orders: 0, refused: 0, duplicates: 0, fills: 0, ensembleCalls: 0, ensembleCacheHits: 0 };
  readonly #ensemble: ModelEnsemble | undefined;
  readonly #strategyName: string;
  readonly #parents = new ParentOrders();
  #started = false;
  readonly params: P;
  #stopped = false;
  #source: Source | undefined;

  constructor(options: EngineOptions<P>, configSymbols: string[], resolved: Resolved) {
    this.#o = options;
    this.#r = resolved;
    this.metrics = resolved.metrics;
    this.cache = resolved.cache;
    this.#clock = options.clock ?? systemClock;
    this.#ensemble = options.ensemble ?? undefined;
    this.#strategyName = options.strategy.name;
    this.params = options.params as P;
    const symbols = [...new Set([...(options.symbols ?? []), ...configSymbols])];
    this.portfolio = new Portfolio({ initialCash: options.initialCash ?? 100_000, instruments: symbols, strategies: [this.#strategyName], recordEquityCurve: options.recordEquityCurve ?? false, equityCurveMaxPoints: options.equityCurveMaxPoints });
    this.venue = resolved.venue;
    const b = options.breaker ?? {};
    this.breaker = new CircuitBreaker({
      limits: breakerLimits(b.limits),
      var: null,
      portfolio: this.portfolio,
      mids: { mid: (instrument) => this.#states.get(instrument)?.lastPrice ?? NaN },
      clock: () => this.#clock.now(),
      cooldownMs: b.cooldownMs,
      halfOpenProbes: b.halfOpenProbes,
      allowReducing: b.allowReducing,
    });
    this.breaker.on((e) => this.#onBreakerEvent(e));
    const rec = options.latency?.record ?? true;
    this.#latency = rec ? new LatencyRecorder(options.latency?.capacity ?? 100_000, this.metrics) : undefined;
  }

  #state(symbol: string): SymbolState {
    let st = this.#states.get(symbol);
    if (!st) {
      const c = this.#ensemble?.contract;
      st = new SymbolState(symbol, this.#o.strategy.requires ?? {}, {
        book: this.#o.books?.[symbol],
        seqLen: c?.seqLen,
        nFeatures: c?.nFeatures,
        columns: this.#o.indicatorColumns?.[symbol],
      });
      this.#states.set(symbol, st);
      try {
        st.instrumentId = this.portfolio.instrumentId(symbol);
      } catch {
        st.instrumentId = this.portfolio.registerInstrument(symbol);
      }
    }
    return st;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    if (this.#o.restore !== false && this.#r.store) await this.#restore(this.#r.store.store);
    if (this.#ensemble) {
      // Warm the path once (the ensemble warmed its sessions at create()).
      const c = this.#ensemble.contract;
      await this.#ensemble.predict(new Float32Array(c.seqLen * c.nFeatures));
    }
    this.#source = this.#r.source;
  }

  async #restore(store: Store): Promise<void> {
    for (const p of await store.latestPositions()) {
      if (p.qty === 0) continue;
      this.#state(p.symbol);
      this.portfolio.applyFill({
        id: `restore:${p.symbol}:${p.time}`,
        instrument: p.symbol,
        strategy: this.#strategyName,
        side: p.qty > 0 ? 'buy' : 'sell',
        quantity: Math.abs(p.qty),
        price: p.avgPrice,
        exchangeTime: p.time,
      });
      this.#state(p.symbol).positionQty = this.portfolio.positionOf(p.symbol);
    }
    // A crash between journaling an order and committing its Kafka offset re-delivers the event:
    // its deterministic id is then found here and the order is not sent twice.
    for (const id of await store.sentClientOrderIds()) this.#sent.add(id);
    const snap = await store.latestBreakerSnapshot();
    const saved = (snap?.details as { snapshot?: unknown } | null | undefined)?.snapshot;
    if (saved) this.breaker.restore(saved);
  }

  async process(event: unknown): Promise<void> {
    const e = parseEvent(event);
    await this.processValidated(e);
  }

  /**
   * Processes an event that already passed the edge check. `meta`, the event's position in its
   * source (Kafka topic, partition and offset), names the decision in client order ids when
   * given: a message delivered again, after a rebalance in this process or to a restarted one,
   * then yields the same ids and its orders are recognised as already sent. Without it the
   * decision is named by the event's time and rank among the symbol's same-time events.
   */
  processValidated(event: MarketEvent, meta?: EventMeta): Promise<void> | void {
    if (this.#stopped) throw new InvalidStateError('the engine is stopped');
    const symbol = event.symbol;
    const lane = this.#lanes.get(symbol);
    if (lane === undefined) {
      const r = this.#cycle(event, meta);
      if (r === undefined) return;
      return this.#track(symbol, r);
    }
    return this.#track(symbol, lane.then(() => this.#cycle(event, meta)));
  }

  #track(symbol: string, p: Promise<void>): Promise<void> {
    const tracked = p.finally(() => {
      if (this.#lanes.get(symbol) === tracked) this.#lanes.delete(symbol);
    });
    this.#lanes.set(symbol, tracked);
    return tracked;
  }

  /** One decision cycle. Returns a promise only when a stage had to wait. */
  #cycle(event: MarketEvent, meta: EventMeta | undefined): Promise<void> | undefined {
    const lat = this.#latency;
    const t0 = lat ? process.hrtime.bigint() : 0n;
    let t = t0;
    const clock = this.#clock as Clock & { advance?: (time: number) => void };
    clock.advance?.(eventTime(event));
    this.#stats.events++;
    this.metrics?.events.inc({ type: event.type, source: 'engine' });
    const st = this.#state(event.symbol);
    // The venue sees the new data first: orders resting from earlier decisions fill on it.
    this.venue.onMarket?.(event);
    this.#applyReports(this.venue.drain());
    if (lat) t = lat.lap('data', t);
    let ready = false;
    switch (event.type) {
      case 'bar':
        ready = st.onBar(event);
        // Deferred: applied in one native call per 1,024 bars, or before the portfolio is read.
        this.portfolio.markDeferred(st.instrumentId, event.close, clock.now());
        break;
      case 'quote':
        st.onQuote(event);
        break;
      case 'trade':
        st.onTrade(event.price);
        break;
      default:
        st.onBook(event);
    }
    if (this.#parents.has(event.symbol)) this.#stepParents(st, event);
    if (lat) t = lat.lap('features', t);
    const strategy = this.#o.strategy;
    const call = event.type === 'bar' ? strategy.onBar : strategy.onTick;
    if (!call) return undefined;
    const auto = strategy.requires?.ensemble === true;
    const window = auto && ready && this.#ensemble ? st.copyWindow() : undefined;
    if (window) {
      return this.#infer(window).then((decision) => {
        if (lat) t = lat.lap('inference', t);
        return this.#decide(st, event, meta, decision, call, t, t0);
      });
    }
    return this.#decide(st, event, meta, undefined, call, t, t0);
  }

  /** On-demand inference for `ctx.askEnsemble()`. */
  askEnsemble(st: SymbolState): Promise<EnsembleDecision | undefined> {
    const window = this.#ensemble ? st.copyWindow() : undefined;
    return window ? this.#infer(window) : Promise.resolve(undefined);
  }

  async #infer(window: Float32Array): Promise<EnsembleDecision> {
    this.#stats.ensembleCalls++;
    const key = featureKey(this.#o.modelVersion ?? 'v1', window, this.#o.featureQuantum ?? 1e-4);
    const cache = this.cache;
    if (cache) {
      const hit = await cache.get<EnsembleDecision>('ensemble', key);
      if (hit !== undefined) {
        this.#stats.ensembleCacheHits++;
        return hit;
      }
    }
    const decision = await this.#ensemble!.predict(window);
    // Fire and forget: a slow cache write never delays the decision.
    if (cache && decision.complete) void cache.set('ensemble', key, decision).catch(() => undefined);
    return decision;
  }

  #decide(
    st: SymbolState,
    event: MarketEvent,
    meta: EventMeta | undefined,
    decision: EnsembleDecision | undefined,
    call: (ctx: StrategyContext<P>) => StrategyResult | Promise<StrategyResult>,
    t: bigint,
    t0: bigint,
  ): Promise<void> | undefined {
    const seq = st.seq++;
    st.nextKey(eventTime(event));
    // The decision's name in client order ids, built only when it sends orders (in #act).
    const name: DecisionName = { event, meta, time: st.keyTime, rank: st.keyRank };
    this.#stats.decisions++;
    const ctx = new Context<P>(this, st, event, seq, decision);
    const out = call.call(this.#o.strategy, ctx);
    if (isThenable<StrategyResult>(out)) {
      return Promise.resolve(out).then((o) => this.#act(st, name, normalise(o), decision, t, t0));
    }
    this.#act(st, name, normalise(out), decision, t, t0);
    return undefined;
  }

  #act(st: SymbolState, name: DecisionName, out: StrategyOutput, decision: EnsembleDecision | undefined, t: bigint, t0: bigint): void {
    const lat = this.#latency;
    if (lat) t = lat.lap('strategy', t);
    const orders = out.orders ?? NO_ORDERS;
    const key = orders.length > 0 ? decisionKey(name) : '';
    for (const id of out.cancel ?? []) this.venue.cancel(st.symbol, id);
    const approved: { id: string; req: OrderRequest; decision: Decision }[] = [];
    for (let i = 0; i < orders.length; i++) {
      const req = orders[i]!;
      const id = clientOrderId(this.#strategyName, st.symbol, key, i);
      if (this.#orders.has(id) || this.#finished.has(id) || this.#sent.has(id)) {
        this.#stats.duplicates++;
        continue;
      }
      const d = this.breaker.evaluate({ instrument: st.symbol, side: req.side, quantity: req.quantity, price: req.type === 'limit' ? req.price : undefined, strategy: this.#strategyName, clientOrderId: id });
      approved.push({ id, req, decision: d });
    }
    if (lat && orders.length > 0) t = lat.lap('risk', t);
    const now = this.#clock.now();
    for (const { id, req, decision: d } of approved) {
      if (!d.approved) {
        this.#stats.refused++;
        this.#journalRisk(st.symbol, id, now, d.reasons);
        continue;
      }
      const order = d.order;
      this.#orders.set(id, { symbol: st.symbol, side: order.side, decisionPrice: st.lastPrice, fills: 0 });
      if (req.algo) {
        this.#parents.start(id, st.symbol, order.side, order.quantity, req.algo, now);
        this.#stepParents(st, undefined);
      } else this.venue.submit({ clientOrderId: id, symbol: st.symbol, side: order.side, type: req.type ?? 'market', qty: order.quantity, price: req.price, tif: req.tif, postOnly: req.postOnly, reduceOnly: req.reduceOnly });
      this.#stats.orders++;
      this.metrics?.orders.inc({ symbol: st.symbol, side: order.side });
      this.#r.store?.journal.append('orders', { clientOrderId: id, time: now, symbol: st.symbol, side: order.side, orderType: req.type ?? 'market', qty: order.quantity, price: req.price ?? null, status: 'submitted', venue: this.venue.name, details: req.tag ? { tag: req.tag } : null });
      this.#r.sink?.publish({ kind: 'order', symbol: st.symbol, time: now, payload: { clientOrderId: id, ...req } });
      if (decision) {
        this.#r.store?.journal.append('signals', { signalId: id, time: now, symbol: st.symbol, action: decision.action, confidence: decision.confidence, details: null });
      }
    }
    if (lat && approved.length > 0) t = lat.lap('execution', t);
    this.#applyReports(this.venue.drain());
    if (lat) {
      lat.lap('accounting', t);
      lat.lap('total', t0);
    }
  }

  /** Lets the symbol's parent orders decide their children on the current market. */
  #stepParents(st: SymbolState, event: MarketEvent | undefined): void {
    const bar = event?.type === 'bar' ? event : undefined;
    const bid = st.top?.bid ?? (bar ? bar.close : st.lastPrice);
    const ask = st.top?.ask ?? (bar ? bar.close : st.lastPrice);
    const volume = bar ? bar.volume : event?.type === 'trade' ? event.qty : 0;
    const { submit, cancel, finished } = this.#parents.step(st.symbol, this.#clock.now(), bid, ask, volume);
    // A parent gets no venue report of its own: it is finished when its executor is.
    for (const id of finished) {
      const meta = this.#orders.get(id);
      if (meta && this.#orders.delete(id)) this.#finished.set(id, meta);
    }
    for (const id of cancel) this.venue.cancel(st.symbol, id);
    for (const child of submit) {
      const parentId = child.clientOrderId.slice(0, child.clientOrderId.lastIndexOf('.'));
      const parent = (this.#orders.get(parentId) ?? this.#finished.get(parentId))!;
      this.#orders.set(child.clientOrderId, { ...parent, fills: 0 });
      this.venue.submit(child);
    }
  }

  /** Parent order progress (`execution.Executor` status, filled, remaining), by parent id; see {@link ParentOrders.status}. */
  parentStatus(id: string): { status: string; filled: number; remaining: number } | undefined {
    return this.#parents.status(id);
  }

  #applyReports(reports: ExecutionReport[]): void {
    for (const r of reports) {
      this.#parents.onReport(r);
      // A finished order can still get a report: a fill overtaken by the cancel's
      // acknowledgement, a refused cancel. It is booked and shown like any other.
      const meta = this.#orders.get(r.clientOrderId) ?? this.#finished.get(r.clientOrderId);
      if (!meta) continue;
      if (r.kind === 'fill') {
        const result = this.portfolio.applyFill({
          id: `${r.clientOrderId}#${meta.fills++}`,
          instrument: meta.symbol,
          strategy: this.#strategyName,
          side: meta.side,
          quantity: r.qty,
          price: r.price,
          fee: r.fee,
          exchangeTime: r.time,
          decisionPrice: meta.decisionPrice,
        });
        this.#stats.fills++;
        this.#onFillApplied({ report: r, side: meta.side, decisionPrice: meta.decisionPrice, result });
      }
      if (isFinalReport(r.kind, r.leavesQty) && this.#orders.delete(r.clientOrderId)) this.#finished.set(r.clientOrderId, meta);
      this.#o.strategy.onExecution?.(r);
    }
  }

  #onFillApplied(fill: EngineFill): void {
    const r = fill.report;
    this.#state(r.symbol).positionQty = this.portfolio.positionOf(r.symbol);
    const journal = this.#r.store?.journal;
    // The whole position object costs a native object build: only read it when it is reported.
    const pos = this.metrics || journal ? this.portfolio.position(r.symbol) : undefined;
    if (this.metrics && pos) {
      this.metrics.fills.inc({ symbol: r.symbol, side: fill.side });
      this.metrics.position.set({ symbol: r.symbol }, pos.quantity);
      this.metrics.pnlRealized.set({ symbol: r.symbol }, pos.realisedPnl - pos.fees);
      this.metrics.pnlUnrealized.set({ symbol: r.symbol }, pos.unrealisedPnl);
    }
    if (journal && pos) {
      // A routed fill names the venue that executed it, not the router.
      journal.append('fills', { fillId: `${r.clientOrderId}#${pos.fills}`, clientOrderId: r.clientOrderId, time: r.time, symbol: r.symbol, side: fill.side, qty: r.qty, price: r.price, fee: r.fee, venue: r.venue ?? this.venue.name, liquidity: r.liquidity });
      journal.append('positions', { symbol: r.symbol, time: r.time, qty: pos.quantity, avgPrice: pos.avgEntryPrice, realizedPnl: pos.realisedPnl, unrealizedPnl: pos.unrealisedPnl });
    }
    this.#r.sink?.publish({ kind: 'fill', symbol: r.symbol, time: r.time, payload: { ...r, side: fill.side } });
    for (const l of this.#fillListeners) l(fill);
  }

  #journalRisk(symbol: string, id: string, time: number, reasons: readonly { code: string; message: string }[]): void {
    const details = { clientOrderId: id, reasons: reasons.map((x) => ({ code: x.code, message: x.message })) };
    this.#r.store?.journal.append('risk_events', { eventId: `refused:${id}`, time, symbol, kind: 'order_refused', severity: 'warn', details });
    this.#r.sink?.publish({ kind: 'risk_event', symbol, time, payload: details });
  }

  #onBreakerEvent(e: BreakerEvent): void {
    if (e.type !== 'state') return;
    this.metrics?.setBreakerState(e.to === 'half-open' ? 'half_open' : e.to);
    this.#o.logger?.warn({ from: e.from, to: e.to, reason: e.reason }, 'circuit breaker state change');
    const snapshot = this.breaker.snapshot();
    this.#r.store?.journal.append('breaker_snapshots', { snapshotId: `${e.time}:${e.to}`, time: e.time, state: e.to, reason: e.reason, details: { snapshot } });
    this.#r.sink?.publish({ kind: 'risk_event', symbol: '*', time: e.time, payload: { breaker: e.to, reason: e.reason } });
  }

  async run(): Promise<EngineStats> {
    await this.start();
    const source = this.#source ?? this.#r.configSource();
    this.#source = source;
    await source.start((event, meta) => this.processValidated(event, meta));
    try {
      await source.done();
    } finally {
      await this.stop();
    }
    return this.stats();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    // Stop intake first, then drain: every lane's last cycle finishes before outputs flush.
    await this.#source?.stop();
    await Promise.all([...this.#lanes.values()]);
    this.#stopped = true;
    await this.venue.close?.();
    this.#applyReports(this.venue.drain());
    await this.#r.sink?.flush();
    await this.#r.sink?.close();
    if (this.#r.store) {
      await this.#r.store.journal.flush();
      await this.#r.store.journal.close();
      await this.#r.store.store.close();
    }
    await this.cache?.close();
    await this.#ensemble?.close();
  }

  /** The engine clock (epoch ms). */
  now(): number {
    return this.#clock.now();
  }

  latency(): Partial<Record<Stage, StageLatency>> {
    return this.#latency?.breakdown() ?? {};
  }

  stats(): EngineStats {
    return { ...this.#stats };
  }

  onFill(listener: (fill: EngineFill) => void): void {
    this.#fillListeners.push(listener);
  }
}

export { STAGES };
export type { Engine, EngineFill, EngineStats } from './api.js';
