/**
 * Parameter sweeps: a grid (or list) of parameter sets, each backtested in-sample and
 * out-of-sample (a chronological split), in parallel on worker threads (one per core by
 * default; a CSV file is streamed by every worker, never loaded whole), ranked by an in-sample statistic with the out-of-sample figure beside it, so an
 * overfitted winner shows as a collapse out of sample.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

import { builtModulePath } from '../built-path.js';
import { readOhlcCsvChunks } from '../data/ohlc-csv.js';
import { InvalidInputError } from '../errors.js';
import type { BacktestData, BacktestOptions, BacktestResult, BarColumns } from './types.js';

type Stats = BacktestResult['stats'];
/** Statistics a sweep can rank by (higher is better). */
export type RankBy = 'sharpe' | 'sortino' | 'calmar' | 'totalReturn' | 'profitFactor' | 'expectancy';

export interface SweepOptions {
  /** Path of an ES module whose default export is `(params) => Strategy`. */
  strategy: string;
  /** Every combination of the listed values, or an explicit list of parameter sets. */
  grid: Readonly<Record<string, readonly unknown[]>> | readonly Record<string, unknown>[];
  /** Bar data (`bars` or `csv`). */
  data: Extract<BacktestData, { kind: 'bars' | 'csv' }>;
  /** Backtest options shared by every run (no functions: they cross a thread boundary). */
  base?: Omit<BacktestOptions<unknown>, 'strategy' | 'data' | 'params' | 'ensemble' | 'from' | 'to' | 'progress'>;
  /** Fraction of the bars used in sample (the rest is out of sample). Default 0.7. */
  inSample?: number;
  rankBy?: RankBy;
  /** Worker threads. Default: one per core. */
  workers?: number;
  /**
   * Walk-forward analysis as well: the bars are cut into `folds + 1` equal segments; fold k
   * trains on segments 0..k (anchored) and tests on segment k + 1. Per fold the best set in
   * sample is chosen and only its out-of-sample result counts.
   */
  walkForward?: { folds: number };
}

/** One walk-forward fold: the set chosen in sample and how it did on the next segment. */
export interface WalkForwardFold {
  fold: number;
  /** In-sample start, first out-of-sample bar time, out-of-sample end (exclusive). */
  from: number;
  split: number;
  to: number;
  best: Record<string, unknown>;
  inSample: Stats;
  outOfSample: Stats;
}

/** One parameter set's outcome. */
export interface SweepRun {
  params: Record<string, unknown>;
  inSample: Stats;
  outOfSample: Stats;
}

export interface SweepResult {
  rankBy: RankBy;
  /** First out-of-sample bar time. */
  split: number;
  /** Ranked by the in-sample statistic, best first (null statistics last). */
  runs: SweepRun[];
  /** Present with `walkForward`. */
  walkForward?: WalkForwardFold[];
}

/** @internal message to a sweep worker. */
export interface SweepTask {
  index: number;
  strategyPath: string;
  params: Record<string, unknown>;
  data: BacktestData;
  base: SweepOptions['base'];
  from: number;
  split: number;
  to: number;
}

/** @internal message from a sweep worker. */
export type SweepTaskResult = { index: number; inSample: Stats; outOfSample: Stats } | { index: number; error: string };

/** Every combination of a grid, in a deterministic order (keys as given, values as listed). */
export function expandGrid(grid: SweepOptions['grid']): Record<string, unknown>[] {
  if (Array.isArray(grid)) return grid.map((p) => ({ ...p }));
  let sets: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid as Record<string, readonly unknown[]>)) {
    if (!Array.isArray(values) || values.length === 0) throw new InvalidInputError(`grid.${key}: expected a non-empty list of values`);
    sets = sets.flatMap((s) => values.map((v) => ({ ...s, [key]: v })));
  }
  return sets;
}

function workerPath(): string {
  return builtModulePath(import.meta.url, 'backtest', 'sweep-worker.js');
}

