/**
 * Builds simulator input from Binance capture events (see `book.readBinanceCapture`): depth
 * diffs become level rows, trades become trade rows, stamped with the local receive time.
 */
import type { DepthEvent, RawLevel, TradeEvent } from '../../data/capture.js';
import { MARKET_ROW, type LevelColumns, type MarketBatch } from './types.js';

/** Price levels (`[price, qty]` decimal strings or numbers) as columns. */
export function levelColumns(levels: readonly (RawLevel | readonly [string | number, string | number])[]): LevelColumns {
  const price = new Float64Array(levels.length);
  const qty = new Float64Array(levels.length);
  levels.forEach(([p, q], i) => {
    price[i] = Number(p);
    qty[i] = Number(q);
  });
  return { price, qty };
}

/**
 * Flattens depth diffs and trades, in the given (time) order, into one {@link MarketBatch}: each
 * diff gives one row per level (bids, then asks), each trade one row whose kind says which side
 * was the aggressor (`buyerIsMaker` means the seller was).
 */
export function marketColumns(events: readonly (DepthEvent | TradeEvent)[]): MarketBatch {
  let rows = 0;
  for (const e of events) rows += e.type === 'depth' ? e.bids.length + e.asks.length : 1;
  const kind = new Uint8Array(rows);
  const tsNs = new BigInt64Array(rows);
  const price = new Float64Array(rows);
  const qty = new Float64Array(rows);
  let r = 0;
  const push = (k: number, ts: bigint, p: number, q: number): void => {
    kind[r] = k;
    tsNs[r] = ts;
    price[r] = p;
    qty[r] = q;
    r++;
  };
  for (const e of events) {
    if (e.type === 'depth') {
      for (const [p, q] of e.bids) push(MARKET_ROW.bid, e.receivedNs, Number(p), Number(q));
      for (const [p, q] of e.asks) push(MARKET_ROW.ask, e.receivedNs, Number(p), Number(q));
    } else {
      push(e.buyerIsMaker ? MARKET_ROW.tradeSell : MARKET_ROW.tradeBuy, e.receivedNs, e.price, e.qty);
    }
  }
  return { kind, tsNs, price, qty };
}

/** Rows `[start, end)` of a batch, without copying. */
export function sliceMarket(batch: MarketBatch, start: number, end: number): MarketBatch {
  const out: MarketBatch = {
    kind: batch.kind.subarray(start, end),
    tsNs: batch.tsNs.subarray(start, end),
    qty: batch.qty.subarray(start, end),
  };
  if (batch.price) out.price = batch.price.subarray(start, end);
  if (batch.priceTicks) out.priceTicks = batch.priceTicks.subarray(start, end);
  return out;
}
