/**
 * Builds the columnar {@link DeltaBatch} of many depth diff events, for
 * {@link OrderBook.applyDeltas}.
 */
import type { RawLevel } from '../data/capture.js';
import type { DeltaBatch } from './order-book.js';

/** The fields of a depth event the batch needs (a `DepthEvent` from `readBinanceCapture` fits). */
export interface DepthDiffLike {
  firstUpdateId: number;
  lastUpdateId: number;
  prevLastUpdateId?: number;
  bids: readonly RawLevel[] | readonly (readonly [string | number, string | number])[];
  asks: readonly RawLevel[] | readonly (readonly [string | number, string | number])[];
}

/**
 * Flattens diff events into columns: one row per level (bids then asks of each event), one id
 * per event. Prices and quantities are parsed with `Number` (correctly rounded; the book then
 * snaps prices to the tick grid exactly). `prevLastUpdateId` is included when every event has one.
 */
export function depthColumns(events: readonly DepthDiffLike[]): DeltaBatch {
  let rows = 0;
  for (const e of events) rows += e.bids.length + e.asks.length;
  const side = new Uint8Array(rows);
  const price = new Float64Array(rows);
  const qty = new Float64Array(rows);
  const eventEnd = new Uint32Array(events.length);
  const firstUpdateId = new Float64Array(events.length);
  const lastUpdateId = new Float64Array(events.length);
  const prevLastUpdateId = new Float64Array(events.length);
  let withPu = events.length > 0;
  let r = 0;
  events.forEach((e, k) => {
    for (const [levels, s] of [
      [e.bids, 0],
      [e.asks, 1],
    ] as const) {
      for (const [p, q] of levels) {
        side[r] = s;
        price[r] = Number(p);
        qty[r] = Number(q);
        r++;
      }
    }
    eventEnd[k] = r;
    firstUpdateId[k] = e.firstUpdateId;
    lastUpdateId[k] = e.lastUpdateId;
    if (e.prevLastUpdateId === undefined) withPu = false;
    else prevLastUpdateId[k] = e.prevLastUpdateId;
  });
  const batch: DeltaBatch = { side, price, qty, eventEnd, firstUpdateId, lastUpdateId };
  if (withPu) batch.prevLastUpdateId = prevLastUpdateId;
  return batch;
}
