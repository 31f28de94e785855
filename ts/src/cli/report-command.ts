/** `smc report <result.json>`: the summary of a saved backtest result. */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';

import { summary } from '../backtest/output.js';
import type { BacktestResult } from '../backtest/types.js';
import { ConfigError } from '../errors.js';
import { usage, UsageError } from './args.js';

export const REPORT_HELP = `usage: smc report <result.json> [--json]

Prints the summary of a backtest result written by 'smc backtest' (or backtest.writeBacktestReport);
--json prints its statistics as JSON.`;

export function reportCommand(argv: string[], out: (line: string) => void): number {
  const { values, positionals } = usage(() => parseArgs({ args: argv, strict: true, allowPositionals: true, options: { json: { type: 'boolean', default: false } } }));
  const path = positionals[0];
  if (!path) throw new UsageError('a result.json path is required');
  if (!existsSync(path)) throw new UsageError(`file not found: ${path}`);
  let result: BacktestResult;
  try {
    result = JSON.parse(readFileSync(path, 'utf8')) as BacktestResult;
  } catch (err) {
    throw new ConfigError(`${path}: not JSON: ${(err as Error).message}`);
  }
  for (const key of ['meta', 'stats', 'var', 'engine'] as const) {
    if (typeof result?.[key] !== 'object' || result[key] === null) throw new ConfigError(`${path}: not a backtest result (missing '${key}')`);
  }
  if (values.json) {
    out(JSON.stringify({ meta: result.meta, stats: result.stats, var: result.var }, null, 2));
  } else {
    out(summary({ result, bars: { time: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) }, wallMs: 0, eventsPerSecond: 0, latency: {} }).replace(/ in 0\.00 s \(0 events\/s\)/, ''));
  }
  return 0;
}
