/** Writing a run: the HTML/JSON report, the deterministic result JSON and a terminal summary. */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { formatValue, writeReport } from '../report/index.js';
import { reportData } from './results.js';
import type { BacktestRun } from './types.js';

/**
 * Writes `report.html` and `report.json` (the report) and `result.json` (the deterministic
 * backtest result) into `outDir`.
 */
export function writeBacktestReport(outDir: string, run: BacktestRun, overlays: { swingLength?: number; max?: number } | false = {}): { html: string; json: string; result: string } {
  mkdirSync(outDir, { recursive: true });
  const data = reportData(run.result, run.bars, overlays === false ? false : { swingLength: overlays.swingLength ?? 10, max: overlays.max ?? 150 });
  const written = writeReport(outDir, data);
  const result = join(outDir, 'result.json');
  writeFileSync(result, `${JSON.stringify(run.result, null, 2)}\n`);
  return { ...written, result };
}

/** A short multi-line summary for the terminal. */
export function summary(run: BacktestRun): string {
  const r = run.result;
  const s = r.stats;
  const f = (v: number | null, fmt: 'pct' | 'ratio' | 'money' | 'int' | 'number') => formatValue(v, fmt);
  return [
    `${r.meta.strategy} on ${r.meta.symbol}${r.meta.timeframe ? ` ${r.meta.timeframe}` : ''}: ${r.meta.events} events in ${(run.wallMs / 1000).toFixed(2)} s (${Math.round(run.eventsPerSecond).toLocaleString('en-US')} events/s)`,
    `  return ${f(s.totalReturn, 'pct')}  CAGR ${f(s.cagr, 'pct')}  Sharpe ${f(s.sharpe, 'ratio')}  Sortino ${f(s.sortino, 'ratio')}  max DD ${f(s.maxDrawdown, 'pct')}`,
    `  trades ${s.trades}  win rate ${f(s.winRate, 'pct')}  profit factor ${f(s.profitFactor, 'ratio')}  exposure ${f(s.exposure, 'pct')}  fees ${f(s.fees, 'money')}  shortfall ${f(s.shortfall.totalBps, 'number')} bps`,
    `  VaR ${(1 - r.var.alpha) * 100}%: ${r.var.exceptions}/${r.var.observations} exceptions, Kupiec p ${f(r.var.kupiec?.pValue ?? null, 'ratio')}, ${r.var.trafficLight?.zone ?? 'n/a'} zone; orders ${r.engine.orders}, refused ${r.engine.refused}`,
  ].join('\n');
}
