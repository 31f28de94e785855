/** Options and results of a backtest. Times are epoch milliseconds (UTC). */
import type { OhlcCsvOptions } from '../data/ohlc-csv.js';
import type { EngineBreakerOptions } from '../engine/options.js';
import type { EngineStats } from '../engine/engine.js';
import type { Stage, StageLatency, Strategy } from '../engine/types.js';
import type { FeeOptions, LatencyOptions, QueueModelOptions, SlippageOptions, BarOptions } from '../execution/sim/index.js';
import type { ModelEnsemble } from '../models/index.js';
import type { Ohlc } from '../ohlc.js';
import type { TradeRecord } from '../report/index.js';
import type { TrafficLight, LikelihoodRatioTest } from '../risk/index.js';

/** Bars in memory (`time` required). */
export type BarColumns = Ohlc & { time: Float64Array };

/** Where the market data comes from. */
export type BacktestData =
  /** Bars already in memory (e.g. `synth.syntheticBars`). */
  | { kind: 'bars'; bars: BarColumns; symbol: string; timeframe: string }
  /** An OHLCV CSV file, streamed in chunks (`readOhlcCsvChunks`, bounded memory; `loadOhlcCsv`'s formats and checks). */
  | { kind: 'csv'; path: string; symbol: string; timeframe: string; csv?: OhlcCsvOptions }
  /**
   * A Binance `<ns> <json>` capture (L2/tick mode), streamed through a `ReplaySource` (native
   * reader by default; `reader: 'js'` parses each line in JavaScript, same result, slower).
   */
  | { kind: 'capture'; path: string; symbol: string; tickSize: string; market?: 'spot' | 'futures'; venue?: string; reader?: 'native' | 'js' };

export interface BacktestOptions<P = unknown> {
  strategy: Strategy<P>;
  params?: P;
  data: BacktestData;
  /** Only events at or after / before these times. */
  from?: number;
  to?: number;
  initialCash?: number;
  /** Seed of the simulated exchange's RNG (queue draws). Default 0. */
  seed?: number;
  /** Venue fees. Default 4 bps taker, 1 bp maker. */
  fees?: FeeOptions;
  /** Bar mode slippage of taker fills. Default 1 bp fixed. */
  slippage?: SlippageOptions;
  bar?: BarOptions;
  /** L2 mode: queue-position model (default power 2) and latency model (default 1 ms each way). */
  queue?: QueueModelOptions;
  latency?: LatencyOptions;
  breaker?: EngineBreakerOptions;
  ensemble?: ModelEnsemble | null;
  modelVersion?: string;
  /** Annualisation of per-bar (or per-mark) returns. Default: 24/7 market from the timeframe. */
  periodsPerYear?: number;
  /** L2 mode: mark the portfolio (one equity point) every this many ms. Default 60,000. */
  markEveryMs?: number;
  /** VaR backtest of the strategy's returns: historical VaR, `alpha` and window. Default 0.01, 250. */
  var?: { alpha?: number; window?: number };
  /** SMC overlays for the report (batch functions on the bars). Default swingLength 10; false: none. */
  overlays?: { swingLength?: number; max?: number } | false;
  /** Terminal progress bar: 'auto' (only on a TTY, the default), true or false. */
  progress?: boolean | 'auto';
  /** CSV mode: bars kept for the report chart (the last ones of the run). Default 200,000. */
  reportBars?: number;
  /**
   * Most points of the equity curve (default 1,000,000, 16 MB). A longer run keeps an evenly
   * thinned curve (one point per `meta.equityStride` marks), and its statistics are computed on
   * that curve, annualised accordingly: memory stays bounded however long the input.
   */
  maxEquityPoints?: number;
  /** Record per-stage latency (off by default: it costs throughput and is not part of the result). */
  recordLatency?: boolean;
}

/** Sum of implementation shortfall over every fill, in currency and bps of the decision notional. */
export interface ShortfallSummary {
  orders: number;
  delay: number;
  trading: number;
  fees: number;
  total: number;
  totalBps: number | null;
}

/** The deterministic outcome of a backtest: same data, options and seed, same JSON bytes. */
export interface BacktestResult {
  meta: { strategy: string; symbol: string; timeframe: string | null; events: number; bars: number; from: number | null; to: number | null; seed: number; initialCash: number; periodsPerYear: number; equityStride: number };
  stats: {
    /** Time of the first equity point <= 0 (the account was wiped out), else null; statistics stop there. */
    ruinedAt: number | null;
    finalEquity: number;
    totalReturn: number;
    cagr: number | null;
    volatility: number | null;
    sharpe: number | null;
    sortino: number | null;
    calmar: number | null;
    maxDrawdown: number;
    maxDrawdownDuration: number;
    trades: number;
    winRate: number | null;
    profitFactor: number | null;
    expectancy: number | null;
    exposure: number;
    turnover: number;
    fees: number;
    slippage: number;
    shortfall: ShortfallSummary;
  };
  var: { alpha: number; window: number; observations: number; exceptions: number; kupiec: LikelihoodRatioTest | null; trafficLight: TrafficLight | null };
  engine: EngineStats;
  trades: TradeRecord[];
  equity: { time: number[]; equity: number[] };
}

/** What `runBacktest` returns: the deterministic result plus run facts that are not. */
export interface BacktestRun {
  result: BacktestResult;
  /** Bars of the run (for the report chart): all of them in `bars` mode, the last `reportBars` in CSV mode, none in tick mode. */
  bars: BarColumns;
  wallMs: number;
  /** Engine events (messages in L2 mode) per second of `wallMs`. */
  eventsPerSecond: number;
  latency: Partial<Record<Stage, StageLatency>>;
  /**
   * L2 mode: book events replayed (price-level updates of diffs and snapshots, plus top-of-book
   * quotes, plus trades: the unit NautilusTrader counts as deltas), their rate over `wallMs`, and
   * capture lines skipped as invalid.
   */
  replay?: { bookEvents: number; bookEventsPerSecond: number; rejected: number };
}
