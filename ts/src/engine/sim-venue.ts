/**
 * The simulated exchange as an {@link ExecutionVenue}: one `SimulatedExchange` per symbol (bar
 * or L2 mode), fed with the engine's validated events. All matching, queue positions, latency,
 * fees and slippage are computed in the core; this adapter converts events and reports.
 *
 * Without fixed `exchange` options the simulator of each symbol is chosen from what the symbol
 * trades on (see {@link SimVenueOptions}): L2 on its book settings, L2 on quotes (top of book)
 * for quote/trade symbols, bar mode for bar symbols.
 */
import { InvalidInputError } from '../errors.js';
import { captureRow } from '../events/capture.js';
import type { MarketEvent } from '../events/index.js';
import { SimulatedExchange } from '../execution/sim/index.js';
import type { BarVenueOptions, ExecEventBatch, L2VenueOptions, SimulatedExchangeOptions } from '../execution/sim/index.js';
import { EXEC_EVENT_KINDS, MARKET_ROW, REJECT_REASONS } from '../execution/sim/index.js';
import type { BookSettings } from './symbol-state.js';
import { isFinalReport, type ExecutionReport, type ExecutionVenue, type VenueBookView, type VenueOrder } from './types.js';

const UNITS_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a timeframe like `1m`, `15m`, `4h`, `1d`. */
export function timeframeMs(timeframe: string): number {
  const m = /^([1-9][0-9]*)([smhd])$/.exec(timeframe);
  if (!m) throw new InvalidInputError(`timeframe: expected like 1m, 15m, 4h, 1d, got ${JSON.stringify(timeframe)}`);
  return Number(m[1]) * UNITS_MS[m[2]!]!;
}

const MS_NS = 1_000_000n;

/**
 * Venue time of a tick event (ns). The local receive time: it is monotonic in a capture, while
 * exchange times of different streams (depth, trades, snapshots) interleave out of order.
 */
function tickNs(event: MarketEvent): bigint {
  return BigInt(Math.round(event.receiveTime * 1e3)) * 1000n;
}

interface SymbolVenue {
  exchange: SimulatedExchange;
  /** The simulator's mode was chosen from the symbol's first event (no fixed `exchange` options). */
  auto: boolean;
  mode: 'bar' | 'l2';
  /** The book comes from depth (book settings, or book events seen): quotes do not replace it. */
  depthFed: boolean;
  /** Close (ms) of the last bar skipped while nothing worked (NaN: none); the clock catches up before an order. */
  idleCloseMs: number;
  /** Orders submitted and not finished, by client order id. */
  working: Set<string>;
}

/** Tick size of the L2 simulator of a symbol without book settings: fine enough for any quote. */
export const DEFAULT_SIM_TICK_SIZE = '0.00000001';

/**
 * Options of {@link SimVenue}. With `exchange` every symbol gets those simulator options. Without
 * it, each symbol's simulator is chosen when the symbol is first seen:
 * - a symbol with `books` settings: L2 mode on its tick size, fed by its book events and trades;
 * - any other symbol whose first event is a quote, trade or book event: L2 mode on `tickSize`,
 *   where each quote becomes the whole book (top of book: a taker fills at most the quoted size)
 *   until book events arrive, and trades move resting orders' queues; a symbol with trades only
 *   has no displayed liquidity, so its market orders expire and its limit orders fill on trades;
 * - a symbol whose first event is a bar: bar mode.
 * Events that the chosen mode cannot use (bars of an L2 symbol, ticks of a bar symbol) are
 * skipped.
 */
export interface SimVenueOptions {
  name?: string;
  /** Fixed venue options for every symbol, or a function of the symbol. */
  exchange?: SimulatedExchangeOptions | ((symbol: string) => SimulatedExchangeOptions);
  /** L2 book settings by symbol (the engine passes its `books` option). */
  books?: Readonly<Record<string, BookSettings>>;
  /** Tick size of L2 symbols without book settings; order prices must be on it. Default {@link DEFAULT_SIM_TICK_SIZE}. */
  tickSize?: string | number;
  /** Models (fees, latency, queue, seed, ...) of the chosen L2 simulators. */
  l2?: Omit<L2VenueOptions, 'mode' | 'tickSize'>;
  /** Models and matching rules of the chosen bar simulators. */
  bar?: Omit<BarVenueOptions, 'mode'>;
}

