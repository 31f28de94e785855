import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { book, micro } from '../../src/index.js';
import { SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

const CASES = [
  { file: 'spot_btcusdt_20240808.gz', tickSize: 0.01 },
  { file: 'usdm_btcusdt_20240808.gz', tickSize: 0.1 },
];

async function load(file: string) {
  const q = { line: [] as number[], time: [] as number[], bid: [] as number[], bidQty: [] as number[], ask: [] as number[], askQty: [] as number[] };
  const t = { line: [] as number[], time: [] as number[], price: [] as number[], qty: [] as number[], maker: [] as number[] };
  for await (const ev of book.readBinanceCapture(join(SHARED_DATA, 'binance-btcusdt-l2', file))) {
    if (ev.type === 'bookTicker') {
      q.line.push(ev.line);
      q.time.push(ev.time ?? Number.NaN);
      q.bid.push(ev.bid);
      q.bidQty.push(ev.bidQty);
      q.ask.push(ev.ask);
      q.askQty.push(ev.askQty);
    } else if (ev.type === 'trade') {
      t.line.push(ev.line);
      t.time.push(ev.time);
      t.price.push(ev.price);
      t.qty.push(ev.qty);
      t.maker.push(ev.buyerIsMaker ? 1 : 0);
    }
  }
  const F = (xs: number[]) => Float64Array.from(xs);
  return {
    quotes: { bid: F(q.bid), bidQty: F(q.bidQty), ask: F(q.ask), askQty: F(q.askQty) },
    quoteLine: F(q.line),
    quoteTime: F(q.time),
    trades: { line: F(t.line), time: F(t.time), price: F(t.price), qty: F(t.qty), maker: Uint8Array.from(t.maker) },
  };
}

for (const c of CASES) {
  const rel = `binance-btcusdt-l2/${c.file}`;
  describe.skipIf(!sharedDataAvailable(rel, `micro on ${c.file}`))(`micro on ${c.file}`, () => {
    it('signs real trades: Lee-Ready and the tick rule against the aggressor flag', async () => {
      const { quotes, quoteLine, quoteTime, trades } = await load(c.file);
      const truth = micro.signFromAggressor(trades.maker);
      const mids = micro.mid(quotes.bid, quotes.ask);
      const rate = (s: Float64Array) => {
        let ok = 0;
        let n = 0;
        s.forEach((x, i) => {
          if (Number.isNaN(x)) return;
          n++;
          if (x === truth[i]) ok++;
        });
        return ok / n;
      };
      const tickRate = rate(micro.tickRule(trades.price));
      // Receive order: the last bookTicker received before the trade print.
      const byLine = rate(micro.leeReady(trades.price, micro.asof(trades.line, quoteLine, mids)));
      let msg = `[micro] ${c.file}: ${trades.price.length} trades; agreement with the aggressor flag: tick rule ${(100 * tickRate).toFixed(2)}%, Lee-Ready with receive-order quotes ${(100 * byLine).toFixed(2)}%`;
      expect(tickRate).toBeGreaterThan(0.9);
      if (!Number.isNaN(quoteTime[0]!)) {
        // Futures quotes carry the exchange transaction time: take the last quote strictly
        // before the trade's time (ms), as Lee and Ready intend.
        const order = Array.from(quoteTime.keys()).sort((a, b) => quoteTime[a]! - quoteTime[b]! || a - b);
        const qt = Float64Array.from(order, (k) => quoteTime[k]!);
        const qm = Float64Array.from(order, (k) => mids[k]!);
        const prevailing = micro.asof(Float64Array.from(trades.time, (x) => x - 0.5), qt, qm);
        const byTime = rate(micro.leeReady(trades.price, prevailing));
        const eff = micro.effectiveSpread(trades.price, truth, prevailing, { relative: true });
        const valid = Array.from(eff).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
        const medianBps = 1e4 * valid[valid.length >> 1]!;
        const tickBps = (1e4 * c.tickSize) / qm[0]!;
        msg += `, Lee-Ready with exchange-time quotes ${(100 * byTime).toFixed(2)}%; median effective spread ${medianBps.toFixed(4)} bps (one tick = ${tickBps.toFixed(4)} bps)`;
        expect(byTime).toBeGreaterThan(0.99);
        expect(medianBps).toBeGreaterThan(0);
      }
      console.log(msg);
    });

    it('fits the micro-price and computes OFI on the bookTicker stream', async () => {
      const { quotes } = await load(c.file);
      const model = micro.MicropriceModel.fit(quotes, { tickSize: c.tickSize, spreadBuckets: 1 });
      const g = model.adjustments;
      expect(g.length).toBe(10);
      for (let b = 0; b < 10; b++) expect(g[b]! + g[9 - b]!).toBeCloseTo(0, 9);
      expect(g[9]!).toBeGreaterThan(g[5]!);
      const p = model.apply(quotes);
      let inside = 0;
      let oneTick = 0;
      for (let i = 0; i < p.length; i++) {
        if (quotes.ask[i]! - quotes.bid[i]! > 1.5 * c.tickSize) continue;
        oneTick++;
        if (p[i]! >= quotes.bid[i]! && p[i]! <= quotes.ask[i]!) inside++;
      }
      expect(inside).toBe(oneTick);
      expect(model.microprice(quotes.bid[0]!, quotes.bidQty[0]!, quotes.ask[0]!, quotes.askQty[0]!)).toBe(p[0]);
      const { ofi } = micro.ofi(quotes, 100);
      expect(ofi.length).toBe(quotes.bid.length);
      expect(Number.isNaN(ofi[98]!)).toBe(true);
      expect(Number.isFinite(ofi[ofi.length - 1]!)).toBe(true);
      console.log(`[micro] ${c.file}: micro-price G(ticks) = [${Array.from(g, (x) => x.toFixed(3)).join(', ')}], ${model.transitions} transitions`);
    });
  });
}
