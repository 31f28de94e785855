import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { book, ResyncRequiredError, UnorderedError } from '../../src/index.js';
import type { BookTickerEvent, DepthEvent, SnapshotEvent } from '../../src/book/index.js';
import { SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

interface Capture {
  ordered: (DepthEvent | SnapshotEvent)[];
  tickers: BookTickerEvent[];
  trades: number;
}

async function load(file: string): Promise<Capture> {
  const c: Capture = { ordered: [], tickers: [], trades: 0 };
  for await (const ev of book.readBinanceCapture(join(SHARED_DATA, 'binance-btcusdt-l2', file))) {
    if (ev.type === 'depth' || ev.type === 'snapshot') c.ordered.push(ev);
    else if (ev.type === 'bookTicker') c.tickers.push(ev);
    else if (ev.type === 'trade') c.trades++;
  }
  c.tickers.sort((a, b) => a.updateId - b.updateId);
  return c;
}

interface Top {
  id: number;
  bid: number;
  bidQty: number;
  ask: number;
  askQty: number;
}

/** The latest bookTicker at or before each diff's final id, compared with the book after it. */
function agreement(tops: Top[], tickers: BookTickerEvent[]) {
  let n = 0;
  let prices = 0;
  let full = 0;
  let exactN = 0;
  let exactFull = 0;
  const mismatches: string[] = [];
  let j = 0;
  for (const t of tops) {
    while (j < tickers.length && tickers[j]!.updateId <= t.id) j++;
    if (j === 0) continue;
    const k = tickers[j - 1]!;
    const samePx = k.bid === t.bid && k.ask === t.ask;
    const same = samePx && k.bidQty === t.bidQty && k.askQty === t.askQty;
    n++;
    if (samePx) prices++;
    if (same) full++;
    else if (mismatches.length < 5) mismatches.push(`diff u=${t.id} vs ticker u=${k.updateId}`);
    if (k.updateId === t.id) {
      exactN++;
      if (same) exactFull++;
    }
  }
  return { n, prices, full, exactN, exactFull, mismatches };
}

const CASES = [
  { file: 'spot_btcusdt_20240808.gz', tickSize: '0.01', market: 'spot' as const },
  { file: 'usdm_btcusdt_20240808.gz', tickSize: '0.10', market: 'futures' as const },
];

for (const c of CASES) {
  const rel = `binance-btcusdt-l2/${c.file}`;
  describe.skipIf(!sharedDataAvailable(rel, `book on ${c.file}`))(`book on ${c.file}`, () => {
    it('syncs, never gaps or crosses, and agrees with bookTicker (streaming API)', async () => {
      const cap = await load(c.file);
      expect(cap.ordered[0]!.type).toBe('depth'); // the spanning diff arrives before the snapshot
      const ob = new book.OrderBook({ tickSize: c.tickSize, market: c.market });
      const tops: Top[] = [];
      const outcomes = { applied: 0, stale: 0, buffered: 0, replayed: 0 };
      for (const ev of cap.ordered) {
        if (ev.type === 'snapshot') {
          outcomes.replayed += ob.applySnapshot(ev);
          continue;
        }
        outcomes[ob.applyDiff(ev)]++;
        if (!ob.isSynced) continue;
        expect(ob.isCrossed).toBe(false);
        const b = ob.bestBid()!;
        const a = ob.bestAsk()!;
        tops.push({ id: ev.lastUpdateId, bid: b.price, bidQty: b.qty, ask: a.price, askQty: a.qty });
      }
      expect(outcomes.buffered).toBeGreaterThan(0);
      expect(outcomes.replayed).toBeGreaterThan(0);
      expect(ob.isSynced).toBe(true);
      expect(ob.needsResync).toBe(false);
      const r = agreement(tops, cap.tickers);
      console.log(
        `[book] ${c.file}: ${cap.ordered.length - 1} diffs (${outcomes.buffered} buffered, ${outcomes.replayed} replayed from buffer), ` +
          `bookTicker agreement as-of: prices ${r.prices}/${r.n} (${((100 * r.prices) / r.n).toFixed(3)}%), ` +
          `prices+sizes ${r.full}/${r.n} (${((100 * r.full) / r.n).toFixed(3)}%); at identical update ids ${r.exactFull}/${r.exactN}`,
      );
      expect(r.n).toBeGreaterThan(3000);
      expect(r.exactN).toBeGreaterThan(500);
      expect(r.mismatches).toEqual([]);
    });

    it('the batch API gives the same book in one call per phase', async () => {
      const cap = await load(c.file);
      const s = cap.ordered.findIndex((e) => e.type === 'snapshot');
      const snapshot = cap.ordered[s] as SnapshotEvent;
      const before = cap.ordered.slice(0, s) as DepthEvent[];
      const after = cap.ordered.slice(s + 1) as DepthEvent[];
      const ob = new book.OrderBook({ tickSize: c.tickSize, market: c.market });
      const pre = ob.applyDeltas(book.depthColumns(before));
      expect(pre.buffered).toBe(before.length);
      ob.applySnapshot(snapshot);
      const res = ob.applyDeltas(book.depthColumns(after), { record: true });
      expect(res.events).toBe(after.length);
      expect(res.applied + res.stale).toBe(after.length);
      const tops: Top[] = after.map((e, k) => ({
        id: e.lastUpdateId,
        bid: res.bestBid![k]!,
        bidQty: res.bestBidQty![k]!,
        ask: res.bestAsk![k]!,
        askQty: res.bestAskQty![k]!,
      }));
      const r = agreement(tops, cap.tickers);
      expect(r.mismatches).toEqual([]);
      expect(tops.every((t) => t.bid < t.ask)).toBe(true);

      // Same final book as the streaming API.
      const stream = new book.OrderBook({ tickSize: c.tickSize, market: c.market });
      for (const ev of cap.ordered) {
        if (ev.type === 'snapshot') stream.applySnapshot(ev);
        else stream.applyDiff(ev);
      }
      expect(ob.top('bid')).toEqual(stream.top('bid'));
      expect(ob.top('ask')).toEqual(stream.top('ask'));
      expect(ob.lastUpdateId).toBe(stream.lastUpdateId);
    });

    it('a dropped diff raises ResyncRequiredError; the book then buffers until a newer snapshot', async () => {
      const cap = await load(c.file);
      const s = cap.ordered.findIndex((e) => e.type === 'snapshot');
      const snapshot = cap.ordered[s] as SnapshotEvent;
      const ob = new book.OrderBook({ tickSize: c.tickSize, market: c.market });
      for (const ev of cap.ordered.slice(0, s + 10)) {
        if (ev.type === 'snapshot') ob.applySnapshot(ev);
        else ob.applyDiff(ev);
      }
      const synced = ob.top('bid', 5);
      expect(() => ob.applyDiff(cap.ordered[s + 11] as DepthEvent)).toThrow(ResyncRequiredError);
      expect(ob.needsResync).toBe(true);
      expect(ob.top('bid', 5)).toEqual(synced); // nothing applied
      expect(ob.applyDiff(cap.ordered[s + 12] as DepthEvent)).toBe('buffered');
      expect(ob.pending).toBe(2);
      // The old snapshot is older than the buffered diffs: fetch a newer one.
      expect(() => ob.applySnapshot(snapshot)).toThrow(ResyncRequiredError);
      // A replayed diff that goes backwards is refused with a typed error.
      expect(() => ob.applyDiff(cap.ordered[s + 5] as DepthEvent)).toThrow(UnorderedError);
    });
  });
}
