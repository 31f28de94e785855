/**
 * Market events from the rows of a native capture batch: the same objects `fromBinance` builds
 * from each line (same fields, values and key order), except that a book event's `bids` and
 * `asks` are built only when first read. Its levels stay in native memory, where the order book
 * and the simulated exchange apply them by row ({@link captureRow}), so a replay allocates no
 * `[price, qty]` pairs unless the strategy looks at them.
 */
import { CAPTURE_KIND, NO_SYMBOL, type CaptureBatch } from '../data/capture-reader.js';
import type { BookDelta, BookSnapshot, Level, MarketEvent, Quote, Trade } from './schema.js';

/** What a capture line does not name itself (as `BinanceContext`, without the time). */
export interface CaptureContext {
  venue: string;
  /** Symbol of messages without one (the REST snapshot). */
  symbol: string;
}

/** Message `index` of `batch`: where a capture-backed book event's levels are. */
export interface CaptureRow {
  batch: CaptureBatch;
  index: number;
}

/** The hidden slot of a book event: its row, and its levels once built (or assigned). */
interface Slot extends CaptureRow {
  bids: Level[] | undefined;
  asks: Level[] | undefined;
  /** Levels were assigned: the event no longer mirrors its row. */
  detached: boolean;
}

/** Key of the slot: a non-enumerable symbol, invisible to JSON, spreads, `Object.keys` and deep equality. */
const SLOT = Symbol('capture row');

type Backed = { [SLOT]?: Slot };

/** The batch row behind a book event built by {@link captureEvent}; undefined for any other event. */
export function captureRow(event: MarketEvent): CaptureRow | undefined {
  const slot = (event as Backed)[SLOT];
  return slot && !slot.detached ? slot : undefined;
}

function pairs(batch: CaptureBatch, start: number, end: number): Level[] {
  const { price, qty } = batch.levels();
  const out: Level[] = new Array(end - start);
  for (let k = start; k < end; k++) out[k - start] = [price[k]!, qty[k]!];
  return out;
}

function levelsOf(slot: Slot, side: 'bids' | 'asks'): Level[] {
  const c = slot.batch.columns;
  const i = slot.index;
  return side === 'bids' ? pairs(slot.batch, c.levelStart[i]!, c.bidEnd[i]!) : pairs(slot.batch, c.bidEnd[i]!, c.levelEnd[i]!);
}

/**
 * Own enumerable accessors, built on first read: JSON.stringify, spreads and deep equality see
 * plain levels. Assigning levels works as on a plain event and detaches the event from its row
 * (the book then applies the assigned levels). Shared descriptors keep `defineProperty` cheap.
 */
const LEVELS: PropertyDescriptorMap = {
  bids: {
    get(this: Backed) {
      const slot = this[SLOT]!;
      return (slot.bids ??= levelsOf(slot, 'bids'));
    },
    set(this: Backed, v: Level[]) {
      this[SLOT]!.bids = v;
      this[SLOT]!.detached = true;
    },
    enumerable: true,
    configurable: true,
  },
  asks: {
    get(this: Backed) {
      const slot = this[SLOT]!;
      return (slot.asks ??= levelsOf(slot, 'asks'));
    },
    set(this: Backed, v: Level[]) {
      this[SLOT]!.asks = v;
      this[SLOT]!.detached = true;
    },
    enumerable: true,
    configurable: true,
  },
};
const SLOT_DESCRIPTOR: PropertyDescriptor = { value: undefined, writable: true };

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Price-level updates (book events) plus quotes and trades in an event: the unit of replay throughput. */
export function bookEventsOf(event: MarketEvent): number {
  if (event.type === 'quote' || event.type === 'trade') return 1;
  if (event.type === 'bar') return 0;
  const row = captureRow(event);
  if (!row) return event.bids.length + event.asks.length;
  const c = row.batch.columns;
  return c.levelEnd[row.index]! - c.levelStart[row.index]!;
}

/** The event of message `i` of `batch`. */
export function captureEvent(batch: CaptureBatch, i: number, ctx: CaptureContext): MarketEvent {
  const c = batch.columns;
  const s = c.symbol[i]!;
  const symbol = s === NO_SYMBOL ? ctx.symbol : batch.symbols[s]!;
  const receiveTime = c.receiveTime[i]!;
  const exchangeTime = orNull(c.exchangeTime[i]!);
  switch (c.kind[i]) {
    case CAPTURE_KIND.quote: {
      const q: Quote = {
        type: 'quote',
        venue: ctx.venue,
        receiveTime,
        symbol,
        exchangeTime,
        bidPrice: c.bidPrice[i]!,
        bidQty: c.bidQty[i]!,
        askPrice: c.askPrice[i]!,
        askQty: c.askQty[i]!,
        updateId: orNull(c.lastUpdateId[i]!),
      };
      return q;
    }
    case CAPTURE_KIND.trade: {
      const t: Trade = {
        type: 'trade',
        venue: ctx.venue,
        receiveTime,
        symbol,
        exchangeTime,
        tradeId: String(c.tradeId[i]!),
        price: c.price[i]!,
        qty: c.qty[i]!,
        side: c.aggressor[i] === 1 ? 'sell' : 'buy',
      };
      return t;
    }
    default:
      return bookEvent(batch, i, ctx.venue, symbol, receiveTime, exchangeTime);
  }
}

function bookEvent(batch: CaptureBatch, i: number, venue: string, symbol: string, receiveTime: number, exchangeTime: number | null): BookDelta | BookSnapshot {
  const c = batch.columns;
  const head =
    c.kind[i] === CAPTURE_KIND.snapshot
      ? { type: 'book_snapshot' as const, venue, receiveTime, symbol, exchangeTime, lastUpdateId: c.lastUpdateId[i]! }
      : {
          type: 'book_delta' as const,
          venue,
          receiveTime,
          symbol,
          exchangeTime,
          firstUpdateId: c.firstUpdateId[i]!,
          finalUpdateId: c.lastUpdateId[i]!,
          prevFinalUpdateId: orNull(c.prevUpdateId[i]!),
        };
  const event = head as typeof head & Backed;
  Object.defineProperty(event, SLOT, SLOT_DESCRIPTOR);
  event[SLOT] = { batch, index: i, bids: undefined, asks: undefined, detached: false };
  Object.defineProperties(event, LEVELS);
  return event as unknown as BookDelta | BookSnapshot;
}
