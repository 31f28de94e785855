/**
 * From a finished run to the result: statistics from `stats`, the VaR backtest of the
 * strategy's own returns from `risk` (historical VaR, Kupiec POF, Basel traffic light), and the
 * report data. Every number is the core's; this file arranges them.
 */
import type { EngineStats } from '../engine/engine.js';
import type { Portfolio } from '../portfolio/index.js';
import type { ReportData, StatSection } from '../report/index.js';
import { RollingVar, baselTrafficLight, exceptions, kupiecPof } from '../risk/index.js';
import { annualReturn, annualVolatility, calmar, equityReturns, maxDrawdown, sharpe, sortino, tradeStats, underwater } from '../stats/index.js';
import { smcOverlays } from './overlays.js';
import type { RunRecorder } from './recorder.js';
import type { BacktestResult, BarColumns } from './types.js';

export interface ResultInput {
  strategy: string;
  symbol: string;
  timeframe: string | null;
  seed: number;
  initialCash: number;
  periodsPerYear: number;
  from: number | null;
  to: number | null;
  bars: number;
  engine: EngineStats;
  portfolio: Portfolio;
  recorder: RunRecorder;
  var: { alpha: number; window: number };
}

function varBacktest(returns: Float64Array, alpha: number, window: number): BacktestResult['var'] {
  const empty = { alpha, window, observations: 0, exceptions: 0, kupiec: null, trafficLight: null };
  if (returns.length <= window) return empty;
  const rolling = new RollingVar({ window, alpha, model: 'historical' });
  const v = rolling.pushMany(returns);
  // The VaR known after return t-1 is the forecast for return t.
  const forecast = v.var.subarray(window - 1, returns.length - 1);
  const realised = returns.subarray(window);
  const e = exceptions(realised, forecast);
  let count = 0;
  for (const x of e) count += x;
  return { alpha, window, observations: e.length, exceptions: count, kupiec: kupiecPof(e, alpha), trafficLight: baselTrafficLight(count, e.length, alpha) };
}

/** Points up to (excluding) the first non-positive equity: after ruin there are no returns. */
function solvent(equity: Float64Array): Float64Array {
  const ruin = equity.findIndex((e) => !(e > 0));
  return ruin < 0 ? equity : equity.subarray(0, ruin);
}

/** The deterministic result of a run. */
export function buildResult(input: ResultInput): BacktestResult {
  const { portfolio, recorder } = input;
  const curve = portfolio.equityCurve();
  // A thinned curve (a run longer than maxEquityPoints) has one point per `stride` marks.
  const stride = portfolio.equityCurveStride();
  const periodsPerYear = input.periodsPerYear / stride;
  const full = curve.equity.length > 0 ? curve.equity : Float64Array.of(input.initialCash);
  const equity = solvent(full);
  const ruinedAt = equity.length < full.length ? curve.time[equity.length]! : null;
  const returns = equity.length >= 2 ? equityReturns(equity) : new Float64Array(0);
  const ann = { periodsPerYear };
  const dd = returns.length > 0 ? maxDrawdown(returns) : { maxDrawdown: 0, duration: 0 };
  const trades = recorder.allTrades();
  const closed = Float64Array.from(recorder.trades, (t) => t.pnl);
  const ts = closed.length > 0 ? tradeStats(closed) : null;
  const account = portfolio.account();
  const finalEquity = portfolio.equity();
  return {
    meta: { strategy: input.strategy, symbol: input.symbol, timeframe: input.timeframe, events: input.engine.events, bars: input.bars, from: input.from, to: input.to, seed: input.seed, initialCash: input.initialCash, periodsPerYear, equityStride: stride },
    stats: {
      ruinedAt,
      finalEquity,
      totalReturn: finalEquity / input.initialCash - 1,
      cagr: returns.length > 0 ? annualReturn(returns, ann) : null,
      volatility: returns.length > 1 ? annualVolatility(returns, ann) : null,
      sharpe: returns.length > 1 ? sharpe(returns, ann) : null,
      sortino: returns.length > 1 ? sortino(returns, ann) : null,
      calmar: returns.length > 0 ? calmar(returns, ann) : null,
      maxDrawdown: dd.maxDrawdown,
      maxDrawdownDuration: dd.duration * stride,
      trades: recorder.trades.length,
      winRate: ts?.winRate ?? null,
      profitFactor: ts?.profitFactor ?? null,
      expectancy: ts?.expectancy ?? null,
      exposure: input.bars > 0 ? recorder.barsInMarket / input.bars : 0,
      turnover: recorder.tradedNotional / input.initialCash,
      fees: account.totals.fees,
      slippage: account.totals.slippage,
      shortfall: recorder.shortfall(),
    },
    var: varBacktest(returns, input.var.alpha, input.var.window),
    engine: input.engine,
    trades,
    equity: { time: Array.from(curve.time), equity: Array.from(curve.equity) },
  };
}

