import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { report, synth, LengthMismatchError } from '../../src/index.js';
import type { ReportData } from '../../src/report/index.js';
import { browserAvailable, renderReport } from '../support/browser.js';
import { ROOT } from '../support/paths.js';

/** A small, fully specified report: 3 days of 15-minute bars, two trades, a made-up equity. */
function sampleReport(): ReportData {
  const bars = synth.syntheticBars({ bars: 288, intervalMs: 900_000, startTimeMs: Date.UTC(2024, 0, 30), seed: 5 });
  const n = bars.close.length;
  const equity = Float64Array.from(bars.close, (c) => (10_000 * c) / bars.close[0]!);
  // Drawdown from the running peak, the textbook definition (the oracle for this fixture).
  let peak = -Infinity;
  const drawdown = equity.map((e) => ((peak = Math.max(peak, e)), e / peak - 1));
  const t = (i: number) => bars.time[i]!;
  return {
    title: 'Sample <SMC> report',
    subtitle: 'synthetic bars, seed 5',
    bars,
    equity: { time: bars.time, equity },
    drawdown,
    trades: [
      { id: 't1', side: 'long', quantity: 0.5, entryTime: t(10), entryPrice: bars.close[10]!, exitTime: t(50), exitPrice: bars.close[50]!, pnl: 12.5, fees: 1.2 },
      { id: 't2', side: 'short', quantity: 0.25, entryTime: t(200), entryPrice: bars.close[200]! , pnl: -3, fees: 0.6 },
    ],
    sections: [
      { title: 'Performance', rows: [{ label: 'Total return', value: equity[n - 1]! / equity[0]! - 1, format: 'pct' }, { label: 'Sortino', value: null }] },
      { title: 'Trades', rows: [{ label: 'Trades', value: 2, format: 'int' }] },
    ],
    overlays: {
      zones: [
        { kind: 'fvg', direction: 1, startTime: t(20), endTime: t(60), top: bars.high[20]!, bottom: bars.low[20]! },
        { kind: 'orderBlock', direction: -1, startTime: t(100), endTime: t(150), top: bars.high[100]!, bottom: bars.low[100]! },
      ],
      levels: [
        { kind: 'bos', direction: 1, startTime: t(30), endTime: t(90), price: bars.high[30]! },
        { kind: 'liquidity', direction: -1, startTime: t(120), endTime: t(280), price: bars.low[120]! },
      ],
    },
  };
}

describe('report.renderHtmlReport', () => {
  it('is one self-contained, deterministic file', () => {
    const data = sampleReport();
    const html = report.renderHtmlReport(data);
    expect(html).toBe(report.renderHtmlReport(data));
    expect(html).toContain('Sample &lt;SMC&gt; report');
    expect(html).toContain('LightweightCharts');
    // Nothing is fetched from a network when the file is opened.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|url\(http/);
    expect(html).toContain('<td>Sortino</td><td>n/a</td>');
    expect(html).toMatch(/<td>2024<\/td><td class="(pos|neg)">-?\d+\.\d\d%<\/td>/);
  });

  it('writes the same numbers as JSON', () => {
    const data = sampleReport();
    const dir = mkdtempSync(join(tmpdir(), 'smc-report-'));
    const { json } = report.writeReport(dir, data);
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as report.JsonReport;
    expect(parsed.bars).toBe(288);
    expect(parsed.statistics.Performance!['Total return']).toBeCloseTo(data.equity.equity[287]! / 10_000 - 1, 12);
    expect(parsed.monthlyReturns.map((m) => [m.year, m.month])).toEqual([
      [2024, 1],
      [2024, 2],
    ]);
    const chained = parsed.monthlyReturns.reduce((acc, m) => acc * (1 + m.return), 1);
    expect(chained).toBeCloseTo(data.equity.equity[287]! / data.equity.equity[0]!, 12);
    expect(parsed.trades).toHaveLength(2);
  });

  it('rejects inconsistent data with a typed error', () => {
    const data = sampleReport();
    expect(() => report.renderHtmlReport({ ...data, equity: { ...data.equity, time: data.equity.time.subarray(1) } })).toThrow(
      LengthMismatchError,
    );
  });
});

describe.skipIf(!browserAvailable('report in a real browser'))('report in headless Chromium', () => {
  it('loads without console errors and draws every chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smc-report-'));
    const { html } = report.writeReport(dir, sampleReport());
    const { errors, colours } = await renderReport(html, join(ROOT, 'test-output', 'report.png'));
    expect(errors).toEqual([]);
    for (const c of colours) expect(c).toBeGreaterThan(8);
  }, 60_000);
});
