/**
 * Replays market events from a file: as fast as possible, or at a multiple of real time,
 * streaming so memory stays flat whatever the file size. Binance captures are read by the native
 * reader (gunzip and parsing in Rust, on a background thread, in batches); JSON lines and CSV
 * bars line by line in JavaScript.
 */
import { basename } from 'node:path';

import { CaptureReader } from '../data/capture-reader.js';
import { captureEvent } from '../events/capture.js';
import { InvalidEventError, type RejectReason } from '../events/validate.js';
import type { MarketEvent } from '../events/schema.js';
import { InvalidInputError, InvalidStateError } from '../errors.js';
import type { EngineMetrics } from '../metrics/engine-metrics.js';
import { readLines } from './line-reader.js';
import { formatOf, lineParser, type ReplayContext, type ReplayFormat } from './replay-formats.js';
import type { EventHandler, EventMeta, Source, SourceStats } from './source.js';

/** Options of {@link ReplaySource}. */
export interface ReplaySourceOptions extends Partial<ReplayContext> {
  path: string;
  /** Guessed from the file name when omitted (`.csv`, `.jsonl`, otherwise capture). */
  format?: ReplayFormat;
  /** 0 (default): as fast as possible; k > 0: k times real time, paced on `receiveTime`. */
  speed?: number;
  /** Called for each line that fails the edge check; such lines are counted and skipped. */
  onInvalid?: (error: InvalidEventError, meta: EventMeta) => void;
  metrics?: EngineMetrics;
  /**
   * Capture format only: `'native'` (default) reads with the Rust reader; `'js'` parses each line
   * with `JSON.parse` and `events.fromBinance` (the reference the native reader is tested
   * against; same events, same rejects, slower).
   */
  reader?: 'native' | 'js';
  /** Lines read per step (messages per native batch). Default 4096. */
  batchSize?: number;
}

/**
 * Events read in one step, in file order. `event(i)` builds event i when asked (a capture's
 * events are made from native columns), so a consumer that handles each event before asking for
 * the next keeps them short-lived.
 */
export interface ReplayBatch {
  readonly length: number;
  event(i: number): MarketEvent;
  /** 1-based line number of event i. */
  line(i: number): number;
}

interface Rejected {
  line: number;
  error: InvalidEventError;
}

/** A read step: its events, the lines rejected among them, and an error that ends the replay after them. */
interface Step {
  batch: ReplayBatch;
  rejects: Rejected[];
  error?: unknown;
}

/** Events already built (the line formats). */
class EventList implements ReplayBatch {
  readonly events: MarketEvent[] = [];
  readonly lines: number[] = [];

  get length(): number {
    return this.events.length;
  }

  event(i: number): MarketEvent {
    return this.events[i]!;
  }

  line(i: number): number {
    return this.lines[i]!;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Market events from a capture, JSON-lines or CSV file. Also an async iterable of events. */
export class ReplaySource implements Source, AsyncIterable<MarketEvent> {
  readonly name: string;
  private readonly counts: SourceStats = { delivered: 0, rejected: 0 };
  private stopping = false;
  private running: Promise<SourceStats> | undefined;

  constructor(private readonly options: ReplaySourceOptions) {
    this.name = `replay:${basename(options.path)}`;
    if (options.venue === '' || options.symbol === '') throw new InvalidInputError('ReplaySource: venue and symbol must not be empty');
  }

  get #context(): ReplayContext {
    return {
      venue: this.options.venue ?? 'replay',
      symbol: this.options.symbol ?? 'UNKNOWN',
      timeframe: this.options.timeframe,
      volumeColumn: this.options.volumeColumn,
    };
  }

  get #batchSize(): number {
    return Math.max(1, this.options.batchSize ?? 4_096);
  }