function sections(r: BacktestResult): StatSection[] {
  const s = r.stats;
  return [
    {
      title: 'Performance',
      rows: [
        { label: 'Final equity', value: s.finalEquity, format: 'money' },
        { label: 'Total return', value: s.totalReturn, format: 'pct' },
        { label: 'CAGR', value: s.cagr, format: 'pct' },
        { label: 'Volatility (ann.)', value: s.volatility, format: 'pct' },
        { label: 'Sharpe', value: s.sharpe, format: 'ratio' },
        { label: 'Sortino', value: s.sortino, format: 'ratio' },
        { label: 'Calmar', value: s.calmar, format: 'ratio' },
        { label: 'Max drawdown', value: s.maxDrawdown, format: 'pct' },
        { label: 'Max drawdown duration (bars)', value: s.maxDrawdownDuration, format: 'int' },
      ],
    },
    {
      title: 'Trades',
      rows: [
        { label: 'Trades', value: s.trades, format: 'int' },
        { label: 'Win rate', value: s.winRate, format: 'pct' },
        { label: 'Profit factor', value: s.profitFactor, format: 'ratio' },
        { label: 'Expectancy', value: s.expectancy, format: 'money' },
        { label: 'Exposure', value: s.exposure, format: 'pct' },
        { label: 'Turnover (x initial cash)', value: s.turnover, format: 'number' },
      ],
    },
    {
      title: 'Costs',
      rows: [
        { label: 'Fees', value: s.fees, format: 'money' },
        { label: 'Slippage vs decision', value: s.slippage, format: 'money' },
        { label: 'Implementation shortfall', value: s.shortfall.total, format: 'money' },
        { label: 'Shortfall (bps)', value: s.shortfall.totalBps, format: 'number' },
      ],
    },
    {
      title: `VaR backtest (historical ${(1 - r.var.alpha) * 100}%, window ${r.var.window})`,
      rows: [
        { label: 'Observations', value: r.var.observations, format: 'int' },
        { label: 'Exceptions', value: r.var.exceptions, format: 'int' },
        { label: 'Kupiec POF p-value', value: r.var.kupiec?.pValue ?? null, format: 'ratio' },
        { label: 'Traffic light', value: r.var.trafficLight?.zone ?? null, format: 'text' },
      ],
    },
  ];
}

/** Underwater curve; points after ruin (equity <= 0) are a 100% drawdown. */
function drawdownSeries(equity: Float64Array): Float64Array {
  const ok = solvent(equity);
  const out = new Float64Array(equity.length).fill(-1);
  if (ok.length > 0) out.set(underwater(ok));
  return out;
}

/** The report of a run (`report.writeReport(outDir, data)` writes HTML and JSON). */
export function reportData(r: BacktestResult, bars: BarColumns, overlays: { swingLength: number; max: number } | false): ReportData {
  const equity = Float64Array.from(r.equity.equity);
  return {
    title: `${r.meta.strategy} on ${r.meta.symbol}${r.meta.timeframe ? ` ${r.meta.timeframe}` : ''}`,
    subtitle: `${r.meta.bars} bars, seed ${r.meta.seed}, initial cash ${r.meta.initialCash}`,
    bars,
    equity: { time: Float64Array.from(r.equity.time), equity },
    drawdown: drawdownSeries(equity),
    trades: r.trades,
    sections: sections(r),
    overlays: overlays && bars.close.length > 0 ? smcOverlays(bars, overlays.swingLength, overlays.max) : undefined,
  };
}
