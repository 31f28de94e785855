/**
 * `smc backtest`: a strategy module on a data file, with an optional YAML/JSON config, written
 * as the HTML/JSON report plus the deterministic result.json.
 */
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { runBacktest } from '../backtest/run.js';
import { summary, writeBacktestReport } from '../backtest/output.js';
import { sweep } from '../backtest/sweep.js';
import type { BacktestData, BacktestOptions } from '../backtest/types.js';
import type { Strategy } from '../engine/types.js';
import { ConfigError } from '../errors.js';
import { numberFlag, timeFlag, usage, UsageError } from './args.js';

export const BACKTEST_HELP = `usage: smc backtest --data <file> --strategy <module> [--config <file>] [--from DATE] [--to DATE]
                    [--out DIR] [--seed N] [--symbol S] [--timeframe 1m] [--tick-size 0.01]

Runs a strategy through the engine on historical data and writes report.html, report.json and
result.json (byte-identical for the same data, config and seed).

  --data FILE       OHLCV CSV (bar mode) or a Binance '<ns> <json>' capture, .gz (L2 mode)
  --strategy FILE   an ES module whose default export (or 'strategy') is a Strategy, or a
                    function (params) => Strategy
  --config FILE     YAML or JSON: initialCash, seed, params, fees, slippage, breaker, var,
                    symbol, timeframe, tickSize, market, markEveryMs, periodsPerYear
  --from, --to      ISO dates or epoch ms (from inclusive, to exclusive)
  --out DIR         output directory (default backtest-results)
  --seed N          simulator seed (overrides the config)
  --sweep FILE      YAML/JSON { grid: { name: [values] } | [ {params} ], inSample: 0.7,
                    rankBy: sharpe|sortino|calmar|totalReturn|profitFactor|expectancy,
                    workers: N, walkForward: { folds: N } }: every parameter set in and out of
                    sample on worker threads, ranked in sample (plus anchored walk-forward
                    folds); writes sweep.json (bar data only)`;

const sweepSchema = z.strictObject({
  grid: z.union([z.record(z.string(), z.array(z.unknown()).min(1)), z.array(z.record(z.string(), z.unknown())).min(1)]),
  inSample: z.number().gt(0).lt(1).optional(),
  rankBy: z.enum(['sharpe', 'sortino', 'calmar', 'totalReturn', 'profitFactor', 'expectancy']).optional(),
  workers: z.number().int().positive().optional(),
  walkForward: z.strictObject({ folds: z.number().int().positive() }).optional(),
});

const fileSchema = z.strictObject({
  initialCash: z.number().positive().optional(),
  seed: z.number().int().nonnegative().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  symbol: z.string().min(1).optional(),
  timeframe: z.string().regex(/^[1-9][0-9]*[smhd]$/, 'expected a timeframe like 1m, 15m, 4h, 1d').optional(),
  tickSize: z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal string like "0.01"').optional(),
  market: z.enum(['spot', 'futures']).optional(),
  markEveryMs: z.number().int().positive().optional(),
  periodsPerYear: z.number().positive().optional(),
  fees: z.strictObject({ makerBps: z.number().optional(), takerBps: z.number().optional(), fixedPerOrder: z.number().nonnegative().optional() }).optional(),
  slippage: z
    .discriminatedUnion('model', [
      z.strictObject({ model: z.literal('fixed'), bps: z.number() }),
      z.strictObject({ model: z.literal('spread'), spreadBps: z.number(), fraction: z.number().optional() }),
      z.strictObject({ model: z.literal('sqrtImpact'), k: z.number().optional(), sigma: z.number().optional() }),
    ])
    .optional(),
  breaker: z.strictObject({ limits: z.record(z.string(), z.number()).optional(), cooldownMs: z.number().optional(), halfOpenProbes: z.number().int().optional(), allowReducing: z.boolean().optional() }).optional(),
  var: z.strictObject({ alpha: z.number().gt(0).lt(1).optional(), window: z.number().int().min(2).optional() }).optional(),
});
type FileConfig = z.infer<typeof fileSchema>;

