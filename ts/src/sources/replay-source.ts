/**
 * Replays market events from a file: as fast as possible, or at a multiple of real time, streaming
 * line by line so memory stays flat whatever the file size.
 */
import { basename } from 'node:path';

import { InvalidEventError } from '../events/validate.js';
import type { MarketEvent } from '../events/schema.js';
import { InvalidStateError } from '../errors.js';
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
  }

  /** Events with their position in the file, invalid lines reported through `onInvalid` and counted. */
  async *entries(): AsyncGenerator<{ event: MarketEvent; meta: EventMeta }> {
    const format = this.options.format ?? formatOf(this.options.path);
    const parse = lineParser(format, {
      venue: this.options.venue ?? 'replay',
      symbol: this.options.symbol ?? 'UNKNOWN',
      timeframe: this.options.timeframe,
      volumeColumn: this.options.volumeColumn,
    });
    const speed = this.options.speed ?? 0;
    let firstEventTime: number | undefined;
    let startedAt = 0;
    let line = 0;
    for await (const text of readLines(this.options.path)) {
      line += 1;
      if (this.stopping) return;
      const meta: EventMeta = { origin: this.options.path, partition: 0, offset: String(line) };
      let event: MarketEvent | null;
      try {
        event = parse(text);
      } catch (err) {
        if (!(err instanceof InvalidEventError)) throw err;
        this.counts.rejected += 1;
        this.options.metrics?.invalidEvents.inc({ source: this.name, reason: err.reason });
        this.options.onInvalid?.(err, meta);
        continue;
      }
      if (!event) continue;
      if (speed > 0) {
        if (firstEventTime === undefined) {
          firstEventTime = event.receiveTime;
          startedAt = performance.now();
        }
        const due = startedAt + (event.receiveTime - firstEventTime) / speed;
        const ahead = due - performance.now();
        if (ahead > 1) await sleep(ahead); // timers are ms-grained: sub-ms gaps are not slept
      }
      yield { event, meta };
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
