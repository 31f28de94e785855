/**
 * The backtest engine: drives the same `createEngine` as live trading, with a historical clock
 * and the simulated exchange, in bar mode (OHLCV) or L2/tick mode (Binance captures streamed
 * with bounded memory, queue-position and latency models in the simulator).
 */
import { statSync } from 'node:fs';

import { MemoryCache } from '../cache/index.js';
import { readOhlcCsvChunks } from '../data/ohlc-csv.js';
import { HistoricalClock } from '../engine/clock.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { SimVenue, timeframeMs } from '../engine/sim-venue.js';
import type { IndicatorSpec } from '../engine/types.js';
import type { Bar } from '../events/index.js';
import { atr, ema, rsi, sma } from '../indicators/index.js';
import { InvalidInputError } from '../errors.js';
import { assertOhlc } from '../ohlc.js';
import { bookEventsOf } from '../events/capture.js';
import { ReplaySource } from '../sources/index.js';
import { ProgressBar } from './progress.js';
import { RunRecorder } from './recorder.js';
import { buildResult } from './results.js';
import type { BacktestOptions, BacktestRun, BarColumns } from './types.js';

const YEAR_MS = 365 * 86_400_000;
const DEFAULT_FEES = { makerBps: 1, takerBps: 4 };

function emptyBars(): BarColumns {
  const z = new Float64Array(0);
  return { time: z, open: z, high: z, low: z, close: z, volume: z };
}

const DEFAULT_REPORT_BARS = 200_000;
const DEFAULT_EQUITY_POINTS = 1_000_000;

/**
 * The bars of a CSV file in range, chunk by chunk: the file is never held whole, so its size is
 * not limited by memory. Reading stops at the first bar at or after `to`.
 */
async function* csvBars(path: string, options: BacktestOptions<unknown>, onBytes?: (n: number) => void): AsyncGenerator<BarColumns> {
  const d = options.data;
  if (d.kind !== 'csv') return;
  for await (const chunk of readOhlcCsvChunks(path, { ...d.csv, onBytes })) {
    if (!chunk.time) throw new InvalidInputError(`${path}: no time column (timestamp, time or date)`);
    const bars = chunk as BarColumns;
    const [s, e] = range(bars.time, options.from, options.to);
    if (e > s) yield sliceBars(bars, s, e);
    if (e < bars.time.length) return;
  }
}

/** Size in bytes, or 0 when unknown (a missing file is reported by the reader, with its path). */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Keeps the last `limit` bars of a stream of chunks (for the report chart), in bounded memory. */
class BarTail {
  #chunks: BarColumns[] = [];
  #rows = 0;
  constructor(private readonly limit: number) {}

  push(b: BarColumns): void {
    if (this.limit <= 0) return;
    this.#chunks.push(b);
    this.#rows += b.close.length;
    while (this.#chunks.length > 1 && this.#rows - this.#chunks[0]!.close.length >= this.limit) {
      this.#rows -= this.#chunks.shift()!.close.length;
    }
  }

  bars(): BarColumns {
    const skip = Math.max(0, this.#rows - this.limit);
    const out = emptyBars();
    const n = this.#rows - skip;
    for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
      const col = new Float64Array(n);
      let at = 0;
      let drop = skip;
      for (const c of this.#chunks) {
        const part = c[k].subarray(Math.min(drop, c[k].length));
        drop = Math.max(0, drop - c[k].length);
        col.set(part, at);
        at += part.length;
      }
      out[k] = col;
    }
    return out;
  }
}

/** The requested indicators over all bars, one batch call each (values equal the streams'). */
function indicatorColumns(specs: Readonly<Record<string, IndicatorSpec>>, bars: BarColumns): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  if (bars.close.length === 0) return out;
  for (const [name, s] of Object.entries(specs)) {
    if (s.kind === 'atr') out[name] = atr(bars.high, bars.low, bars.close, s.period);
    else {
      const x = bars[s.source ?? 'close'];
      out[name] = s.kind === 'sma' ? sma(x, s.period) : s.kind === 'ema' ? ema(x, s.period) : rsi(x, s.period);
    }
  }
  return out;
}

