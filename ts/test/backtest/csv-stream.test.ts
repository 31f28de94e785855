// Bar-mode CSV streaming: `runBacktest` reads a CSV in chunks (readOhlcCsvChunks) instead of
// loading it whole, with results byte-identical to the in-memory path, and a file of millions of
// rows runs without the JS memory growing with the file.
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { backtest, CsvParseError, engine, loadOhlcCsv, readOhlcCsvChunks, synth } from '../../src/index.js';
import { smaCross } from '../engine/support.js';

const dir = mkdtempSync(join(tmpdir(), 'smc-csv-stream-'));

/** Bars as `time,open,high,low,close,volume` (epoch ms; `String(x)` round-trips every double). */
function writeCsv(path: string, bars: synth.SyntheticBars | backtest.BarColumns): void {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < bars.close.length; i++) lines.push(`${bars.time![i]},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

describe('readOhlcCsvChunks', () => {
  const bars = synth.syntheticBars({ bars: 1_000, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 5 });
  const path = join(dir, 'small.csv');
  writeCsv(path, bars);

  it('yields chunks of at most chunkRows whose concatenation is loadOhlcCsv', async () => {
    const whole = await loadOhlcCsv(path);
    const sizes: number[] = [];
    const close: number[] = [];
    for await (const c of readOhlcCsvChunks(path, {}, 300)) {
      sizes.push(c.close.length);
      close.push(...c.close);
    }
    expect(sizes).toEqual([300, 300, 300, 100]);
    expect(Float64Array.from(close)).toEqual(whole.close);
    expect(whole.close).toEqual(bars.close);
  });

  it('checks time order across chunk boundaries', async () => {
    const bad = join(dir, 'backwards.csv');
    writeFileSync(bad, 'time,open,high,low,close,volume\n2000,1,2,0.5,1,1\n3000,1,2,0.5,1,1\n2500,1,2,0.5,1,1\n');
    const read = async () => {
      for await (const _ of readOhlcCsvChunks(bad, {}, 2)) void _;
    };
    await expect(read()).rejects.toThrow(CsvParseError);
    await expect(read()).rejects.toThrow(/backwards\.csv:4 column "time": time 2500 is before/);
  });
});

describe('runBacktest on a CSV file (streamed)', () => {
  // More rows than one chunk (65,536), so the run crosses a chunk boundary.
  const bars = synth.syntheticBars({ bars: 70_000, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 8 });
  const path = join(dir, 'bars.csv');
  writeCsv(path, bars);

  it('gives the byte-identical result of the in-memory path on the same data', async () => {
    const inMemory = (await loadOhlcCsv(path)) as backtest.BarColumns;
    const a = await backtest.runBacktest({ strategy: smaCross(), data: { kind: 'bars', bars: inMemory, symbol: 'BTC', timeframe: '1m' }, seed: 2 });
    const b = await backtest.runBacktest({ strategy: smaCross(), data: { kind: 'csv', path, symbol: 'BTC', timeframe: '1m' }, seed: 2 });
    expect(a.result.trades.length).toBeGreaterThan(100);
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
    expect(b.bars.close).toEqual(a.bars.close);
  }, 120_000);

  it('honours from/to while streaming and keeps only the last reportBars bars', async () => {
    const from = bars.time[10_000]!;
    const to = bars.time[68_000]!;
    const inMemory = (await loadOhlcCsv(path)) as backtest.BarColumns;
    const a = await backtest.runBacktest({ strategy: smaCross(), data: { kind: 'bars', bars: inMemory, symbol: 'BTC', timeframe: '1m' }, from, to });
    const b = await backtest.runBacktest({ strategy: smaCross(), data: { kind: 'csv', path, symbol: 'BTC', timeframe: '1m' }, from, to, reportBars: 5_000 });
    expect(b.result.meta.bars).toBe(58_000);
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
    expect(b.bars.time).toEqual(bars.time.slice(63_000, 68_000));
  }, 120_000);
});

describe('runBacktest on a CSV file far larger than its working memory', () => {
  it('streams 2 million rows with JS memory that does not grow with the file', async () => {
    const rows = 2_000_000;
    const path = join(dir, 'large.csv');
    const out = createWriteStream(path);
    out.write('time,open,high,low,close,volume\n');
    // A deterministic zig-zag around 100: the content does not matter, only the row count.
    const t0 = Date.UTC(2020, 0, 1);
    let batch = '';
    for (let i = 0; i < rows; i++) {
      const c = 100 + ((i % 200) - 100) / 100;
      batch += `${t0 + i * 60_000},${c},${c + 0.5},${c - 0.5},${c},10\n`;
      if (batch.length > 1 << 20) {
        if (!out.write(batch)) await once(out, 'drain');
        batch = '';
      }
    }
    out.end(batch);
    await once(out, 'finish');

    // A full collection before each sample, so garbage not yet collected does not count as growth.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const used = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    let peak = 0;
    // A strategy that trades rarely and samples the memory in use as the file streams through.
    const strategy: engine.Strategy = {
      name: 'memory-probe',
      onBar(ctx) {
        if (ctx.barIndex % 200_000 === 0) peak = Math.max(peak, used());
        if (ctx.barIndex % 250_000 === 0) return [{ side: ctx.positionQuantity > 0 ? 'sell' : 'buy', quantity: 1 }];
      },
    };
    // Measured before the run: a loader that read the whole file first would show here.
    const baseline = used();
    const run = await backtest.runBacktest({ strategy, data: { kind: 'csv', path, symbol: 'X', timeframe: '1m' }, reportBars: 10_000, var: { window: 50 } });
    expect(run.result.meta.bars).toBe(rows);
    expect(run.bars.close).toHaveLength(10_000);
    // Holding the file's bars would take 48 bytes per row (96 MB here) in columns alone; the
    // streamed run only holds a chunk or two (65,536 rows, about 3 MB each) at a time.
    const growth = peak - baseline;
    console.log(`csv stream: baseline ${(baseline / 1e6).toFixed(1)} MB, peak ${(peak / 1e6).toFixed(1)} MB, growth ${(growth / 1e6).toFixed(1)} MB over ${rows} rows`);
    expect(peak).toBeGreaterThan(0);
    expect(growth).toBeLessThan(32e6);
  }, 600_000);
});
