// examples/execution-compare in a short form (a 60 s parent): the five algorithms against the
// simulated exchange in L2 mode, on the Binance capture when present and on the labelled
// synthetic book always; the shortfall table and its JSON.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { ROOT, SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

const RUN = join(ROOT, 'examples', 'execution-compare', 'run.mjs');
const ALGORITHMS = ['TWAP', 'VWAP', 'POV 10%', 'Iceberg', 'Almgren-Chriss'];

interface Row {
  algorithm: string;
  status: string;
  filled: number;
  averagePrice: number | null;
  decision: number;
  shortfallBps: { delay: number; trading: number; opportunity: number; fees: number; total: number };
  children: number;
  fills: number;
}

function runExample(extra: string[]): { stdout: string; rows: Row[] } {
  const res = spawnSync(process.execPath, [RUN, '--horizon', '60', '--qty', '0.5', '--json', ...extra], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, SMC_SHARED_DATA: SHARED_DATA } });
  expect(res.status, res.stderr).toBe(0);
  const json = res.stdout.slice(res.stdout.indexOf('\n[') + 1);
  return { stdout: res.stdout, rows: JSON.parse(json) as Row[] };
}

function checkRows(rows: Row[]): void {
  expect(rows.map((r) => r.algorithm)).toEqual(ALGORITHMS);
  for (const r of rows) {
    const s = r.shortfallBps;
    // Perold's decomposition: the parts add up to the total.
    expect(s.delay + s.trading + s.opportunity + s.fees).toBeCloseTo(s.total, 9);
    expect(r.filled).toBeGreaterThan(0);
    expect(r.filled).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(r.fills).toBeGreaterThan(0);
    expect(r.children).toBeGreaterThanOrEqual(r.fills > 0 ? 1 : 0);
    expect(s.fees).toBeGreaterThan(0);
    if (r.status === 'completed') expect(r.filled).toBeCloseTo(0.5, 9);
  }
  // Every algorithm works the same parent from the same decision.
  expect(new Set(rows.map((r) => r.decision)).size).toBe(1);
}

describe('examples/execution-compare', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'lib', 'index.js'))) {
      throw new Error('dist/lib is missing: run `npm install` (or `npm run build`) first');
    }
  });

  it('compares the five algorithms on the labelled synthetic book', () => {
    const { stdout, rows } = runExample(['--synthetic']);
    expect(stdout).toContain('data: SYNTHETIC L2 book');
    expect(stdout).toMatch(/implementation shortfall \(bps of 0\.5 x decision price/);
    for (const a of ALGORITHMS) expect(stdout).toMatch(new RegExp(`^${a.replace(/[%]/g, '%')}\\s+(completed|expired|stranded)`, 'm'));
    checkRows(rows);
  }, 60_000);

  it('compares them on the Binance L2 capture', () => {
    if (!sharedDataAvailable('binance-btcusdt-l2/usdm_btcusdt_20240808.gz', 'execution-compare on the capture')) return;
    const { stdout, rows } = runExample([]);
    expect(stdout).toContain('Binance USD-M BTCUSDT L2 capture');
    checkRows(rows);
  }, 120_000);
});