/** Index range [start, end) of bars whose open time lies in [from, to). */
function range(time: Float64Array, from?: number, to?: number): [number, number] {
  let start = 0;
  let end = time.length;
  if (from !== undefined) while (start < end && time[start]! < from) start++;
  if (to !== undefined) while (end > start && time[end - 1]! >= to) end--;
  return [start, end];
}

function sliceBars(b: BarColumns, s: number, e: number): BarColumns {
  return { time: b.time.subarray(s, e), open: b.open.subarray(s, e), high: b.high.subarray(s, e), low: b.low.subarray(s, e), close: b.close.subarray(s, e), volume: b.volume.subarray(s, e) };
}

/**
 * Runs a backtest. Same data, options and seed give a byte-identical `JSON.stringify(result)`.
 * @throws the typed errors of the data loaders, the engine and the core
 */
export async function runBacktest<P>(options: BacktestOptions<P>): Promise<BacktestRun> {
  const d = options.data;
  const seed = options.seed ?? 0;
  const initialCash = options.initialCash ?? 100_000;
  const clock = new HistoricalClock();
  const tick = d.kind === 'capture';
  const streamed = d.kind === 'csv';
  let bars = emptyBars();
  if (d.kind === 'bars') {
    assertOhlc(d.bars);
    const [s, e] = range(d.bars.time, options.from, options.to);
    bars = sliceBars(d.bars, s, e);
  }
  const venue = new SimVenue({
    exchange: tick
      ? { mode: 'l2', tickSize: d.tickSize, seed, queue: options.queue ?? { model: 'power' }, latency: options.latency ?? { submitNs: 1e6, cancelNs: 1e6, responseNs: 1e6 }, fees: options.fees ?? DEFAULT_FEES }
      : { mode: 'bar', seed, fees: options.fees ?? DEFAULT_FEES, slippage: options.slippage ?? { model: 'fixed', bps: 1 }, bar: options.bar },
  });
  const engine = await createEngine<P>({
    strategy: options.strategy,
    params: options.params,
    symbols: [d.symbol],
    clock,
    venue,
    initialCash,
    recordEquityCurve: true,
    equityCurveMaxPoints: options.maxEquityPoints ?? DEFAULT_EQUITY_POINTS,
    breaker: options.breaker,
    ensemble: options.ensemble ?? null,
    modelVersion: options.modelVersion,
    cache: options.ensemble ? new MemoryCache() : null,
    store: null,
    sink: null,
    metrics: null,
    source: null,
    restore: false,
    books: tick ? { [d.symbol]: { tickSize: d.tickSize, market: d.market ?? 'spot' } } : undefined,
    // Batch indicator columns need every bar up front; a streamed file uses the engine's
    // streaming indicators instead (bit-identical values, tested).
    indicatorColumns: tick || streamed ? undefined : { [d.symbol]: indicatorColumns(options.strategy.requires?.indicators ?? {}, bars) },
    latency: { record: options.recordLatency ?? false },
  });
  await engine.start();
  const recorder = new RunRecorder(engine.portfolio, d.symbol);
  engine.onFill((f) => recorder.onFill(f));
  const started = performance.now();
  let periodsPerYear: number;
  let count: number;
  let replay: TickCounts | undefined;
  try {
    if (tick) {
      const markEvery = options.markEveryMs ?? 60_000;
      periodsPerYear = options.periodsPerYear ?? YEAR_MS / markEvery;
      replay = await runTicks(engine, venue, recorder, options, markEvery);
      count = replay.marks;
    } else {
      periodsPerYear = options.periodsPerYear ?? YEAR_MS / timeframeMs(d.timeframe);
      // A streamed file's bar count is unknown until its end: its progress is the share of bytes read.
      let bytesRead = 0;
      const size = d.kind === 'csv' ? fileSize(d.path) : 0;
      const progress = new ProgressBar({ total: bars.close.length || undefined, fraction: size > 0 ? () => bytesRead / size : undefined, enabled: options.progress ?? 'auto' });
      if (d.kind === 'csv') {
        const tail = new BarTail(options.reportBars ?? DEFAULT_REPORT_BARS);
        count = 0;
        for await (const chunk of csvBars(d.path, options, (n) => (bytesRead = n))) {
          count += await runBars(engine, recorder, chunk, d.symbol, d.timeframe, progress);
          tail.push(chunk);
        }
        bars = tail.bars();
      } else {
        count = await runBars(engine, recorder, bars, d.symbol, d.timeframe, progress);
      }
      progress.done();
    }
  } finally {
    await engine.stop();
  }
  const wallMs = performance.now() - started;
  const result = buildResult({
    strategy: options.strategy.name,
    symbol: d.symbol,
    timeframe: tick ? null : d.timeframe,
    seed,
    initialCash,
    periodsPerYear,
    from: options.from ?? null,
    to: options.to ?? null,
    bars: count,
    engine: engine.stats(),
    portfolio: engine.portfolio,
    recorder,
    var: { alpha: options.var?.alpha ?? 0.01, window: options.var?.window ?? 250 },
  });
  const events = result.meta.events;
  const perSecond = (n: number) => (wallMs > 0 ? (n / wallMs) * 1000 : 0);
  return {
    result,
    bars,
    wallMs,
    eventsPerSecond: perSecond(events),
    latency: engine.latency(),
    ...(replay && { replay: { bookEvents: replay.bookEvents, bookEventsPerSecond: perSecond(replay.bookEvents), rejected: replay.rejected } }),
  };
}

