// examples/backtest-smc, the `npm run backtest` target, in a short form: the built package, the
// SMC strategy with the ensemble filter on synthetic bars, the summary and the report files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { models, synth } from '../../src/index.js';
import { ROOT } from '../support/paths.js';

const RUN = join(ROOT, 'examples', 'backtest-smc', 'run.mjs');

describe('examples/backtest-smc', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'lib', 'index.js'))) {
      throw new Error('dist/lib is missing: run `npm install` (or `npm run build`) first');
    }
  });

  it('runs on synthetic bars without models and writes the report', () => {
    const out = mkdtempSync(join(tmpdir(), 'smc-example-'));
    const res = spawnSync(process.execPath, [RUN, '--bars', '6000', '--out', out, '--no-models'], { encoding: 'utf8', cwd: ROOT });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('6000 synthetic bars');
    expect(res.stdout).toMatch(/smc-ob-fvg on BTC-SYNTH 1m: 6000 events/);
    expect(res.stdout).toMatch(/trades \d+/);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { meta: { bars: number }; engine: { orders: number } };
    expect(result.meta.bars).toBe(6000);
    expect(result.engine.orders).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('LightweightCharts');
  }, 60_000);

  it('uses the model ensemble as a confirmation filter when models exist', async () => {
    // A private model directory so the test does not depend on `npm run models` having run.
    const dir = mkdtempSync(join(tmpdir(), 'smc-example-models-'));
    await models.buildExampleModels({ outDir: dir, bars: synth.syntheticBars({ bars: 3_000, seed: 3 }) });
    const out = mkdtempSync(join(tmpdir(), 'smc-example-'));
    const res = spawnSync(process.execPath, [RUN, '--bars', '4000', '--out', out, '--models', dir], { encoding: 'utf8', cwd: ROOT });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('ensemble: lstm, transformer, ppo');
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  }, 120_000);
});
