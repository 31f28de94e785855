/**
 * A hand-written fast path for the edge check, in front of the zod schemas.
 *
 * Why: on the Kafka hot path zod's parse (which builds a fresh output object) costs about as much
 * as JSON.parse itself, which alone puts the consumer under 90% of a bare kafkajs consumer. This
 * checks the same rules without allocating and returns the input object as is.
 *
 * It is a pure accelerator: it answers only "certainly valid, with exactly the schema's keys";
 * anything else (invalid, or extra keys zod would strip) goes to zod, which stays the single
 * definition of validity and produces the error messages. ts/test/events/fast-check.test.ts
 * checks that the two agree on thousands of mutated events.
 */
import type { MarketEvent } from './schema.js';

type Obj = Record<string, unknown>;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const price = (v: unknown) => finite(v) && v > 0;
const quantity = (v: unknown) => finite(v) && v >= 0;
const epochMs = (v: unknown) => finite(v) && v >= 0;
const id = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const text = (v: unknown) => typeof v === 'string' && v.length > 0;

function levels(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const level of v) {
    if (!Array.isArray(level) || level.length !== 2 || !price(level[0]) || !quantity(level[1])) return false;
  }
  return true;
}

/**
 * Own enumerable keys. `Object.keys` reads V8's enum cache for a JSON.parse'd object: about
 * 25 ns for a trade, where a for...in with an `Object.hasOwn` test per key took 130-200 ns
 * (measured on the Kafka hot path, where this runs per message).
 */
function keyCount(o: Obj): number {
  return Object.keys(o).length;
}

const TIMEFRAME = /^[1-9][0-9]*[smhd]$/;

/** `value` typed as a MarketEvent when it certainly passes the schema unchanged; otherwise undefined. */
export function fastCheck(value: unknown): MarketEvent | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const o = value as Obj;
  if (!text(o.venue) || !text(o.symbol) || !epochMs(o.receiveTime)) return undefined;
  if (o.exchangeTime !== null && !epochMs(o.exchangeTime)) return undefined;
  let ok: boolean;
  let keys: number;
  switch (o.type) {
    case 'trade':
      keys = 9;
      ok = text(o.tradeId) && price(o.price) && finite(o.qty) && o.qty > 0 && (o.side === 'buy' || o.side === 'sell');
      break;
    case 'quote':
      keys = 10;
      ok = price(o.bidPrice) && quantity(o.bidQty) && price(o.askPrice) && quantity(o.askQty) && (o.updateId === null || id(o.updateId));
      break;
    case 'book_delta':
      keys = 10;
      ok =
        id(o.firstUpdateId) &&
        id(o.finalUpdateId) &&
        (o.finalUpdateId as number) >= (o.firstUpdateId as number) &&
        (o.prevFinalUpdateId === null || id(o.prevFinalUpdateId)) &&
        levels(o.bids) &&
        levels(o.asks);
      break;
    case 'book_snapshot':
      keys = 8;
      ok = id(o.lastUpdateId) && levels(o.bids) && levels(o.asks);
      break;
    case 'bar': {
      keys = 12;
      const { open, high, low, close } = o;
      ok =
        typeof o.timeframe === 'string' &&
        TIMEFRAME.test(o.timeframe) &&
        epochMs(o.openTime) &&
        price(open) &&
        price(high) &&
        price(low) &&
        price(close) &&
        quantity(o.volume) &&
        (high as number) >= Math.max(open as number, close as number, low as number) &&
        (low as number) <= Math.min(open as number, close as number);
      break;
    }
    default:
      return undefined;
  }
  return ok && keyCount(o) === keys ? (o as MarketEvent) : undefined;
}
