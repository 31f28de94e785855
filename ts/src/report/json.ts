/** The machine-readable report: the same numbers as the HTML report, as plain JSON. */
import { periodReturns } from './calendar.js';
import type { ReportData } from './types.js';

export interface JsonReport {
  title: string;
  subtitle?: string;
  bars: number;
  statistics: Record<string, Record<string, number | string | null>>;
  monthlyReturns: { year: number; month: number; return: number }[];
  yearlyReturns: { year: number; return: number }[];
  equity: { time: number[]; equity: number[]; drawdown: number[] };
  trades: ReportData['trades'];
}

export function buildJsonReport(data: ReportData): JsonReport {
  const monthly = periodReturns(data.equity.time, data.equity.equity, 'month');
  const yearly = periodReturns(data.equity.time, data.equity.equity, 'year');
  return {
    title: data.title,
    ...(data.subtitle === undefined ? {} : { subtitle: data.subtitle }),
    bars: data.bars.close.length,
    statistics: Object.fromEntries(data.sections.map((s) => [s.title, Object.fromEntries(s.rows.map((r) => [r.label, r.value]))])),
    monthlyReturns: Array.from(monthly.ret, (r, i) => ({ year: monthly.year[i]!, month: monthly.month[i]!, return: r })),
    yearlyReturns: Array.from(yearly.ret, (r, i) => ({ year: yearly.year[i]!, return: r })),
    equity: { time: Array.from(data.equity.time), equity: Array.from(data.equity.equity), drawdown: Array.from(data.drawdown) },
    trades: data.trades,
  };
}
