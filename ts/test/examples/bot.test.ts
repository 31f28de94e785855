// examples/bot as a user runs it: `npm install` links the built package through its file:
// dependency, `npm start` replays generated bars through engine.createEngine and trades.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { ROOT } from '../support/paths.js';

const BOT = join(ROOT, 'examples', 'bot');

describe('examples/bot (file: dependency)', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'lib', 'index.js'))) {
      throw new Error('dist/lib is missing: run `npm install` (or `npm run build`) first');
    }
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: BOT, stdio: 'pipe' });
  }, 120_000);

  it('resolves smc-engine from its own node_modules, like a user project', () => {
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('smc-engine'))"], { cwd: BOT, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout.trim()).toMatch(/dist\/lib\/index\.js$/);
    expect(existsSync(join(BOT, 'node_modules', 'smc-engine', 'package.json'))).toBe(true);
  });

  it('`npm start` replays a generated JSONL through the engine and trades', () => {
    const res = spawnSync('npm', ['start', '--silent', '--', '--bars', '1500'], { cwd: BOT, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/bot: ema-trend-bot on .*synth-bars\.jsonl/);
    expect(res.stdout).toMatch(/^fill buy 0\.5 BTCUSDT @ \d+\.\d\d \(fee \d+\.\d\d\)$/m);
    const m = /events (\d+) {2}orders (\d+) {2}fills (\d+) {2}refused (\d+)/.exec(res.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(1500);
    expect(Number(m![3])).toBeGreaterThan(0);
    expect(Number(m![3])).toBe(Number(m![2]));
    const lines = readFileSync(join(BOT, 'data', 'synth-bars.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1500);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'bar', symbol: 'BTCUSDT', timeframe: '1m' });
  }, 60_000);
});
