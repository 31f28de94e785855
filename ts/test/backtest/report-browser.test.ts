// The backtest report (real strategy output, SMC overlays, trades) in headless Chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { backtest, synth } from '../../src/index.js';
import { browserAvailable, renderReport } from '../support/browser.js';
import { ROOT } from '../support/paths.js';
import { smaCross } from '../engine/support.js';

describe.skipIf(!browserAvailable('backtest report in a real browser'))('backtest report in headless Chromium', () => {
  it('loads without console errors and draws the candles with overlays, equity and drawdown', async () => {
    const bars = synth.syntheticBars({ bars: 2_000, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 19 });
    const run = await backtest.runBacktest({ strategy: smaCross('report-check', 10, 40), data: { kind: 'bars', bars, symbol: 'BTC', timeframe: '1m' } });
    const files = backtest.writeBacktestReport(mkdtempSync(join(tmpdir(), 'smc-bt-report-')), run);
    const { errors, colours } = await renderReport(files.html, join(ROOT, 'test-output', 'backtest-report.png'));
    expect(errors).toEqual([]);
    for (const c of colours) expect(c).toBeGreaterThan(8);
  }, 120_000);
});