/** Runs the sweep. Deterministic: the ranking depends only on data, options and parameters. */
export async function sweep(options: SweepOptions): Promise<SweepResult> {
  const sets = expandGrid(options.grid);
  const frac = options.inSample ?? 0.7;
  if (!(frac > 0 && frac < 1)) throw new InvalidInputError(`inSample: expected a fraction in (0, 1), got ${frac}`);
  const rankBy = options.rankBy ?? 'sharpe';
  const d = options.data;
  const folds = options.walkForward?.folds ?? 0;
  // The time at bar index i, for the split and the fold cuts. A CSV file is never loaded
  // whole: it is counted, then read again for the times at those indices, and every worker
  // streams it itself (bounded memory, like a single backtest). In-memory bars are copied once
  // into shared memory, so tasks do not clone the columns.
  const { n, timeAt, data } = d.kind === 'bars' ? sharedBars(d) : await csvIndex(d, (count) => cutIndices(count, frac, folds));
  if (n < 4) throw new InvalidInputError('sweep: the data needs at least 4 bars with times');
  const from = timeAt(0);
  const to = timeAt(n - 1) + 1;
  const split = timeAt(Math.floor(n * frac));
  const strategyPath = resolve(options.strategy);
  if (!existsSync(strategyPath)) throw new InvalidInputError(`strategy: file not found: ${options.strategy}`);

  const jobs: Omit<SweepTask, 'index' | 'strategyPath' | 'data' | 'base'>[] = sets.map((params) => ({ params, from, split, to }));
  if (folds !== 0 && !(Number.isInteger(folds) && folds >= 1 && n >= 2 * (folds + 1))) {
    throw new InvalidInputError(`walkForward.folds: expected an integer >= 1 with at least 2 bars per segment, got ${folds}`);
  }
  const cut = (k: number) => (k >= folds + 1 ? to : timeAt(Math.floor((n * k) / (folds + 1))));
  for (let k = 1; k <= folds; k++) for (const params of sets) jobs.push({ params, from, split: cut(k), to: cut(k + 1) });
  const replies = await runPool(jobs.map((j, index) => ({ ...j, index, strategyPath, data, base: options.base })), options.workers);
  const runs: SweepRun[] = sets.map((params, i) => ({ params, inSample: replies[i]!.inSample, outOfSample: replies[i]!.outOfSample }));
  const key = (r: { inSample: Stats }) => r.inSample[rankBy];
  const better = (a: { inSample: Stats }, b: { inSample: Stats }) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return y - x;
  };
  let walkForward: WalkForwardFold[] | undefined;
  if (folds > 0) {
    walkForward = [];
    for (let k = 1; k <= folds; k++) {
      const base = sets.length * k;
      const candidates = sets.map((params, i) => ({ params, ...replies[base + i]! }));
      // Stable: ties keep grid order.
      const best = [...candidates].sort(better)[0]!;
      walkForward.push({ fold: k, from, split: cut(k), to: cut(k + 1), best: best.params, inSample: best.inSample, outOfSample: best.outOfSample });
    }
  }
  runs.sort(better);
  return walkForward ? { rankBy, split, runs, walkForward } : { rankBy, split, runs };
}

/** Bar indices whose times a sweep needs: first, last, the split and the walk-forward cuts. */
function cutIndices(n: number, frac: number, folds: number): number[] {
  const out = [0, Math.max(0, n - 1), Math.floor(n * frac)];
  for (let k = 1; k <= folds; k++) out.push(Math.floor((n * k) / (folds + 1)));
  return out;
}

interface IndexedData {
  n: number;
  timeAt: (i: number) => number;
  data: BacktestData;
}

/** In-memory bars, copied once into SharedArrayBuffers that every worker reads in place. */
function sharedBars(d: Extract<BacktestData, { kind: 'bars' }>): IndexedData {
  const time = d.bars.time;
  if (!time) throw new InvalidInputError('sweep: the bars need a time column');
  const share = (x: Float64Array): Float64Array => {
    const out = new Float64Array(new SharedArrayBuffer(x.byteLength));
    out.set(x);
    return out;
  };
  const bars: BarColumns = { time: share(time), open: share(d.bars.open), high: share(d.bars.high), low: share(d.bars.low), close: share(d.bars.close), volume: share(d.bars.volume) };
  return { n: time.length, timeAt: (i) => bars.time[i]!, data: { kind: 'bars', bars, symbol: d.symbol, timeframe: d.timeframe } };
}

/** A CSV file counted in one streaming pass and read again for the times at `indices(n)`. */
async function csvIndex(d: Extract<BacktestData, { kind: 'csv' }>, indices: (n: number) => number[]): Promise<IndexedData> {
  let n = 0;
  for await (const chunk of readOhlcCsvChunks(d.path, d.csv)) {
    if (!chunk.time) throw new InvalidInputError(`${d.path}: no time column (timestamp, time or date)`);
    n += chunk.close.length;
  }
  const wanted = new Set(indices(n));
  const times = new Map<number, number>();
  let at = 0;
  for await (const chunk of readOhlcCsvChunks(d.path, d.csv)) {
    const t = chunk.time!;
    for (const i of wanted) if (i >= at && i < at + t.length) times.set(i, t[i - at]!);
    at += t.length;
  }
  return { n, timeAt: (i) => times.get(i)!, data: d };
}

/** Runs tasks on a pool of worker threads; replies in task order. */
async function runPool(tasks: SweepTask[], workers: number | undefined): Promise<{ inSample: Stats; outOfSample: Stats }[]> {
  const results: { inSample: Stats; outOfSample: Stats }[] = new Array(tasks.length);
  const count = Math.max(1, Math.min(workers ?? availableParallelism(), tasks.length));
  const path = workerPath();
  let next = 0;
  let failure: string | undefined;
  await Promise.all(
    Array.from({ length: count }, async () => {
      const worker = new Worker(path);
      try {
        while (next < tasks.length && failure === undefined) {
          const task = tasks[next++]!;
          const reply = await new Promise<SweepTaskResult>((res, rej) => {
            worker.once('message', res);
            worker.once('error', rej);
            worker.postMessage(task);
          });
          if ('error' in reply) failure = `parameters ${JSON.stringify(task.params)}: ${reply.error}`;
          else results[task.index] = { inSample: reply.inSample, outOfSample: reply.outOfSample };
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  if (failure !== undefined) throw new InvalidInputError(`sweep failed: ${failure}`);
  return results;
}
