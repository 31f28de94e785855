/**
 * The L2 order book, computed in Rust: integer-tick price levels, Binance depth sync with gap
 * detection, and book queries. One instance per instrument.
 */
import type { CaptureBatch } from '../data/capture-reader.js';
import { callNative } from '../errors.js';
import { native } from '../native.js';

/** A side of the book. */
export type BookSide = 'bid' | 'ask';

/** A price level input: `[price, quantity]`, each a decimal string (as Binance sends) or a number. */
export type LevelInput = readonly [string | number, string | number];

/** A price level. */
export interface BookLevel {
  price: number;
  qty: number;
}

export interface OrderBookOptions {
  /** The instrument's tick size, as a decimal string (`'0.01'`, exact) or a number. */
  tickSize: string | number;
  /**
   * How consecutive diffs link: `'spot'` (each `U` equals the previous `u` + 1, the default) or
   * `'futures'` (each `pu` equals the previous `u`).
   */
  market?: 'spot' | 'futures';
  /** Diffs kept while waiting for a snapshot (10,000 by default; oldest dropped beyond). */
  maxPending?: number;
}

/** A REST depth snapshot. */
export interface SnapshotInput {
  lastUpdateId: number;
  bids: readonly LevelInput[];
  asks: readonly LevelInput[];
}

/**
 * A depth diff event: either this SDK's names (as produced by `readBinanceCapture`) or Binance's
 * raw `depthUpdate` payload (`U`, `u`, `pu`, `b`, `a`).
 */
export type DiffInput =
  | {
      firstUpdateId: number;
      lastUpdateId: number;
      prevLastUpdateId?: number;
      bids: readonly LevelInput[];
      asks: readonly LevelInput[];
    }
  | { U: number; u: number; pu?: number; b: readonly LevelInput[]; a: readonly LevelInput[] };

/**
 * Level deltas as columns, applied in one native call. Rows are deltas; events group consecutive
 * rows (`eventEnd[k]` is the exclusive end row of event k) and carry the sequence ids, one per
 * event. Without ids the rows are applied without sequence checks (a simulator's own book).
 */
export interface DeltaBatch {
  /** 0 = bid, 1 = ask, per row. */
  side: Uint8Array;
  /** Price per row (rounded to the tick grid; off-grid prices are rejected). Give this or `priceTicks`. */
  price?: Float64Array;
  /** Price in whole ticks per row. */
  priceTicks?: Float64Array;
  /** New absolute quantity per row; 0 removes the level. */
  qty: Float64Array;
  /** Exclusive end row of each event; omitted: the whole batch is one event. */
  eventEnd?: Uint32Array;
  /** `U` per event. */
  firstUpdateId?: Float64Array;
  /** `u` per event. */
  lastUpdateId?: Float64Array;
  /** `pu` per event (futures). */
  prevLastUpdateId?: Float64Array;
}

export interface DeltaBatchResult {
  events: number;
  applied: number;
  /** Events older than the snapshot, dropped. */
  stale: number;
  /** Events kept until a snapshot arrives. */
  buffered: number;
  /** With `record: true`: the top of book after each event (NaN while not synced). */
  bestBid?: Float64Array;
  bestBidQty?: Float64Array;
  bestAsk?: Float64Array;
  bestAskQty?: Float64Array;
}

/** The result of walking the book (see {@link OrderBook.walk}). */
export interface Fill {
  /** Quantity the book could fill (less than asked when the side runs out). */
  filledQty: number;
  /** Sum of price x quantity over the consumed levels. */
  cost: number;
  /** `cost / filledQty` (NaN when nothing filled). */
  avgPrice: number;
  /** Price of the last level touched. */
  worstPrice: number;
  /** Levels touched. */
  levels: number;
  /** Whether the whole quantity was filled. */
  complete: boolean;
}

/** Outcome of {@link OrderBook.applyDiff}. */
export type DiffOutcome = 'applied' | 'stale' | 'buffered';

