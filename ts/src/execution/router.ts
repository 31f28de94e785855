/**
 * Smart order router: splits an order across venues at the lowest fee-inclusive cost, in Rust.
 *
 * A {@link Router} holds the venues' static configuration; each {@link Router.route} call packs
 * every venue's book into one Float64Array (reused) and crosses N-API once.
 */
import { callNative, LengthMismatchError } from '../errors.js';
import { native } from '../native.js';
import type { Side } from './measure.js';

export interface VenueConfig {
  name: string;
  /** Taker fee in bps of notional (negative = rebate). */
  takerFeeBps?: number;
  makerFeeBps?: number;
  /** Fixed fee per child order, in quote currency. */
  fixedFee?: number;
  /** Quantity increment (1e-8 by default). */
  lotSize?: number;
  minNotional?: number;
  /** Largest quantity we may send here (inventory, position limit). */
  maxQty?: number;
  /** Quote balance available to buy with, fees included. */
  maxNotional?: number;
  latencyMs?: number;
}

/** One side of an L2 book, best level first (asks ascending, bids descending). */
export interface BookLevels {
  price: Float64Array;
  qty: Float64Array;
}

export interface VenueBook {
  bids: BookLevels;
  asks: BookLevels;
  /** Milliseconds since the book was updated (0 by default). */
  ageMs?: number;
  /** The feed had a sequence gap: the book is dropped. */
  sequenceGap?: boolean;
  /** Quantity per ms others take from the touch (feeds the fill model). */
  depletionRate?: number;
}

export interface RouteOrder {
  side: Side;
  quantity: number;
  /** Worst acceptable price before fees. */
  limit?: number;
}

export interface RouteOptions {
  /** Books older than this are dropped (none by default). */
  maxBookAgeMs?: number;
  /** Weigh levels by fill probability: depletion during latency, then exp(-latency x decay). */
  fillModel?: { latencyDecayPerMs: number };
  /** With a fill model, send more on low-probability venues; never more than the order in total. */
  oversize?: boolean;
  /** Explain every allocation step in `result.trace`. */
  trace?: boolean;
}

export interface ChildRoute {
  venue: string;
  quantity: number;
  /** Deepest price used: send the child with this limit. */
  limitPrice: number;
  /** Volume-weighted price before fees. */
  averagePrice: number;
  /** Taker fees plus the fixed fee. */
  fees: number;
  /** Cash out for a buy (notional + fees), cash in for a sell (notional - fees). */
  allIn: number;
  /** Quantity expected to fill under the fill model (= quantity without one). */
  expectedFill: number;
}

export interface RouteTraceEntry {
  venue: string;
  action:
    | 'dropped-stale'
    | 'dropped-sequence-gap'
    | 'dropped-no-capacity'
    | 'take'
    | 'rounded-to-lot'
    | 'lot-top-up'
    | 'below-min-notional'
    | 'fixed-fee-not-worth'
    | 'allocated';
  level?: number;
  quantity: number;
  price?: number;
  detail: number;
  /** The entry in plain English. */
  text: string;
}

export interface RouteResult {
  children: ChildRoute[];
  quantity: number;
  /** NaN when nothing is routed. */
  averagePrice: number;
  fees: number;
  allIn: number;
  expectedFill: number;
  /** Quantity not routed (liquidity within the limit, caps, lots). */
  unfilled: number;
  /** Present when routed with `trace: true`. */
  trace?: RouteTraceEntry[];
}

const VENUE_HEADER = 5;
const RESULT_HEADER = 7;
const CHILD_STRIDE = 7;

/** A router over a fixed set of venues. Reuse it: it keeps its buffers between decisions. */
export class Router {
  readonly #inner: InstanceType<typeof native.Router>;
  readonly #names: readonly string[];
  readonly #index: Map<string, number>;
  readonly #out: Float64Array;
  #packed = new Float64Array(0);
  #ordered: (VenueBook | undefined)[];

  /** @throws InvalidInputError (duplicate or empty name), OutOfRangeError (bad fee, lot, cap) */
  constructor(venues: readonly VenueConfig[]) {
    this.#inner = callNative(() => new native.Router([...venues]));
    this.#names = this.#inner.venueNames;
    this.#index = new Map(this.#names.map((n, i) => [n, i]));
    this.#out = new Float64Array(RESULT_HEADER + CHILD_STRIDE * this.#names.length);
    this.#ordered = new Array<VenueBook | undefined>(this.#names.length);
  }

  get venues(): readonly string[] {
    return this.#names;
  }

