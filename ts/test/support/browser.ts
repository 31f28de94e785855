/// <reference lib="dom" />
// The DOM types are for the callback that playwright runs inside the page.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Debian's Chromium, or the one named by SMC_CHROMIUM. */
export const CHROMIUM = process.env.SMC_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run. Without Chromium they skip with one line, unless
 * SMC_REQUIRE_BROWSER=1 (CI), where the missing browser is a failure of the run.
 */
export function browserAvailable(suite: string): boolean {
  const ok = existsSync(CHROMIUM);
  if (!ok && process.env.SMC_REQUIRE_BROWSER !== '1') {
    console.log(`[browser] ${suite}: skipped (${CHROMIUM} not found; apt-get install chromium)`);
    return false;
  }
  return true;
}

/** Flags for a headless, offline, root-safe Chromium. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface RenderedReport {
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** Per chart (price, equity, drawdown): the most distinct colours found in one of its canvases. */
  colours: number[];
}

/**
 * Opens a report in headless Chromium, waits until its page script has drawn, measures each
 * chart, and writes a full-page screenshot to `screenshot`. A chart has drawn when one of its
 * canvases holds more than a handful of colours.
 */
export async function renderReport(htmlPath: string, screenshot: string): Promise<RenderedReport> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const errors: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`file://${htmlPath}`);
    await page.waitForFunction(() => (globalThis as unknown as { __smcReportReady?: boolean }).__smcReportReady === true);
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
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    return { errors, colours };
  } finally {
    await browser.close();
  }
}
