/**
 * The backtest report as one self-contained HTML file: TradingView's lightweight-charts is
 * inlined, so the file opens offline. Candles with volume, SMC overlays and trade markers;
 * equity and underwater charts; monthly returns, statistics and trades as tables.
 * The output is a pure function of the data (no clock), so reports are reproducible.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { periodReturns, type PeriodReturns } from './calendar.js';
import { escapeHtml, formatTime, formatValue } from './format.js';
import type { ReportData } from './types.js';

const ASSETS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'assets', 'report');
const require = createRequire(import.meta.url);

function asset(name: string): string {
  return readFileSync(join(ASSETS, name), 'utf8');
}

/** The standalone (global `LightweightCharts`) build, which the package does not export. */
function chartLibrary(): string {
  const root = dirname(require.resolve('lightweight-charts/package.json'));
  return readFileSync(join(root, 'dist', 'lightweight-charts.standalone.production.js'), 'utf8');
}

/** JSON safe to embed in a <script> element. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const sec = (ms: number) => Math.floor(ms / 1000);

/** The data the page script draws, in lightweight-charts' shapes (times in UTC seconds). */
function chartData(data: ReportData) {
  const { bars } = data;
  const candles = [];
  const volume = [];
  for (let i = 0; i < bars.close.length; i++) {
    const time = sec(bars.time[i]!);
    candles.push({ time, open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i] });
    volume.push({ time, value: bars.volume[i], color: bars.close[i]! >= bars.open[i]! ? '#26a69a55' : '#ef535055' });
  }
  const markers = data.trades
    .flatMap((t) => {
      const long = t.side === 'long';
      const entry = { time: sec(t.entryTime), position: long ? 'belowBar' : 'aboveBar', color: long ? '#3fb950' : '#f85149', shape: long ? 'arrowUp' : 'arrowDown', text: long ? 'L' : 'S' };
      if (t.exitTime === undefined) return [entry];
      return [entry, { time: sec(t.exitTime), position: long ? 'aboveBar' : 'belowBar', color: '#8b949e', shape: 'circle', text: 'x' }];
    })
    .sort((a, b) => a.time - b.time);
  const equity = Array.from(data.equity.time, (t, i) => ({ time: sec(t), value: data.equity.equity[i] }));
  const drawdown = Array.from(data.equity.time, (t, i) => ({ time: sec(t), value: data.drawdown[i]! * 100 }));
  const zones = (data.overlays?.zones ?? []).map((z) => ({ ...z, startTime: sec(z.startTime), endTime: sec(z.endTime) }));
  const levels = (data.overlays?.levels ?? []).map((l) => ({ ...l, startTime: sec(l.startTime), endTime: sec(l.endTime) }));
  return { candles, volume, markers, equity, drawdown, zones, levels };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pctCell(r: number | undefined): string {
  if (r === undefined) return '<td></td>';
  // Rounds first so that a tiny loss shows as 0.00%, not -0.00%.
  const pct = (r * 100).toFixed(2).replace(/^-0\.00$/, '0.00');
  return `<td class="${pct.startsWith('-') ? 'neg' : 'pos'}">${pct}%</td>`;
}

function monthlyTable(monthly: PeriodReturns, yearly: PeriodReturns): string {
  const years = Array.from(yearly.year);
  const rows = years.map((year, y) => {
    const cells = MONTHS.map((_, m) => {
      const i = monthly.year.findIndex((yy, k) => yy === year && monthly.month[k] === m + 1);
      return pctCell(i >= 0 ? monthly.ret[i] : undefined);
    });
    return `<tr><td>${year}</td>${cells.join('')}${pctCell(yearly.ret[y])}</tr>`;
  });
  return `<table><tr><th>Year</th>${MONTHS.map((m) => `<th>${m}</th>`).join('')}<th>Year</th></tr>${rows.join('')}</table>`;
}

function statsTables(data: ReportData): string {
  return data.sections
    .map(
      (s) =>
        `<div><h2>${escapeHtml(s.title)}</h2><table>${s.rows
          .map((r) => `<tr><td>${escapeHtml(r.label)}</td><td>${escapeHtml(formatValue(r.value, r.format))}</td></tr>`)
          .join('')}</table></div>`,
    )
    .join('');
}

const MAX_TRADE_ROWS = 1000;

function tradesTable(data: ReportData): string {
  const shown = data.trades.slice(0, MAX_TRADE_ROWS);
  const rows = shown.map(
    (t) =>
      `<tr><td>${escapeHtml(t.id)}</td><td>${t.side}</td><td>${formatValue(t.quantity)}</td><td>${formatTime(t.entryTime)}</td><td>${formatValue(t.entryPrice)}</td><td>${t.exitTime === undefined ? 'open' : formatTime(t.exitTime)}</td><td>${t.exitPrice === undefined ? '' : formatValue(t.exitPrice)}</td><td>${formatValue(t.fees, 'money')}</td><td class="${t.pnl >= 0 ? 'pos' : 'neg'}">${formatValue(t.pnl, 'money')}</td></tr>`,
  );
  const more = data.trades.length > shown.length ? `<p class="note">First ${shown.length} of ${data.trades.length} trades; all are in the JSON report.</p>` : '';
  return `<div class="scroll"><table><tr><th>Trade</th><th>Side</th><th>Qty</th><th>Entry time</th><th>Entry</th><th>Exit time</th><th>Exit</th><th>Fees</th><th>PnL</th></tr>${rows.join('')}</table></div>${more}`;
}

/** Renders the report. Throws typed errors for inconsistent data (via the core's checks). */
export function renderHtmlReport(data: ReportData): string {
  const monthly = periodReturns(data.equity.time, data.equity.equity, 'month');
  const yearly = periodReturns(data.equity.time, data.equity.equity, 'year');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${asset('report.css')}</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<div class="subtitle">${escapeHtml(data.subtitle ?? '')}</div>
<div id="price-chart" class="chart"></div>
<p class="legend"><span>▲ long entry</span><span>▼ short entry</span><span>● exit</span><span style="color:#26a69a">▮ FVG</span><span style="color:#42a5f5">▮ order block</span><span style="color:#8b949e">- - BOS</span><span style="color:#d2a8ff">- - CHOCH</span><span style="color:#e3b341">··· liquidity</span></p>
<h2>Equity</h2>
<div id="equity-chart" class="chart"></div>
<h2>Drawdown (underwater)</h2>
<div id="drawdown-chart" class="chart"></div>
<h2>Monthly returns</h2>
${monthlyTable(monthly, yearly)}
<div class="grid">${statsTables(data)}</div>
<h2>Trades</h2>
${tradesTable(data)}
<script id="smc-data" type="application/json">${embedJson(chartData(data))}</script>
<script>${chartLibrary()}</script>
<script>${asset('report.js')}</script>
</body>
</html>
`;
}
