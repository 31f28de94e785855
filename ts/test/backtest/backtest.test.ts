import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { backtest, engine, stats, synth } from '../../src/index.js';
import { SHARED_DATA, sharedDataAvailable } from '../support/paths.js';
import { smaCross } from '../engine/support.js';

const bars = synth.syntheticBars({ bars: 3_000, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 21 });
const data = { kind: 'bars' as const, bars, symbol: 'BTC', timeframe: '1m' };

describe('backtest.runBacktest (bar mode)', () => {
  it('is deterministic: the same data, options and seed give byte-identical result JSON', async () => {
    const a = await backtest.runBacktest({ strategy: smaCross(), data, seed: 3 });
    const b = await backtest.runBacktest({ strategy: smaCross(), data, seed: 3 });
    expect(a.result.trades.length).toBeGreaterThan(10);
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
  });

  it('reports the core statistics of its own equity curve', async () => {
    const { result } = await backtest.runBacktest({ strategy: smaCross(), data });
    const equity = Float64Array.from(result.equity.equity);
    const r = stats.equityReturns(equity);
    const p = { periodsPerYear: result.meta.periodsPerYear };
    expect(result.meta.periodsPerYear).toBe(365 * 24 * 60);
    expect(result.stats.sharpe).toBe(stats.sharpe(r, p));
    expect(result.stats.sortino).toBe(stats.sortino(r, p));
    expect(result.stats.maxDrawdown).toBe(stats.maxDrawdown(r).maxDrawdown);
    expect(result.stats.finalEquity).toBe(equity[equity.length - 1]);
    expect(equity).toHaveLength(bars.close.length);
  });

  it('keeps at most maxEquityPoints of equity, evenly thinned, with statistics on that curve', async () => {
    const full = await backtest.runBacktest({ strategy: smaCross(), data });
    const { result } = await backtest.runBacktest({ strategy: smaCross(), data, maxEquityPoints: 500 });
    // 3,000 bars into at most 500 points: thinned at 500, 500 again and once more -> stride 8.
    expect(result.meta.equityStride).toBe(8);
    expect(result.equity.time.length).toBe(Math.floor(3_000 / 8));
    expect(result.equity.time.length).toBeLessThan(500);
    // Point k is the equity after bar k * stride of the unbounded run.
    const k = 10;
    expect(result.equity.equity[k - 1]).toBe(full.result.equity.equity[k * 8 - 1]);
    expect(result.equity.time[k - 1]).toBe(full.result.equity.time[k * 8 - 1]);
    expect(result.meta.periodsPerYear).toBe(full.result.meta.periodsPerYear / 8);
    const r = stats.equityReturns(Float64Array.from(result.equity.equity));
    expect(result.stats.sharpe).toBe(stats.sharpe(r, { periodsPerYear: result.meta.periodsPerYear }));
    // What does not come from the curve is unchanged.
    expect(result.stats.finalEquity).toBe(full.result.stats.finalEquity);
    expect(result.trades).toEqual(full.result.trades);
    expect(full.result.meta.equityStride).toBe(1);
  });

  it('has a trade list whose PnL adds up to the change in equity', async () => {
    const { result } = await backtest.runBacktest({ strategy: smaCross(), data });
    const total = result.trades.reduce((s, t) => s + t.pnl, 0);
    expect(total).toBeCloseTo(result.stats.finalEquity - result.meta.initialCash, 6);
    for (const t of result.trades.slice(0, -1)) {
      expect(t.exitTime).toBeGreaterThan(t.entryTime - 1);
      expect(t.fees).toBeGreaterThan(0);
    }
    expect(result.stats.fees).toBeCloseTo(result.trades.reduce((s, t) => s + t.fees, 0), 6);
  });

  it('backtests the strategy returns against their own historical VaR', async () => {
    const { result } = await backtest.runBacktest({ strategy: smaCross(), data, var: { alpha: 0.05, window: 500 } });
    expect(result.var.observations).toBe(bars.close.length - 1 - 500);
    expect(result.var.exceptions).toBeGreaterThan(0);
    expect(result.var.kupiec!.pValue).toBeGreaterThanOrEqual(0);
    expect(['green', 'yellow', 'red']).toContain(result.var.trafficLight!.zone);
  });

  it('honours from/to and writes the HTML and JSON report with SMC overlays', async () => {
    const from = bars.time[1_000]!;
    const to = bars.time[2_000]!;
    const run = await backtest.runBacktest({ strategy: smaCross(), data, from, to });
    expect(run.result.meta.bars).toBe(1_000);
    expect(run.bars.time[0]).toBe(from);
    const out = mkdtempSync(join(tmpdir(), 'smc-bt-'));
    const files = backtest.writeBacktestReport(out, run);
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as { trades: unknown[] };
    expect(json.trades).toHaveLength(run.result.trades.length);
    const html = readFileSync(files.html, 'utf8');
    expect(html).toContain('LightweightCharts');
    const rd = backtest.reportData(run.result, run.bars, { swingLength: 10, max: 50 });
    expect(rd.overlays!.zones.length).toBeGreaterThan(0);
    expect(rd.overlays!.levels.length).toBeGreaterThan(0);
    expect(readFileSync(files.result, 'utf8')).toBe(`${JSON.stringify(run.result, null, 2)}\n`);
    expect(backtest.summary(run)).toMatch(/Sharpe/);
  });

  it('runs the bar data of a CSV file', async () => {
    if (!sharedDataAvailable('btc-perp-1m/btc-perp-20211231-20220201_1m.csv', 'backtest csv')) return;
    const path = join(SHARED_DATA, 'btc-perp-1m/btc-perp-20211231-20220201_1m.csv');
    const run = await backtest.runBacktest({ strategy: smaCross(), data: { kind: 'csv', path, symbol: 'BTC-PERP', timeframe: '1m' }, to: Date.UTC(2022, 0, 3) });
    expect(run.result.meta.bars).toBe(run.bars.close.length);
    expect(run.bars.time[run.bars.time.length - 1]).toBeLessThan(Date.UTC(2022, 0, 3));
    expect(run.result.engine.orders).toBeGreaterThan(0);
  });
});

