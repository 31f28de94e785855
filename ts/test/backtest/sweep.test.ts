import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { backtest, synth } from '../../src/index.js';
import { ROOT } from '../support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'smc-sweep-'));
const strategyPath = join(dir, 'sma.mjs');
writeFileSync(
  strategyPath,
  `export default (p) => ({
  name: 'sma-sweep',
  requires: { indicators: { fast: { kind: 'sma', period: p.fast }, slow: { kind: 'sma', period: p.slow } } },
  onBar(ctx) {
    const { fast, slow } = ctx.indicators;
    const q = ctx.positionQuantity;
    if (!(fast > 0 && slow > 0)) return;
    if (fast > slow && q <= 0) return [{ side: 'buy', quantity: 1 - q }];
    if (fast < slow && q >= 0) return [{ side: 'sell', quantity: 1 + q }];
  },
});
`,
);
const bars = synth.syntheticBars({ bars: 3_000, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 12 });
const data = { kind: 'bars' as const, bars, symbol: 'BTC', timeframe: '1m' };

describe('backtest.sweep', () => {
  beforeAll(() => {
    // The workers run the built package.
    if (!existsSync(join(ROOT, 'dist', 'lib', 'backtest', 'sweep-worker.js'))) throw new Error('dist/lib is missing: run `npm run build`');
  });

  it('expands a grid in a deterministic order', () => {
    expect(backtest.expandGrid({ a: [1, 2], b: ['x', 'y'] })).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    expect(() => backtest.expandGrid({ a: [] })).toThrow(/grid.a/);
  });

  it('runs every set in and out of sample on worker threads, ranked by the in-sample statistic', async () => {
    const grid = { fast: [3, 5, 8], slow: [20, 40] };
    const r = await backtest.sweep({ strategy: strategyPath, grid, data, inSample: 0.6, rankBy: 'sharpe', workers: 2 });
    expect(r.runs).toHaveLength(6);
    expect(r.split).toBe(bars.time[1_800]);
    const sharpes = r.runs.map((x) => x.inSample.sharpe!);
    expect([...sharpes].sort((a, b) => b - a)).toEqual(sharpes);
    // Out of sample is an independent backtest of the same set from the split on.
    const best = r.runs[0]!;
    const { result } = await backtest.runBacktest({ strategy: (await import(strategyPath)).default(best.params), data, from: r.split });
    expect(best.outOfSample).toEqual(result.stats);
    // Walk-forward: anchored folds, the in-sample winner of each fold tested on the next segment.
    const wf = await backtest.sweep({ strategy: strategyPath, grid, data, rankBy: 'sharpe', workers: 2, walkForward: { folds: 2 } });
    expect(wf.walkForward).toHaveLength(2);
    const [f1, f2] = wf.walkForward!;
    expect(f1!.split).toBe(bars.time[1_000]);
    expect(f1!.to).toBe(f2!.split);
    expect(f2!.split).toBe(bars.time[2_000]);
    const make = (await import(strategyPath)).default as (p: unknown) => never;
    const direct = await backtest.runBacktest({ strategy: make(f2!.best), data, from: f2!.split, to: f2!.to });
    expect(f2!.outOfSample).toEqual(direct.result.stats);
    const isDirect = await Promise.all(
      backtest.expandGrid(grid).map(async (p) => (await backtest.runBacktest({ strategy: make(p), data, from: f2!.from, to: f2!.split })).result.stats.sharpe!),
    );
    expect(f2!.inSample.sharpe).toBe(Math.max(...isDirect));
    // The thread count never changes the answer.
    const one = await backtest.sweep({ strategy: strategyPath, grid, data, inSample: 0.6, rankBy: 'sharpe', workers: 1 });
    expect(JSON.stringify(one)).toBe(JSON.stringify(r));
  }, 120_000);

  it('streams a CSV file in every worker and ranks exactly as with the bars in memory', async () => {
    const csv = join(dir, 'bars.csv');
    const lines = ['time,open,high,low,close,volume'];
    for (let i = 0; i < bars.close.length; i++) lines.push(`${bars.time[i]},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const grid = { fast: [3, 8], slow: [20, 40] };
    const options = { strategy: strategyPath, grid, rankBy: 'sharpe' as const, workers: 2, walkForward: { folds: 2 } };
    const inMemory = await backtest.sweep({ ...options, data });
    const streamed = await backtest.sweep({ ...options, data: { kind: 'csv', path: csv, symbol: 'BTC', timeframe: '1m' } });
    expect(JSON.stringify(streamed)).toBe(JSON.stringify(inMemory));
    await expect(backtest.sweep({ ...options, data: { kind: 'csv', path: join(dir, 'missing.csv'), symbol: 'BTC', timeframe: '1m' } })).rejects.toThrow(/missing\.csv/);
  }, 120_000);
});