function diffFields(d: DiffInput) {
  if ('U' in d) {
    return { firstUpdateId: d.U, lastUpdateId: d.u, prevLastUpdateId: d.pu, bids: d.b, asks: d.a };
  }
  return {
    firstUpdateId: d.firstUpdateId,
    lastUpdateId: d.lastUpdateId,
    prevLastUpdateId: d.prevLastUpdateId,
    bids: d.bids,
    asks: d.asks,
  };
}

type NativeLevels = (string | number)[][];

/** The binding only reads the pairs, so a readonly array can be passed as is. */
function asNative(levels: readonly LevelInput[]): NativeLevels {
  return levels as unknown as NativeLevels;
}

/**
 * An L2 order book kept in sync with a Binance diff stream (Binance "How to manage a local order
 * book correctly"): diffs before the first snapshot are buffered; on the snapshot (id L) diffs
 * with `u <= L` (futures `u < L`) are dropped, the first applied diff must span L+1 (futures: L),
 * then every diff must follow the previous one (`U == u + 1`; futures `pu == u`).
 *
 * - A gap throws `ResyncRequiredError`; the book then buffers again until the next snapshot, so
 *   it is never silently wrong. Fetch a snapshot and call {@link applySnapshot}.
 * - A diff that goes backwards throws `UnorderedError` and changes nothing.
 * - A diff after which the best bid >= best ask throws `CrossedBookError`; that diff IS applied
 *   (the book mirrors the venue) and {@link isCrossed} stays true until a diff uncrosses it.
 * - NaN, infinite or negative quantities and off-grid prices throw before anything changes.
 *
 * Prices are keyed by integer ticks internally (decimal strings convert exactly), so repeated
 * updates of a level always hit the same key.
 */
export class OrderBook {
  readonly #inner: InstanceType<typeof native.OrderBook>;

  constructor(options: OrderBookOptions) {
    this.#inner = callNative(() => new native.OrderBook(options));
  }

