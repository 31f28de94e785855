import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { synth } from '../../src/index.js';
import { main } from '../../src/cli/main.js';

async function smc(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'smc-cli-'));
const csv = join(dir, 'bars.csv');
const b = synth.syntheticBars({ bars: 2_000, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 8 });
writeFileSync(csv, ['timestamp,open,high,low,close,volume', ...Array.from(b.close, (_, i) => `${new Date(b.time[i]!).toISOString()},${b.open[i]},${b.high[i]},${b.low[i]},${b.close[i]},${b.volume[i]}`)].join('\n'));
const strategyFile = join(dir, 'sma.mjs');
writeFileSync(
  strategyFile,
  `export default (params = {}) => ({
  name: 'sma-file',
  requires: { indicators: { fast: { kind: 'sma', period: params.fast ?? 5 }, slow: { kind: 'sma', period: 20 } } },
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

describe('smc CLI', () => {
  it('prints help and fails with exit code 2 without a command or with an unknown one', async () => {
    expect((await smc()).code).toBe(2);
    const unknown = await smc('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
    const help = await smc('backtest', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--strategy FILE');
  });

  it('names the missing flag, the missing file and the bad config key', async () => {
    const noData = await smc('backtest', '--strategy', strategyFile);
    expect(noData.code).toBe(2);
    expect(noData.err).toContain('--data is required');
    const missing = await smc('backtest', '--data', join(dir, 'nope.csv'), '--strategy', strategyFile);
    expect(missing.err).toContain('--data: file not found');
    const cfg = join(dir, 'bad.yaml');
    writeFileSync(cfg, 'initialCash: -5\nfees:\n  takerBps: 4\n  bogus: 1\n');
    const bad = await smc('backtest', '--data', csv, '--strategy', strategyFile, '--config', cfg);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('initialCash:');
    expect(bad.err).toContain('fees.bogus: unknown key');
    const badSeed = await smc('backtest', '--data', csv, '--strategy', strategyFile, '--seed', 'x');
    expect(badSeed.code).toBe(2);
    expect(badSeed.err).toContain('--seed: expected an integer');
  });

  it('backtests a strategy module deterministically and summarises the saved result', async () => {
    const cfg = join(dir, 'ok.yaml');
    writeFileSync(cfg, 'initialCash: 200000\nparams:\n  fast: 8\nsymbol: SYN\nfees:\n  takerBps: 2\n');
    const a = join(dir, 'a');
    const c = join(dir, 'c');
    const first = await smc('backtest', '--data', csv, '--strategy', strategyFile, '--config', cfg, '--out', a, '--seed', '4', '--from', '2024-01-01T05:00:00Z');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('sma-file on SYN 1m');
    const second = await smc('backtest', '--data', csv, '--strategy', strategyFile, '--config', cfg, '--out', c, '--seed', '4', '--from', '2024-01-01T05:00:00Z');
    expect(second.code).toBe(0);
    const resultA = readFileSync(join(a, 'result.json'), 'utf8');
    expect(readFileSync(join(c, 'result.json'), 'utf8')).toBe(resultA);
    const parsed = JSON.parse(resultA) as { meta: { bars: number; initialCash: number } };
    expect(parsed.meta.bars).toBe(2_000 - 300);
    expect(parsed.meta.initialCash).toBe(200_000);
    const report = await smc('report', join(a, 'result.json'));
    expect(report.code).toBe(0);
    expect(report.out).toContain('sma-file on SYN 1m: 1700 events');
    const notResult = await smc('report', cfg);
    expect(notResult.code).toBe(1);
  }, 60_000);

  it('validate-latency reports every stage as JSON', async () => {
    const r = await smc('validate-latency', '--iterations', '50', '--models', join(dir, 'no-models'), '--json');
    expect([0, 1]).toContain(r.code);
    const j = JSON.parse(r.out) as { iterations: number; ensemble: null; withinTarget: number; stages: Record<string, { count: number }> };
    expect(j.iterations).toBe(50);
    expect(j.ensemble).toBeNull();
    expect(j.withinTarget).toBeGreaterThanOrEqual(0);
    for (const s of ['data', 'features', 'strategy', 'accounting', 'total']) expect(j.stages[s]!.count).toBe(150);
  }, 60_000);
});

describe('smc backtest --sweep', () => {
  it('ranks a parameter grid in sample with the out-of-sample figure beside it', async () => {
    const spec = join(dir, 'sweep.yaml');
    writeFileSync(spec, 'grid:\n  fast: [3, 6, 9]\ninSample: 0.5\nrankBy: totalReturn\nworkers: 2\nwalkForward:\n  folds: 2\n');
    const out = join(dir, 'sweep-out');
    const r = await smc('backtest', '--data', csv, '--strategy', strategyFile, '--sweep', spec, '--out', out, '--symbol', 'SYN');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('sweep: 3 parameter sets, ranked by in-sample totalReturn');
    expect(r.out).toMatch(/walk-forward fold 2: best in sample \{"fast":\d\}/);
    const saved = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { runs: { params: { fast: number }; inSample: { totalReturn: number } }[] };
    expect(saved.runs.map((x) => x.params.fast).sort()).toEqual([3, 6, 9]);
    const returns = saved.runs.map((x) => x.inSample.totalReturn);
    expect([...returns].sort((a, b) => b - a)).toEqual(returns);
    const badSpec = join(dir, 'bad-sweep.yaml');
    writeFileSync(badSpec, 'grid:\n  fast: []\nrankBy: luck\n');
    const bad = await smc('backtest', '--data', csv, '--strategy', strategyFile, '--sweep', badSpec);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('rankBy:');
  }, 120_000);
});
