/**
 * The simulated exchange, computed in Rust: one instance per venue, driven by replayed market
 * data in batches (one native call per batch), returning execution events in batches.
 */
import type { CaptureBatch } from '../../data/capture-reader.js';
import { callNative, InvalidInputError, NotFoundError } from '../../errors.js';
import { native } from '../../native.js';
import type { EventBatch as NativeEventBatch } from '../../../../native/binding.cjs';
import {
  EXEC_EVENT_KINDS,
  REJECT_REASONS,
  type BarBatch,
  type ExecEvent,
  type ExecEventBatch,
  type LevelColumns,
  type MarketBatch,
  type OrderInfo,
  type OrderInput,
  type OrderStatus,
  type OrderSide,
  type SimulatedExchangeOptions,
} from './types.js';

/** Turns an event batch into objects (convenient for small batches and tests). */
export function eventList(batch: ExecEventBatch): ExecEvent[] {
  const out: ExecEvent[] = [];
  for (let i = 0; i < batch.length; i++) {
    const liq = batch.liquidity[i]!;
    const reason = batch.reason[i]!;
    out.push({
      kind: EXEC_EVENT_KINDS[batch.kind[i]!]!,
      clientOrderId: batch.clientOrderId[i]!,
      orderId: batch.orderId[i]!,
      exchangeNs: batch.exchangeNs[i]!,
      receiveNs: batch.receiveNs[i]!,
      price: batch.price[i]!,
      qty: batch.qty[i]!,
      fee: batch.fee[i]!,
      liquidity: liq === 1 ? 'maker' : liq === 2 ? 'taker' : null,
      leavesQty: batch.leavesQty[i]!,
      reason: reason === 0 ? null : REJECT_REASONS[reason - 1]!,
    });
  }
  return out;
}

/**
 * A simulated venue for backtests and paper trading.
 *
 * - **L2 mode** (`mode: 'l2'`): replay a book with {@link snapshot} and {@link applyMarket}
 *   (level updates and trades as columns). Market orders walk the book, and their fills consume
 *   its liquidity until market data updates the level; limit orders queue at their price under
 *   the chosen queue model.
 * - **Bar mode** (`mode: 'bar'`): {@link applyBars}; market orders fill at the next bar's open or
 *   close with the slippage model, limit orders on a high/low touch.
 *
 * Orders are sent at the venue clock ({@link nowNs}, moved by market data or {@link advanceTo})
 * and reach the engine after the submit latency; events come back after the response latency, in
 * the batch returned by the call during which they are received. Same inputs and seed, same
 * events, bit for bit.
 *
 * Input errors throw the typed errors of `smc-engine` (`NonFiniteError` for a NaN price,
 * `OutOfRangeError` for a quantity <= 0, `NotFoundError` for an unknown client order id,
 * `InvalidStateError` for a cancel of an order whose final event was already received (one racing
 * a fill still in flight comes back as `cancelRejected`) or a reduce-only order that would increase
 * the position, `CrossedBookError` for a crossed snapshot, `UnorderedError` for time going
 * backwards). Conditions met at the engine (post-only would take, FOK unfillable, stale or
 * crossed book on arrival) come back as `rejected` events with a reason.
 *
 * Memory: working orders are always kept; finished ones up to `maxFinishedOrders` (10,000 by
 * default), the first to finish dropped first once its events have been returned. A dropped
 * order answers `NotFoundError` and never appears in an event again.
 */
/** Numbers and times per event in the buffers `takeEvents` fills (see native/src/exchange/rows.rs). */
const EVENT_NUMBERS = 8;
const EVENT_TIMES = 2;

/**
 * Submits between two looks at the orders the core dropped (one native call per this many
 * orders): the client order ids kept here exceed the core's kept orders by at most this many.
 */
const DROP_SWEEP = 64;

const EMPTY_EVENTS: ExecEventBatch = Object.freeze({
  length: 0,
  kind: new Uint8Array(0),
  orderId: new Uint32Array(0),
  clientOrderId: Object.freeze([]) as readonly string[],
  exchangeNs: new BigInt64Array(0),
  receiveNs: new BigInt64Array(0),
  price: new Float64Array(0),
  qty: new Float64Array(0),
  fee: new Float64Array(0),
  liquidity: new Uint8Array(0),
  leavesQty: new Float64Array(0),
  reason: new Uint8Array(0),
});

export class SimulatedExchange {
  readonly #inner: InstanceType<typeof native.SimVenue>;
  /**
   * Client order id <-> venue id of the orders the core keeps (see `maxFinishedOrders`): a
   * dropped order's id is forgotten here too, so neither side grows with every order.
   */
  readonly #ids = new Map<string, number>();
  readonly #names = new Map<number, string>();
  /** Orders submitted (the venue's next id), for the generated `o<n>` ids. */
  #submitted = 0;
  #sinceSweep = 0;
  /** Reused buffers of the row path ({@link applyBar}, {@link advanceToMs}). */
  #numbers = new Float64Array(16 * EVENT_NUMBERS);
  #times = new BigInt64Array(16 * EVENT_TIMES);