/** The simulated exchange behind the engine's venue interface. */
export class SimVenue implements ExecutionVenue {
  readonly name: string;
  readonly #venues = new Map<string, SymbolVenue>();
  readonly #options: SimVenueOptions;
  readonly #reports: ExecutionReport[] = [];

  constructor(options: SimVenueOptions = {}) {
    this.name = options.name ?? 'sim';
    this.#options = options;
  }

  /** The simulator of `symbol`, created on first use; `first` is the symbol's first event. */
  #venue(symbol: string, first?: MarketEvent): SymbolVenue {
    let v = this.#venues.get(symbol);
    if (!v) {
      const { opts, auto } = this.#choose(symbol, first);
      const depthFed = this.#options.books?.[symbol] !== undefined;
      v = { exchange: new SimulatedExchange(opts), auto, mode: opts.mode, depthFed, idleCloseMs: NaN, working: new Set() };
      this.#venues.set(symbol, v);
    }
    return v;
  }

  #choose(symbol: string, first: MarketEvent | undefined): { opts: SimulatedExchangeOptions; auto: boolean } {
    const fixed = this.#options.exchange;
    if (fixed) return { opts: typeof fixed === 'function' ? fixed(symbol) : fixed, auto: false };
    const book = this.#options.books?.[symbol];
    // A symbol first seen through an order (no event yet) keeps the bar default unless it has a book.
    if (book || (first !== undefined && first.type !== 'bar')) {
      return { opts: { ...this.#options.l2, mode: 'l2', tickSize: book?.tickSize ?? this.#options.tickSize ?? DEFAULT_SIM_TICK_SIZE }, auto: true };
    }
    return { opts: { ...this.#options.bar, mode: 'bar' }, auto: true };
  }

  /** The simulator of a symbol (its book, orders, queue positions). */
  exchange(symbol: string): SimulatedExchange {
    return this.#venue(symbol).exchange;
  }

  onMarket(event: MarketEvent): void {
    const v = this.#venue(event.symbol, event);
    if (v.auto && (event.type === 'bar') !== (v.mode === 'bar')) return;
    if (event.type === 'book_snapshot' || event.type === 'book_delta') v.depthFed = true;
    switch (event.type) {
      case 'bar': {
        const duration = this.#durations.get(event.timeframe) ?? this.#duration(event.timeframe);
        const openMs = Math.round(event.openTime);
        if (v.working.size === 0) {
          // Nothing rests at the venue, so the bar cannot produce an event: only the clock must
          // reach its close before the next order (bar-mode matching reads the fill bar only).
          v.idleCloseMs = openMs + duration;
          return;
        }
        this.#catchUp(event.symbol, v);
        this.#collect(event.symbol, v, v.exchange.applyBar(openMs, openMs + duration, event.open, event.high, event.low, event.close, event.volume));
        return;
      }
      case 'book_snapshot': {
        const ts = tickNs(event);
        // A capture replay's book event: its levels go from the native batch to the venue.
        const row = captureRow(event);
        if (row) return this.#collect(event.symbol, v, v.exchange.applyCapture(row.batch, row.index, ts));
        const cols = (levels: readonly (readonly [number, number])[]) => ({
          price: Float64Array.from(levels, (l) => l[0]),
          qty: Float64Array.from(levels, (l) => l[1]),
        });
        this.#collect(event.symbol, v, v.exchange.snapshot(ts, cols(event.bids), cols(event.asks)));
        return;
      }
      case 'book_delta': {
        // (Like the path below, the core skips a diff without levels: it does not move the clock.)
        const row = captureRow(event);
        if (row) return this.#collect(event.symbol, v, v.exchange.applyCapture(row.batch, row.index, tickNs(event)));
        const n = event.bids.length + event.asks.length;
        if (n === 0) return;
        const ts = tickNs(event);
        const kind = new Uint8Array(n);
        const price = new Float64Array(n);
        const qty = new Float64Array(n);
        let i = 0;
        const put = (k: number, p: number, q: number) => {
          kind[i] = k;
          price[i] = p;
          qty[i++] = q;
        };
        for (const [p, q] of event.bids) put(MARKET_ROW.bid, p, q);
        for (const [p, q] of event.asks) put(MARKET_ROW.ask, p, q);
        this.#collect(event.symbol, v, v.exchange.applyMarket({ kind, tsNs: new BigInt64Array(n).fill(ts), price, qty }));
        return;
      }
      case 'trade':
        this.#collect(event.symbol, v, v.exchange.applyTrade(tickNs(event), event.price, event.qty, event.side));
        return;
      case 'quote':
        if (v.mode === 'l2' && !v.depthFed) this.#collect(event.symbol, v, v.exchange.quote(tickNs(event), { price: event.bidPrice, qty: event.bidQty }, { price: event.askPrice, qty: event.askQty }));
        return;
    }
  }

  readonly #durations = new Map<string, number>();

  #duration(timeframe: string): number {
    const ms = timeframeMs(timeframe);
    this.#durations.set(timeframe, ms);
    return ms;
  }

  /** Moves the venue clock to the close of the bars skipped while idle. */
  #catchUp(symbol: string, v: SymbolVenue): void {
    const close = v.idleCloseMs;
    if (close !== close) return;
    v.idleCloseMs = NaN;
    if (BigInt(close) * MS_NS > v.exchange.nowNs) this.#collect(symbol, v, v.exchange.advanceToMs(close));
  }

  submit(order: VenueOrder): void {
    const v = this.#venue(order.symbol);
    // The venue clock must be at the decision's bar before the order arrives (no look-ahead).
    this.#catchUp(order.symbol, v);
    v.exchange.submit({
      clientOrderId: order.clientOrderId,
      side: order.side,
      type: order.type,
      qty: order.qty,
      price: order.price,
      tif: order.tif,
      postOnly: order.postOnly,
      reduceOnly: order.reduceOnly,
    });
    v.working.add(order.clientOrderId);
  }

  cancel(symbol: string, clientOrderId: string): void {
    const v = this.#venue(symbol);
    if (!v.working.has(clientOrderId)) return;
    this.#catchUp(symbol, v);
    v.exchange.cancel(clientOrderId);
  }

  drain(): ExecutionReport[] {
    if (this.#reports.length === 0) return [];
    return this.#reports.splice(0, this.#reports.length);
  }

  /** Client order ids still working for a symbol. */
  working(symbol: string): readonly string[] {
    const v = this.#venues.get(symbol);
    return v ? [...v.working] : [];
  }

  /**
   * The symbol's book as a router sees it (L2 symbols): the levels a taker could take now, best
   * first, and the time of the last market data. Undefined when the symbol has no book.
   */
  book(symbol: string, depth: number): VenueBookView | undefined {
    const v = this.#venues.get(symbol);
    if (!v || v.mode !== 'l2') return undefined;
    const bids = v.exchange.depth('bid', depth);
    const asks = v.exchange.depth('ask', depth);
    if (bids.price.length === 0 && asks.price.length === 0) return undefined;
    return { bids, asks, time: Number(v.exchange.nowNs / 1000n) / 1000 };
  }

  #collect(symbol: string, v: SymbolVenue, b: ExecEventBatch): void {
    for (let i = 0; i < b.length; i++) {
      const kind = EXEC_EVENT_KINDS[b.kind[i]!]!;
      const leaves = b.leavesQty[i]!;
      const id = b.clientOrderId[i]!;
      if (isFinalReport(kind, leaves)) v.working.delete(id);
      const liq = b.liquidity[i]!;
      const reason = b.reason[i]!;
      this.#reports.push({
        kind,
        clientOrderId: id,
        symbol,
        time: Number(b.exchangeNs[i]! / 1000n) / 1000,
        price: b.price[i]!,
        qty: b.qty[i]!,
        fee: b.fee[i]!,
        liquidity: liq === 1 ? 'maker' : liq === 2 ? 'taker' : null,
        leavesQty: leaves,
        reason: reason === 0 ? null : REJECT_REASONS[reason - 1]!,
      });
    }
  }

  async close(): Promise<void> {
    for (const [symbol, v] of this.#venues) this.#catchUp(symbol, v);
  }
}
