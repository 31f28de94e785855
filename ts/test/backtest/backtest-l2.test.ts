// The L2 backtest on the native capture reader (columnar batches; book and simulator fed from
// native rows) against the per-line JavaScript path it replaced (JSON.parse, fromBinance, level
// arrays into the book and the simulator): byte-identical results for a strategy that trades, and
// identical market views at every decision.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { backtest, type engine } from '../../src/index.js';
import { SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

/**
 * Market orders, post-only limits resting behind the touch, IOC limits at the touch; hashes every
 * book event it is shown (levels included), every 97th other event, and the context of every call.
 */
function trader(): { strategy: engine.Strategy; digest: () => string } {
  const h = createHash('sha256');
  let k = 0;
  const strategy: engine.Strategy = {
    name: 'l2-trader',
    onTick(ctx) {
      const e = ctx.event;
      k++;
      if (e.type === 'book_delta' || e.type === 'book_snapshot' || k % 97 === 0) h.update(JSON.stringify(e));
      h.update(`${ctx.time}|${ctx.top?.bid}|${ctx.top?.bidQty}|${ctx.top?.ask}|${ctx.top?.mid}|${ctx.positionQuantity}\n`);
      if (!ctx.top) return;
      if (k % 4_000 === 0 && ctx.workingOrders.length < 6) {
        return [
          { side: 'buy', type: 'limit', price: Math.round((ctx.top.bid - 1) * 100) / 100, quantity: 0.002, postOnly: true },
          { side: 'sell', type: 'limit', price: Math.round((ctx.top.ask + 1) * 100) / 100, quantity: 0.002, postOnly: true },
        ];
      }
      if (k % 1_777 === 0) return [{ side: 'buy', type: 'limit', price: ctx.top.ask, quantity: 0.001, tif: 'ioc' }];
      if (k % 3_001 === 0) return [{ side: ctx.positionQuantity > 0 ? 'sell' : 'buy', quantity: 0.003 }];
    },
    onExecution(r) {
      h.update(`${r.kind}|${r.clientOrderId}|${r.time}|${r.price}|${r.qty}|${r.fee}\n`);
    },
  };
  return { strategy, digest: () => h.digest('hex') };
}

const CASES = [
  { file: 'usdm_btcusdt_20240808.gz', tickSize: '0.10', market: 'futures' as const, bookEvents: 532_923 },
  { file: 'spot_btcusdt_20240808.gz', tickSize: '0.01', market: 'spot' as const, bookEvents: undefined },
];

for (const c of CASES) {
  const rel = `binance-btcusdt-l2/${c.file}`;
  describe.skipIf(!sharedDataAvailable(rel, `L2 backtest paths on ${c.file}`))(`L2 backtest on ${c.file}`, () => {
    it('the native reader gives the byte-identical result of the per-line JavaScript path', async () => {
      const path = join(SHARED_DATA, rel);
      const run = async (reader: 'native' | 'js') => {
        const t = trader();
        const r = await backtest.runBacktest({ strategy: t.strategy, data: { kind: 'capture', path, symbol: 'BTCUSDT', tickSize: c.tickSize, market: c.market, reader }, markEveryMs: 1_000, seed: 5 });
        return { run: r, json: JSON.stringify(r.result), digest: t.digest() };
      };
      const native = await run('native');
      const js = await run('js');
      const r = native.run.result;
      expect(r.engine.orders).toBeGreaterThan(40);
      expect(r.engine.fills).toBeGreaterThan(5);
      expect(r.trades.length).toBeGreaterThan(0);
      expect(native.json).toBe(js.json);
      expect(native.digest).toBe(js.digest);
      expect(native.run.replay).toMatchObject({ rejected: 0, bookEvents: js.run.replay!.bookEvents });
      if (c.bookEvents) expect(native.run.replay!.bookEvents).toBe(c.bookEvents);
    }, 180_000);
  });
}
