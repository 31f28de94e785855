import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { book, micro } from '../../src/index.js';
import { SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

const CASES = [
  { file: 'spot_btcusdt_20240808.gz', tickSize: 0.01 },
  { file: 'usdm_btcusdt_20240808.gz', tickSize: 0.1 },
];

async function load(file: string) {
  const q = { line: [] as number[], bid: [] as number[], bidQty: [] as number[], ask: [] as number[], askQty: [] as number[] };
  const t = { line: [] as number[], price: [] as number[], qty: [] as number[], maker: [] as number[] };
  for await (const ev of book.readBinanceCapture(join(SHARED_DATA, 'binance-btcusdt-l2', file))) {
    if (ev.type === 'bookTicker') {
      q.line.push(ev.line);
      q.bid.push(ev.bid);
      q.bidQty.push(ev.bidQty);
      q.ask.push(ev.ask);
      q.askQty.push(ev.askQty);
    } else if (ev.type === 'trade') {
      t.line.push(ev.line);
      t.price.push(ev.price);
      t.qty.push(ev.qty);
      t.maker.push(ev.buyerIsMaker ? 1 : 0);
    }
  }
  const F = Float64Array.from;
  return {
    quotes: { bid: F(q.bid), bidQty: F(q.bidQty), ask: F(q.ask), askQty: F(q.askQty) },
    quoteLine: F(q.line),
    trades: { line: F(t.line), price: F(t.price), qty: F(t.qty), maker: Uint8Array.from(t.maker) },
  };
}

for (const c of CASES) {
  const rel = `binance-btcusdt-l2/${c.file}`;
  describe.skipIf(!sharedDataAvailable(rel, `micro on ${c.file}`))(`micro on ${c.file}`, () => {
    it('signs real trades: Lee-Ready and the tick rule against the aggressor flag', async () => {
      const { quotes, quoteLine, trades } = await load(c.file);
      const truth = micro.signFromAggressor(trades.maker);
      // The quote prevailing at each trade: the last bookTicker before it in receive order.
      const mid = micro.asof(trades.line, quoteLine, micro.mid(quotes.bid, quotes.ask));
      const lr = micro.leeReady(trades.price, mid);
      const tr = micro.tickRule(trades.price);
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
      const lrRate = rate(lr);
      const trRate = rate(tr);
      const eff = micro.effectiveSpread(trades.price, truth, mid, { relative: true });
      const valid = Array.from(eff).filter((x) => !Number.isNaN(x));
      const meanBps = (1e4 * valid.reduce((a, b) => a + b, 0)) / valid.length;
      console.log(
        `[micro] ${c.file}: ${trades.price.length} trades; agreement with the aggressor flag: Lee-Ready ${(100 * lrRate).toFixed(2)}%, ` +
          `tick rule ${(100 * trRate).toFixed(2)}%; mean effective spread ${meanBps.toFixed(4)} bps`,
      );
      expect(lrRate).toBeGreaterThan(0.9);
      expect(trRate).toBeGreaterThan(0.5);
      expect(meanBps).toBeGreaterThan(0);
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
