// examples/backtest-stochrsi-bands in a short form: the built package, the dynamic StochRSI bands
// strategy on synthetic bars, the summary and the report files; and the strategy's signals
// against the core's batch indicators.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { backtest, type engine, indicators, synth } from '../../src/index.js';
import { ROOT } from '../support/paths.js';

const RUN = join(ROOT, 'examples', 'backtest-stochrsi-bands', 'run.mjs');

describe('examples/backtest-stochrsi-bands', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'lib', 'index.js'))) {
      throw new Error('dist/lib is missing: run `npm install` (or `npm run build`) first');
    }
  });

  it('runs on synthetic bars and writes the report', () => {
    const out = mkdtempSync(join(tmpdir(), 'smc-example-stochrsi-'));
    const res = spawnSync(process.execPath, [RUN, '--bars', '5000', '--out', out], { encoding: 'utf8', cwd: ROOT });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('5000 synthetic bars');
    expect(res.stdout).toMatch(/params: rsiPeriod=14 fastK=14 fastD=3 atrPeriod=14/);
    expect(res.stdout).toMatch(/stochrsi-dynamic-bands on BTC-SYNTH 1m: 5000 events/);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { meta: { bars: number }; engine: { orders: number } };
    expect(result.meta.bars).toBe(5000);
    expect(result.engine.orders).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('LightweightCharts');
  }, 60_000);

  it('enters long exactly where %K crosses up through the batch dynamic lower band', async () => {
    type Params = { rsiPeriod: number; fastK: number; fastD: number; atrPeriod: number; maPeriod: number };
    const mod = (await import(join(ROOT, 'examples', 'backtest-stochrsi-bands', 'strategy.mjs'))) as {
      stochRsiBandsStrategy: (o: { short: boolean }) => engine.Strategy;
      defaultParams: Params;
    };
    const { stochRsiBandsStrategy, defaultParams } = mod;
    const bars = synth.syntheticBars({ bars: 3_000, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 4 });
    const p = defaultParams;
    const k = indicators.stochRsi(bars.close, { period: p.rsiPeriod, fastK: p.fastK, fastD: p.fastD }).fastK;
    const { lower } = indicators.dynamicBands(bars, { atrPeriod: p.atrPeriod, maPeriod: p.maPeriod });
    const crosses: number[] = [];
    for (let i = 1; i < k.length; i++) if (k[i - 1]! < lower[i - 1]! && k[i]! >= lower[i]!) crosses.push(i);
    expect(crosses.length).toBeGreaterThan(5);

    const run = await backtest.runBacktest({ strategy: stochRsiBandsStrategy({ short: false }), data: { kind: 'bars', bars, symbol: 'BTC', timeframe: '1m' } });
    // A long decided on bar i fills at bar i + 1's open; every long entry is one of the crosses.
    const entryBars = run.result.trades.filter((t) => t.side === 'long').map((t) => bars.time.indexOf(t.entryTime) - 1);
    expect(entryBars.length).toBeGreaterThan(0);
    for (const i of entryBars) expect(crosses).toContain(i);
    expect(run.result.trades.every((t) => t.side === 'long')).toBe(true);
  }, 60_000);
});