/** Reads and validates a YAML/JSON file against a schema; errors name the file, the key and the problem. */
function readChecked<T>(flag: string, path: string, schema: z.ZodType<T>): T {
  if (!existsSync(path)) throw new UsageError(`--${flag}: file not found: ${path}`);
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${path}: cannot parse: ${(err as Error).message}`);
  }
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => {
    const keys = 'keys' in i && Array.isArray(i.keys) ? i.keys : [];
    const key = [...i.path, ...keys.slice(0, 1)].join('.') || '(root)';
    return { key, problem: i.code === 'unrecognized_keys' ? 'unknown key' : i.message };
  });
  throw new ConfigError(`${path}: ${issues.map((i) => `${i.key}: ${i.problem}`).join('; ')}`, { issues });
}

/** Reads and validates a backtest config file. */
export function readBacktestConfig(path: string): FileConfig {
  return readChecked('config', path, fileSchema);
}

/** Imports a strategy module: default export or `strategy`, a Strategy or a factory of params. */
export async function loadStrategy(path: string, params: unknown): Promise<Strategy<unknown>> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`--strategy: file not found: ${path}`);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const exported = mod.default ?? mod.strategy;
  const s = typeof exported === 'function' ? (exported as (p: unknown) => unknown)(params) : exported;
  if (!s || typeof s !== 'object' || typeof (s as Strategy).name !== 'string' || (typeof (s as Strategy).onBar !== 'function' && typeof (s as Strategy).onTick !== 'function')) {
    throw new UsageError(`--strategy ${path}: the default export (or 'strategy') must be a Strategy { name, onBar | onTick } or a function returning one`);
  }
  return s as Strategy<unknown>;
}

function isCapture(path: string): boolean {
  if (path.endsWith('.gz')) return true;
  const head = readFileSync(path, { encoding: 'utf8', flag: 'r' }).slice(0, 64);
  return /^\d{15,} \{/.test(head);
}

export async function backtestCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = usage(() => parseArgs({ args: argv, strict: true, allowPositionals: true, options: {
    data: { type: 'string' },
    strategy: { type: 'string' },
    config: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string', default: 'backtest-results' },
    seed: { type: 'string' },
    symbol: { type: 'string' },
    timeframe: { type: 'string' },
    'tick-size': { type: 'string' },
    sweep: { type: 'string' },
  } }));
  if (!values.data) throw new UsageError('--data is required');
  if (!values.strategy) throw new UsageError('--strategy is required');
  if (!existsSync(values.data)) throw new UsageError(`--data: file not found: ${values.data}`);
  const cfg = values.config ? readBacktestConfig(values.config) : {};
  const symbol = values.symbol ?? cfg.symbol ?? 'SYMBOL';
  const data: BacktestData = isCapture(values.data)
    ? { kind: 'capture', path: values.data, symbol, tickSize: values['tick-size'] ?? cfg.tickSize ?? '0.01', market: cfg.market }
    : { kind: 'csv', path: values.data, symbol, timeframe: values.timeframe ?? cfg.timeframe ?? '1m' };
  if (values.sweep) {
    if (data.kind === 'capture') throw new UsageError('--sweep: bar data (CSV) only');
    const spec = readChecked('sweep', values.sweep, sweepSchema);
    // Only the run settings are shared by every set (the grid supplies the parameters).
    const base = { initialCash: cfg.initialCash, fees: cfg.fees, slippage: cfg.slippage, breaker: cfg.breaker, var: cfg.var, periodsPerYear: cfg.periodsPerYear };
    const result = await sweep({ strategy: values.strategy, grid: spec.grid, data, base: { ...base, seed: numberFlag('seed', values.seed, { integer: true, min: 0 }) ?? cfg.seed }, inSample: spec.inSample, rankBy: spec.rankBy, workers: spec.workers, walkForward: spec.walkForward });
    out(`sweep: ${result.runs.length} parameter sets, ranked by in-sample ${result.rankBy}; out of sample from ${new Date(result.split).toISOString()}`);
    for (const r of result.runs.slice(0, 20)) {
      const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
      out(`  ${JSON.stringify(r.params).padEnd(40)} IS ${f(r.inSample[result.rankBy])}  OOS ${f(r.outOfSample[result.rankBy])}  (IS return ${(r.inSample.totalReturn * 100).toFixed(2)}%, OOS ${(r.outOfSample.totalReturn * 100).toFixed(2)}%)`);
    }
    for (const f of result.walkForward ?? []) {
      out(`  walk-forward fold ${f.fold}: best in sample ${JSON.stringify(f.best)}, out of sample ${result.rankBy} ${f.outOfSample[result.rankBy]?.toFixed(3) ?? 'n/a'}, return ${(f.outOfSample.totalReturn * 100).toFixed(2)}%`);
    }
    mkdirSync(values.out, { recursive: true });
    const file = join(values.out, 'sweep.json');
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    out(`sweep: ${file}`);
    return 0;
  }
  const strategy = await loadStrategy(values.strategy, cfg.params);
  const options: BacktestOptions<unknown> = {
    strategy,
    params: cfg.params,
    data,
    from: timeFlag('from', values.from),
    to: timeFlag('to', values.to),
    seed: numberFlag('seed', values.seed, { integer: true, min: 0 }) ?? cfg.seed,
    initialCash: cfg.initialCash,
    fees: cfg.fees,
    slippage: cfg.slippage,
    breaker: cfg.breaker,
    var: cfg.var,
    markEveryMs: cfg.markEveryMs,
    periodsPerYear: cfg.periodsPerYear,
  };
  const run = await runBacktest(options);
  out(summary(run));
  const files = writeBacktestReport(values.out, run);
  out(`report: ${files.html}\nresult: ${files.result}`);
  return 0;
}