describe('backtest.runBacktest (L2 mode)', () => {
  it('replays a Binance capture through the book and the simulated exchange, deterministically', async () => {
    if (!sharedDataAvailable('binance-btcusdt-l2/spot_btcusdt_20240808.gz', 'backtest l2')) return;
    const tickStrategy = (): engine.Strategy => {
      let n = 0;
      return {
        name: 'tick',
        onTick(ctx) {
          if (!ctx.top || ++n % 2_000 !== 0) return;
          return [{ side: ctx.positionQuantity > 0 ? 'sell' : 'buy', quantity: 0.01 }];
        },
      };
    };
    const path = join(SHARED_DATA, 'binance-btcusdt-l2/spot_btcusdt_20240808.gz');
    const options = { data: { kind: 'capture' as const, path, symbol: 'BTCUSDT', tickSize: '0.01' }, markEveryMs: 1_000, seed: 1 };
    const run = await backtest.runBacktest({ strategy: tickStrategy(), ...options });
    const r = run.result;
    expect(r.engine.events).toBeGreaterThan(10_000);
    expect(r.engine.orders).toBeGreaterThan(3);
    expect(r.engine.fills).toBeGreaterThan(0);
    expect(r.equity.equity.length).toBe(r.meta.bars);
    const again = await backtest.runBacktest({ strategy: tickStrategy(), ...options });
    expect(JSON.stringify(again.result)).toBe(JSON.stringify(r));
  }, 180_000);
});

describe('backtest.ProgressBar', () => {
  function sink() {
    let text = '';
    const stream = new Writable({ write: (chunk, _enc, cb) => ((text += String(chunk)), cb()) });
    return { stream, text: () => text };
  }

  it('stays quiet when not a TTY', () => {
    const s = sink();
    const bar = new backtest.ProgressBar({ total: 10, stream: s.stream });
    bar.tick(10);
    bar.done();
    expect(s.text()).toBe('');
  });

  it('draws events/s and ETA when enabled', () => {
    const s = sink();
    const bar = new backtest.ProgressBar({ total: 10, enabled: true, stream: s.stream });
    bar.tick(5);
    bar.done();
    expect(s.text()).toMatch(/\[#+\.*\]\s+\d+%\s+\d+ events\s+[\d.kM]+\/s\s+ETA/);
  });

  it('gives a percentage and an ETA from a fraction when the event count is unknown (streamed files)', () => {
    const s = sink();
    let done = 0.25;
    const bar = new backtest.ProgressBar({ fraction: () => done, enabled: true, stream: s.stream });
    bar.tick(100);
    done = 0.5;
    bar.done();
    expect(s.text()).toMatch(/\[#{12}\.{12}\]\s+50%\s+100 events\s+[\d.kM]+\/s\s+ETA \d+\.\ds/);
  });
});

describe('backtest.runBacktest: a wiped-out account', () => {
  it('stops the statistics at ruin instead of failing on a non-positive equity', async () => {
    // 100x the usual size on a small account: the first bad stretch takes equity below zero.
    const big: engine.Strategy = { ...smaCross('big'), onBar: (ctx) => {
      const { fast: f, slow: s } = ctx.indicators;
      const q = ctx.positionQuantity;
      if (!(f! > 0 && s! > 0)) return;
      if (f! > s! && q <= 0) return [{ side: 'buy', quantity: 100 - q }];
      if (f! < s! && q >= 0) return [{ side: 'sell', quantity: 100 + q }];
    } };
    const { result } = await backtest.runBacktest({ strategy: big, data, initialCash: 50_000 });
    expect(result.stats.ruinedAt).not.toBeNull();
    const firstBad = result.equity.equity.findIndex((e) => e <= 0);
    expect(result.stats.ruinedAt).toBe(result.equity.time[firstBad]);
    expect(result.stats.sharpe).not.toBeNaN();
  });
});