async function runBars(engine: Engine, recorder: RunRecorder, bars: BarColumns, symbol: string, timeframe: string, bar: ProgressBar): Promise<number> {
  const n = bars.close.length;
  const frame = timeframeMs(timeframe);
  for (let i = 0; i < n; i++) {
    const openTime = bars.time[i]!;
    const event: Bar = { type: 'bar', venue: 'backtest', symbol, exchangeTime: null, receiveTime: openTime + frame, timeframe, openTime, open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]! };
    recorder.arrival = event.open;
    recorder.end = event.close;
    const pending = engine.processValidated(event);
    if (pending) await pending;
    if (recorder.inMarket) recorder.barsInMarket++;
    if ((i & 1023) === 1023 || i === n - 1) bar.tick((i & 1023) + 1);
  }
  return n;
}

/** What the L2 replay read (facts of the run, not part of the result). */
interface TickCounts {
  marks: number;
  bookEvents: number;
  rejected: number;
}

async function runTicks(engine: Engine, venue: SimVenue, recorder: RunRecorder, options: BacktestOptions<unknown>, markEvery: number): Promise<TickCounts> {
  const d = options.data;
  if (d.kind !== 'capture') return { marks: 0, bookEvents: 0, rejected: 0 };
  const source = new ReplaySource({ path: d.path, format: 'capture', venue: d.venue ?? 'binance', symbol: d.symbol, reader: d.reader });
  const progress = new ProgressBar({ enabled: options.progress ?? 'auto' });
  const exchange = venue.exchange(d.symbol);
  let nextMark = -Infinity;
  let marks = 0;
  let bookEvents = 0;
  // Batches of events (no promise per event); each event still runs its own engine cycle.
  read: for await (const batch of source.batches()) {
    for (let i = 0; i < batch.length; i++) {
      const event = batch.event(i);
      const t = event.receiveTime;
      if (options.from !== undefined && t < options.from) continue;
      if (options.to !== undefined && t >= options.to) break read;
      const pending = engine.processValidated(event);
      if (pending) await pending;
      bookEvents += bookEventsOf(event);
      progress.tick();
      if (t >= nextMark) {
        const bid = exchange.bestBid();
        const ask = exchange.bestAsk();
        if (bid && ask) {
          engine.portfolio.mark({ [d.symbol]: (bid.price + ask.price) / 2 }, t);
          marks++;
          if (recorder.inMarket) recorder.barsInMarket++;
          nextMark = t + markEvery;
        }
      }
    }
  }
  progress.done();
  return { marks, bookEvents, rejected: source.stats().rejected };
}