  /**
   * Applies a REST snapshot, then replays the buffered diffs through the sequence checks.
   * @returns the number of buffered diffs applied
   * @throws ResyncRequiredError when the snapshot is older than the buffered diffs, or they do not link
   */
  applySnapshot(snapshot: SnapshotInput): number {
    return callNative(() =>
      this.#inner.applySnapshot({
        lastUpdateId: snapshot.lastUpdateId,
        bids: asNative(snapshot.bids),
        asks: asNative(snapshot.asks),
      }),
    );
  }

  /** Feeds one diff event (buffered before the first snapshot). See the class doc for errors. */
  applyDiff(diff: DiffInput): DiffOutcome {
    const f = diffFields(diff);
    return callNative(() =>
      this.#inner.applyDiff({
        firstUpdateId: f.firstUpdateId,
        lastUpdateId: f.lastUpdateId,
        prevLastUpdateId: f.prevLastUpdateId,
        bids: asNative(f.bids),
        asks: asNative(f.asks),
      }),
    ) as DiffOutcome;
  }

  /**
   * Applies message `index` of a capture batch (a depth diff or a REST snapshot) straight from
   * its native rows: the same as {@link applyDiff} / {@link applySnapshot} with its levels,
   * without building them in JavaScript.
   * @returns the diff's outcome, or `'snapshot'`
   * @throws as applyDiff / applySnapshot; InvalidInputError for a quote or trade message
   */
  applyCapture(batch: CaptureBatch, index: number): DiffOutcome | 'snapshot' {
    return callNative(() => this.#inner.applyCapture(batch.native, index)) as DiffOutcome | 'snapshot';
  }

  /**
   * Applies many events given as columns in ONE native call (the fast path for replays).
   * Every row is validated first (bad input changes nothing); a sequence or crossing error stops
   * at the offending event, with the events before it applied (the message names the event).
   *
   * @param options.record also return the top of book after each event
   */
  applyDeltas(batch: DeltaBatch, options: { record?: boolean } = {}): DeltaBatchResult {
    return callNative(() => this.#inner.applyDeltas(batch, options.record ?? false)) as DeltaBatchResult;
  }

  /** Sets one level without sequence checks (a simulator's own book); quantity 0 removes it. */
  setLevel(side: BookSide, price: number, qty: number): void {
    callNative(() => this.#inner.setLevel(side, price, qty));
  }

  /** The best bid, or null on an empty side. */
  bestBid(): BookLevel | null {
    return this.#best('bid');
  }

  /** The best ask, or null on an empty side. */
  bestAsk(): BookLevel | null {
    return this.#best('ask');
  }

  #best(side: BookSide): BookLevel | null {
    const l = callNative(() => this.#inner.best(side));
    return l ? { price: l[0]!, qty: l[1]! } : null;
  }

  /** Best bid and ask with their quantities and the mid, in one native call; null when a side is empty. */
  bbo(): { bid: number; bidQty: number; ask: number; askQty: number; mid: number } | null {
    const t = this.#inner.bbo();
    return t ? { bid: t[0]!, bidQty: t[1]!, ask: t[2]!, askQty: t[3]!, mid: t[4]! } : null;
  }

  /** (best bid + best ask) / 2; NaN when a side is empty. */
  get mid(): number {
    return this.#inner.mid;
  }

  /** best ask - best bid; NaN when a side is empty. */
  get spread(): number {
    return this.#inner.spread;
  }

  get tickSize(): number {
    return this.#inner.tickSize;
  }

  /** The last applied update id (the snapshot's before the first diff); null before a snapshot. */
  get lastUpdateId(): number | null {
    return this.#inner.lastUpdateId ?? null;
  }

  /** A snapshot was applied and no gap was seen since. */
  get isSynced(): boolean {
    return this.#inner.isSynced;
  }

  /** A gap was detected: apply a fresh snapshot. */
  get needsResync(): boolean {
    return this.#inner.needsResync;
  }

  /** Best bid >= best ask. */
  get isCrossed(): boolean {
    return this.#inner.isCrossed;
  }

  /** Diffs waiting for a snapshot. */
  get pending(): number {
    return this.#inner.pending;
  }

  /** Number of levels on a side. */
  depth(side: BookSide): number {
    return callNative(() => this.#inner.depth(side));
  }

  /** The best `n` levels of a side (all levels when `n` is omitted), best first, as columns. */
  top(side: BookSide, n?: number): { price: Float64Array; qty: Float64Array } {
    return callNative(() => this.#inner.levels(side, n));
  }

  /** Iterates a side's levels best first (one snapshot of the side, taken when iteration starts). */
  *levels(side: BookSide): Generator<BookLevel> {
    const { price, qty } = this.top(side);
    for (let i = 0; i < price.length; i++) yield { price: price[i]!, qty: qty[i]! };
  }

  /**
   * Total quantity on `side` priced within `distance` of that side's best price, inclusive
   * (bids >= best bid - distance; asks <= best ask + distance).
   */
  depthWithin(side: BookSide, distance: number): number {
    return callNative(() => this.#inner.depthWithin(side, distance));
  }

  /**
   * Walks `side` from the touch to fill `qty`: a market BUY walks `'ask'`, a SELL walks `'bid'`.
   * @throws OutOfRangeError / NonFiniteError when qty is not a finite number > 0
   */
  walk(side: BookSide, qty: number): Fill {
    return callNative(() => this.#inner.walk(side, qty));
  }

  /**
   * Depth-weighted imbalance over the best `levels` levels per side:
   * `sum w_k (Qb_k - Qa_k) / sum w_k (Qb_k + Qa_k)`, `w_k = exp(-decay k)` (k = 0 at the touch;
   * Cao, Hansch & Wang 2009). In [-1, 1]; NaN on an empty book.
   */
  imbalance(levels: number, decay = 0): number {
    return callNative(() => this.#inner.imbalance(levels, decay));
  }
}

/**
 * Converts prices to integer ticks exactly (decimal strings) or by rounding to the grid (numbers).
 * @throws InvalidInputError for a price off the tick grid
 */
export function priceToTicks(tickSize: string | number, prices: readonly (string | number)[]): Float64Array {
  return callNative(() => native.priceToTicks(tickSize, prices as (string | number)[]));
}