  /**
   * Routes `order` over the venues' books, keyed by venue name (a venue without a book is
   * skipped) or given as an array in configuration order.
   * @throws NotFoundError (unknown venue), CrossedBookError, ResyncRequiredError (every book
   * stale or gapped), NonFiniteError, UnorderedError, OutOfRangeError
   */
  route(order: RouteOrder, books: Readonly<Record<string, VenueBook>> | readonly VenueBook[], options: RouteOptions = {}): RouteResult {
    return this.routePacked(order, this.pack(books), options);
  }

  /**
   * Packs books into the layout {@link routePacked} takes, in configuration order, per venue:
   * [ageMs, sequenceGap, depletionRate, nBid, nAsk, bid prices, bid sizes, ask prices, ask sizes].
   * The returned array is a view of an internal buffer, overwritten by the next call.
   */
  pack(books: Readonly<Record<string, VenueBook>> | readonly VenueBook[]): Float64Array {
    const ordered = this.#ordered;
    ordered.fill(undefined);
    if (Array.isArray(books)) {
      if (books.length !== this.#names.length) {
        throw new LengthMismatchError(`books: expected ${this.#names.length} (one per venue), got ${books.length}`);
      }
      for (let i = 0; i < books.length; i++) ordered[i] = (books as readonly VenueBook[])[i];
    } else {
      for (const [name, book] of Object.entries(books as Record<string, VenueBook>)) {
        const i = this.#index.get(name) ?? callNative(() => this.#inner.venueIndex(name));
        ordered[i] = book;
      }
    }
    let size = 0;
    for (const b of ordered) size += VENUE_HEADER + (b ? 2 * (b.bids.price.length + b.asks.price.length) : 0);
    if (this.#packed.length < size) this.#packed = new Float64Array(size * 2);
    const buf = this.#packed;
    let at = 0;
    for (let v = 0; v < ordered.length; v++) {
      const b = ordered[v];
      if (!b) {
        buf[at] = 0;
        buf[at + 1] = 0;
        buf[at + 2] = 0;
        buf[at + 3] = 0;
        buf[at + 4] = 0;
        at += VENUE_HEADER;
        continue;
      }
      const nb = b.bids.price.length;
      const na = b.asks.price.length;
      if (b.bids.qty.length !== nb || b.asks.qty.length !== na) {
        throw new LengthMismatchError(`${this.#names[v]}: each side needs as many sizes as prices`);
      }
      buf[at] = b.ageMs ?? 0;
      buf[at + 1] = b.sequenceGap ? 1 : 0;
      buf[at + 2] = b.depletionRate ?? 0;
      buf[at + 3] = nb;
      buf[at + 4] = na;
      at += VENUE_HEADER;
      buf.set(b.bids.price, at);
      buf.set(b.bids.qty, at + nb);
      at += 2 * nb;
      buf.set(b.asks.price, at);
      buf.set(b.asks.qty, at + na);
      at += 2 * na;
    }
    return buf.subarray(0, at);
  }

  /** Routes with books already packed (see {@link pack}): the fastest path. */
  routePacked(order: RouteOrder, packed: Float64Array, options: RouteOptions = {}): RouteResult {
    const out = this.#out;
    const trace = options.trace === true;
    const n = callNative(() =>
      this.#inner.route(
        order.side,
        order.quantity,
        order.limit ?? NaN,
        packed,
        out,
        options.maxBookAgeMs ?? Infinity,
        options.fillModel ? options.fillModel.latencyDecayPerMs : NaN,
        options.oversize === true,
        trace,
      ),
    );
    const children: ChildRoute[] = new Array<ChildRoute>(n);
    for (let i = 0; i < n; i++) {
      const at = RESULT_HEADER + i * CHILD_STRIDE;
      children[i] = {
        venue: this.#names[out[at]!]!,
        quantity: out[at + 1]!,
        limitPrice: out[at + 2]!,
        averagePrice: out[at + 3]!,
        fees: out[at + 4]!,
        allIn: out[at + 5]!,
        expectedFill: out[at + 6]!,
      };
    }
    const result: RouteResult = {
      children,
      quantity: out[1]!,
      averagePrice: out[2]!,
      fees: out[3]!,
      allIn: out[4]!,
      expectedFill: out[5]!,
      unfilled: out[6]!,
    };
    if (trace) result.trace = this.#inner.lastTrace() as RouteTraceEntry[];
    return result;
  }
}

/**
 * One-shot routing: `venues` carry their configuration and book. For repeated decisions keep a
 * {@link Router} instead (it reuses its buffers).
 */
export function route(order: RouteOrder, venues: readonly (VenueConfig & { book: VenueBook })[], options: RouteOptions = {}): RouteResult {
  const router = new Router(venues.map(({ book: _book, ...config }) => config));
  return router.route(order, venues.map((v) => v.book), options);
}
