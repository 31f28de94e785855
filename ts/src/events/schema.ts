/**
 * The market event model: trades, best quotes, L2 snapshots and deltas, and bars.
 *
 * Every event carries where it came from (`venue`, `symbol`) and two clocks: `exchangeTime`, the
 * venue's own timestamp (null when the venue sends none, as Binance spot `bookTicker` and REST
 * depth snapshots), and `receiveTime`, when our process (or the capture tool) received it. Both
 * are epoch milliseconds and may carry a fraction, so microsecond receive stamps survive (a plain
 * float64 of epoch nanoseconds would not: it exceeds 2^53).
 *
 * The schemas here are the edge check: anything that fails them is rejected with an
 * {@link InvalidEventError} before it can reach the book or the strategy.
 */
import { z } from 'zod';

const finite = z.number().finite();
const price = finite.positive();
const quantity = finite.nonnegative();
const epochMs = finite.nonnegative();
const id = z.number().int().nonnegative();

/** One price level, `[price, quantity]`; quantity 0 in a delta removes the level. */
export const levelSchema = z.tuple([price, quantity]);

const base = {
  venue: z.string().min(1),
  symbol: z.string().min(1),
  exchangeTime: epochMs.nullable(),
  receiveTime: epochMs,
};

export const tradeSchema = z.object({
  type: z.literal('trade'),
  ...base,
  /** Venue trade id, as a string so 64-bit ids survive. */
  tradeId: z.string().min(1),
  price,
  qty: finite.positive(),
  /** The aggressor's side: `sell` when the buyer was the maker. */
  side: z.enum(['buy', 'sell']),
});

export const quoteSchema = z.object({
  type: z.literal('quote'),
  ...base,
  bidPrice: price,
  bidQty: quantity,
  askPrice: price,
  askQty: quantity,
  /** Venue update id when it sends one, to order quotes against book deltas. */
  updateId: id.nullable(),
});

export const bookSnapshotSchema = z.object({
  type: z.literal('book_snapshot'),
  ...base,
  lastUpdateId: id,
  bids: z.array(levelSchema),
  asks: z.array(levelSchema),
});

export const bookDeltaSchema = z
  .object({
    type: z.literal('book_delta'),
    ...base,
    firstUpdateId: id,
    finalUpdateId: id,
    /** Final update id of the previous delta (futures `pu`), when the venue sends it. */
    prevFinalUpdateId: id.nullable(),
    bids: z.array(levelSchema),
    asks: z.array(levelSchema),
  })
  .refine((d) => d.finalUpdateId >= d.firstUpdateId, {
    message: 'finalUpdateId is below firstUpdateId',
    path: ['finalUpdateId'],
  });

export const barSchema = z
  .object({
    type: z.literal('bar'),
    ...base,
    /** Bar length as `<n><unit>`, unit one of s m h d (`1m`, `15m`, `4h`). */
    timeframe: z.string().regex(/^[1-9][0-9]*[smhd]$/, 'expected a timeframe like 1m, 15m, 4h, 1d'),
    openTime: epochMs,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: quantity,
  })
  .refine((b) => b.high >= Math.max(b.open, b.close, b.low) && b.low <= Math.min(b.open, b.close), {
    message: 'high/low do not bound open and close',
    path: ['high'],
  });

/** Any market event, discriminated by `type`. */
export const marketEventSchema = z.discriminatedUnion('type', [
  tradeSchema,
  quoteSchema,
  bookSnapshotSchema,
  bookDeltaSchema,
  barSchema,
]);

/** A `[price, quantity]` level. */
export type Level = z.infer<typeof levelSchema>;
/** An executed trade. */
export type Trade = z.infer<typeof tradeSchema>;
/** Best bid and ask (top of book). */
export type Quote = z.infer<typeof quoteSchema>;
/** A full L2 depth snapshot. */
export type BookSnapshot = z.infer<typeof bookSnapshotSchema>;
/** An incremental L2 update covering update ids `firstUpdateId..finalUpdateId`. */
export type BookDelta = z.infer<typeof bookDeltaSchema>;
/** An OHLCV bar. */
export type Bar = z.infer<typeof barSchema>;
/** Any market event. */
export type MarketEvent = z.infer<typeof marketEventSchema>;
/** The `type` tags of {@link MarketEvent}. */
export type MarketEventType = MarketEvent['type'];