  async *#steps(): AsyncGenerator<Step> {
    const format = this.options.format ?? formatOf(this.options.path);
    if (format === 'capture' && (this.options.reader ?? 'native') === 'native') {
      yield* this.#captureSteps();
      return;
    }
    const parse = lineParser(format, this.#context);
    const size = this.#batchSize;
    let step: Step & { batch: EventList } = { batch: new EventList(), rejects: [] };
    let line = 0;
    for await (const text of readLines(this.options.path)) {
      line += 1;
      if (this.stopping) return;
      try {
        const event = parse(text);
        if (event) {
          step.batch.events.push(event);
          step.batch.lines.push(line);
        }
      } catch (err) {
        if (!(err instanceof InvalidEventError)) {
          yield { ...step, error: err };
          return;
        }
        step.rejects.push({ line, error: err });
      }
      if (step.batch.length + step.rejects.length >= size) {
        yield step;
        step = { batch: new EventList(), rejects: [] };
      }
    }
    if (step.batch.length + step.rejects.length > 0) yield step;
  }

  async *#captureSteps(): AsyncGenerator<Step> {
    const ctx = this.#context;
    const reader = new CaptureReader(this.options.path, { onInvalid: 'skip', batchSize: this.#batchSize });
    try {
      for (let b = reader.next(); b && !this.stopping; b = reader.next()) {
        const batch = b;
        const lines = batch.columns.line;
        const rejects = batch.rejects().map((r) => ({ line: r.line, error: new InvalidEventError(r.reason as RejectReason, [r.message]) }));
        yield {
          batch: { length: batch.length, event: (i) => captureEvent(batch, i, ctx), line: (i) => lines[i]! },
          rejects,
        };
      }
    } finally {
      reader.close();
    }
  }

  #reject(r: Rejected): void {
    this.counts.rejected += 1;
    this.options.metrics?.invalidEvents.inc({ source: this.name, reason: r.error.reason });
    this.options.onInvalid?.(r.error, this.#meta(r.line));
  }

  #meta(line: number): EventMeta {
    return { origin: this.options.path, partition: 0, offset: String(line) };
  }

  /**
   * Events in read steps (up to `batchSize` lines each), for bulk consumers such as the
   * backtest: no per-event promise. The step's invalid lines are reported (counted, `onInvalid`)
   * before its events are handed over; `speed` is not applied.
   */
  async *batches(): AsyncGenerator<ReplayBatch> {
    for await (const step of this.#steps()) {
      for (const r of step.rejects) this.#reject(r);
      if (step.batch.length > 0) {
        this.counts.delivered += step.batch.length;
        yield step.batch;
      }
      if (step.error !== undefined) throw step.error;
      if (this.stopping) return;
    }
  }

  /** Events with their position in the file, invalid lines reported through `onInvalid` and counted, in line order. */
  async *entries(): AsyncGenerator<{ event: MarketEvent; meta: EventMeta }> {
    const speed = this.options.speed ?? 0;
    let firstEventTime: number | undefined;
    let startedAt = 0;
    for await (const { batch, rejects, error } of this.#steps()) {
      let r = 0;
      for (let k = 0; k < batch.length; k++) {
        const line = batch.line(k);
        while (r < rejects.length && rejects[r]!.line < line) this.#reject(rejects[r++]!);
        if (this.stopping) return;
        const event = batch.event(k);
        if (speed > 0) {
          if (firstEventTime === undefined) {
            firstEventTime = event.receiveTime;
            startedAt = performance.now();
          }
          const due = startedAt + (event.receiveTime - firstEventTime) / speed;
          const ahead = due - performance.now();
          if (ahead > 1) await sleep(ahead); // timers are ms-grained: sub-ms gaps are not slept
        }
        yield { event, meta: this.#meta(line) };
      }
      while (r < rejects.length) this.#reject(rejects[r++]!);
      if (error !== undefined) throw error;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    for await (const { event } of this.entries()) {
      this.counts.delivered += 1;
      yield event;
    }
  }

  async start(handler: EventHandler): Promise<void> {
    if (this.running) throw new InvalidStateError(`${this.name} already started`);
    this.running = (async () => {
      for await (const { event, meta } of this.entries()) {
        await handler(event, meta);
        this.counts.delivered += 1;
        this.options.metrics?.events.inc({ type: event.type, source: this.name });
      }
      return this.stats();
    })();
    this.running.catch(() => undefined); // observed through done()
  }

  done(): Promise<SourceStats> {
    if (!this.running) throw new InvalidStateError(`${this.name} not started`);
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  stats(): SourceStats {
    return { ...this.counts };
  }
}