  constructor(options: SimulatedExchangeOptions) {
    this.#inner = callNative(() => new native.SimVenue(options));
  }

  #events(b: NativeEventBatch): ExecEventBatch {
    const clientOrderId = Array.from(b.orderId, (id) => this.#names.get(id)!);
    return { ...b, clientOrderId, length: b.kind.length };
  }

  #id(clientOrderId: string): number {
    const id = this.#ids.get(clientOrderId);
    if (id === undefined) throw new NotFoundError(`unknown client order id ${JSON.stringify(clientOrderId)}`);
    return id;
  }

  /**
   * Sends an order at the venue clock. Returns its client order id, which must be unique among
   * the orders the venue keeps (a dropped order's id may be used again).
   * @throws InvalidInputError for a duplicate client order id or a malformed order
   */
  submit(order: OrderInput): string {
    const name = order.clientOrderId ?? `o${this.#submitted}`;
    if (this.#ids.has(name)) throw new InvalidInputError(`client order id ${JSON.stringify(name)} is already used`);
    const request = {
      side: order.side,
      type: order.type,
      qty: order.qty,
      price: order.price,
      tif: order.tif,
      postOnly: order.postOnly,
      reduceOnly: order.reduceOnly,
    };
    const id = callNative(() => this.#inner.submit(request));
    this.#ids.set(name, id);
    this.#names.set(id, name);
    this.#submitted++;
    if (++this.#sinceSweep >= DROP_SWEEP) this.#forgetDropped();
    return name;
  }

  /** Forgets the client order ids of the orders the core dropped (they get no more events). */
  #forgetDropped(): void {
    this.#sinceSweep = 0;
    for (const id of this.#inner.takeDropped()) {
      const name = this.#names.get(id);
      this.#names.delete(id);
      if (name !== undefined && this.#ids.get(name) === id) this.#ids.delete(name);
    }
  }

  /** Sends a cancel at the venue clock. */
  cancel(clientOrderId: string): void {
    const id = this.#id(clientOrderId);
    callNative(() => this.#inner.cancel(id));
  }

  /**
   * Sends an amend of a resting limit order at the venue clock (`qty` is the new total). A
   * quantity decrease keeps the queue position; a price change or an increase re-queues.
   */
  amend(clientOrderId: string, change: { price?: number; qty?: number }): void {
    const id = this.#id(clientOrderId);
    callNative(() => this.#inner.amend(id, change.price, change.qty));
  }

  /** Replaces the replayed book at `tsNs` (L2 mode). */
  snapshot(tsNs: bigint, bids: LevelColumns, asks: LevelColumns): ExecEventBatch {
    return this.#events(callNative(() => this.#inner.snapshot(tsNs, bids.price, bids.qty, asks.price, asks.qty)));
  }

  /**
   * Replaces the replayed book at `tsNs` with a top-of-book quote (L2 mode), for feeds without
   * depth: one level per side (a zero quantity leaves the side empty), so a taker fills at most
   * the quoted size. A crossed quote is kept as it came; orders arriving on it are rejected
   * (`crossedBook`).
   */
  quote(tsNs: bigint, bid: { price: number; qty: number }, ask: { price: number; qty: number }): ExecEventBatch {
    return this.#events(callNative(() => this.#inner.quote(tsNs, bid.price, bid.qty, ask.price, ask.qty)));
  }

  /** Replays level updates and trades in one native call (L2 mode); validated as a whole first. */
  applyMarket(batch: MarketBatch): ExecEventBatch {
    return this.#events(callNative(() => this.#inner.applyMarket(batch)));
  }

  /**
   * Replays message `index` of a capture batch at `tsNs` (L2 mode) straight from its native rows:
   * a snapshot as {@link snapshot}, a depth diff as its level rows (bids, then asks; a diff
   * without levels is skipped) and a trade as its trade row in {@link applyMarket}; a quote
   * changes nothing. Nothing is converted when no event is due, which is most messages.
   */
  applyCapture(batch: CaptureBatch, index: number, tsNs: bigint): ExecEventBatch {
    const n = callNative(() => this.#inner.applyCapture(batch.native, index, tsNs));
    return n === 0 ? EMPTY_EVENTS : this.#take(n);
  }

  /**
   * One trade at `tsNs` (L2 mode), as a one-row {@link applyMarket}; `side` is the aggressor's
   * (`'sell'` when the buyer was the maker).
   */
  applyTrade(tsNs: bigint, price: number, qty: number, side: OrderSide): ExecEventBatch {
    const n = callNative(() => this.#inner.applyTrade(tsNs, price, qty, side === 'sell'));
    return n === 0 ? EMPTY_EVENTS : this.#take(n);
  }

  /** Processes bars in order (bar mode); afterwards the clock is the last bar's close. */
  applyBars(bars: BarBatch): ExecEventBatch {
    return this.#events(callNative(() => this.#inner.applyBars(bars)));
  }

  /** Moves the clock without market data. */
  advanceTo(tsNs: bigint): ExecEventBatch {
    return this.#events(callNative(() => this.#inner.advanceTo(tsNs)));
  }

  /**
   * One bar as numbers, times in whole epoch ms (bar mode): the same matching as
   * {@link applyBars}, for loops that step bar by bar. Nothing is converted when no event is due,
   * which is most bars, so the call costs a fraction of a one-bar {@link applyBars}.
   */
  applyBar(openMs: number, closeMs: number, open: number, high: number, low: number, close: number, volume: number): ExecEventBatch {
    const inner = this.#inner;
    const n = callNative(() => inner.applyBarMs(openMs, closeMs, open, high, low, close, volume));
    return n === 0 ? EMPTY_EVENTS : this.#take(n);
  }

  /** {@link advanceTo} with a time in whole epoch ms. */
  advanceToMs(tsMs: number): ExecEventBatch {
    const n = callNative(() => this.#inner.advanceToMs(tsMs));
    return n === 0 ? EMPTY_EVENTS : this.#take(n);
  }

  /** Copies the `n` waiting events out of the reused buffers into a batch of their own. */
  #take(n: number): ExecEventBatch {
    if (this.#numbers.length < n * EVENT_NUMBERS) {
      this.#numbers = new Float64Array(n * EVENT_NUMBERS);
      this.#times = new BigInt64Array(n * EVENT_TIMES);
    }
    const num = this.#numbers;
    const ts = this.#times;
    const got = this.#inner.takeEvents(num, ts);
    const b = {
      length: got,
      kind: new Uint8Array(got),
      orderId: new Uint32Array(got),
      clientOrderId: new Array<string>(got),
      exchangeNs: new BigInt64Array(got),
      receiveNs: new BigInt64Array(got),
      price: new Float64Array(got),
      qty: new Float64Array(got),
      fee: new Float64Array(got),
      liquidity: new Uint8Array(got),
      leavesQty: new Float64Array(got),
      reason: new Uint8Array(got),
    };
    for (let i = 0; i < got; i++) {
      const o = i * EVENT_NUMBERS;
      b.kind[i] = num[o]!;
      b.orderId[i] = num[o + 1]!;
      b.clientOrderId[i] = this.#names.get(num[o + 1]!)!;
      b.price[i] = num[o + 2]!;
      b.qty[i] = num[o + 3]!;
      b.fee[i] = num[o + 4]!;
      b.liquidity[i] = num[o + 5]!;
      b.leavesQty[i] = num[o + 6]!;
      b.reason[i] = num[o + 7]!;
      b.exchangeNs[i] = ts[i * EVENT_TIMES]!;
      b.receiveNs[i] = ts[i * EVENT_TIMES + 1]!;
    }
    return b;
  }

  /**
   * The venue's view of an order.
   * @throws NotFoundError for an unknown client order id, or an order finished and dropped
   * (beyond the last `maxFinishedOrders` finished orders)
   */
  order(clientOrderId: string): OrderInfo {
    const id = this.#id(clientOrderId);
    const o = callNative(() => this.#inner.order(id));
    return { ...o, clientOrderId, orderId: id, status: o.status as OrderStatus, side: o.side as OrderSide };
  }

  /** Best bid of the replayed book (L2 mode), or null. */
  bestBid(): { price: number; qty: number } | null {
    const l = callNative(() => this.#inner.best('bid'));
    return l ? { price: l[0]!, qty: l[1]! } : null;
  }

  /** Best ask of the replayed book (L2 mode), or null. */
  bestAsk(): { price: number; qty: number } | null {
    const l = callNative(() => this.#inner.best('ask'));
    return l ? { price: l[0]!, qty: l[1]! } : null;
  }

  /**
   * Up to `maxLevels` levels of a side that a taker could take now (L2 mode), best first: the
   * replayed book minus what this venue's own takers consumed since each level last changed.
   */
  depth(side: 'bid' | 'ask', maxLevels: number): LevelColumns {
    return callNative(() => this.#inner.depth(side, maxLevels));
  }

  /** Estimated quantity ahead of a resting order in its queue, or null when it does not rest. */
  queueAhead(clientOrderId: string): number | null {
    const id = this.#id(clientOrderId);
    return this.#inner.queueAhead(id) ?? null;
  }

  /** Client order ids of the orders that can still fill at the engine. */
  workingOrders(): string[] {
    return Array.from(this.#inner.workingOrders, (id) => this.#names.get(id)!);
  }

  /** The venue clock (ns). */
  get nowNs(): bigint {
    return this.#inner.nowNs;
  }

  /** Initial position plus signed fills (for reduce-only; the portfolio module keeps the books). */
  get position(): number {
    return this.#inner.position;
  }

  /** Number of orders submitted. */
  get orderCount(): number {
    return this.#inner.orderCount;
  }

  /**
   * Orders whose state the venue keeps: the working ones and the last finished ones (at most
   * `maxFinishedOrders`, plus those finished since the last submit or whose events are still on
   * their way).
   */
  get keptOrders(): number {
    return this.#inner.keptOrders;
  }
}
