/// <reference lib="dom" />
// The backtest report (real strategy output, SMC overlays, trades) in headless Chromium.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { backtest, synth } from '../../src/index.js';
import { browserAvailable, CHROMIUM, CHROMIUM_ARGS } from '../support/browser.js';
import { ROOT } from '../support/paths.js';
import { smaCross } from '../engine/support.js';

describe.skipIf(!browserAvailable('backtest report in a real browser'))('backtest report in headless Chromium', () => {
  it('loads without console errors and draws the candles with overlays, equity and drawdown', async () => {
    const bars = synth.syntheticBars({ bars: 2_000, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 19 });
    const run = await backtest.runBacktest({ strategy: smaCross('report-check', 10, 40), data: { kind: 'bars', bars, symbol: 'BTC', timeframe: '1m' } });
    const files = backtest.writeBacktestReport(mkdtempSync(join(tmpdir(), 'smc-bt-report-')), run);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      const errors: string[] = [];
      page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(`file://${files.html}`);
      await page.waitForFunction(() => (window as unknown as { __smcReportReady?: boolean }).__smcReportReady === true);
      await page.waitForTimeout(300);
      const colours = await page.evaluate(() =>
        ['price-chart', 'equity-chart', 'drawdown-chart'].map((id) => {
          let best = 0;
          for (const canvas of document.getElementById(id)!.querySelectorAll('canvas')) {
            if (canvas.width === 0 || canvas.height === 0) continue;
            const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            const seen = new Set<number>();
            for (let i = 0; i < pixels.length; i += 4 * 7) seen.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
            best = Math.max(best, seen.size);
          }
          return best;
        }),
      );
      const outDir = join(ROOT, 'test-output');
      mkdirSync(outDir, { recursive: true });
      await page.screenshot({ path: join(outDir, 'backtest-report.png'), fullPage: true });
      expect(errors).toEqual([]);
      for (const c of colours) expect(c).toBeGreaterThan(8);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
