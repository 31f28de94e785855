/**
 * The default sink: one JSON object per line in a local file, appended.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

import type { OutRecord, Sink, SinkStats } from './sink.js';

/** Options of {@link JsonlSink}. */
export interface JsonlSinkOptions {
  path: string;
  /** Bytes buffered before publish() reports pressure; 1 MiB by default. */
  highWaterMark?: number;
}

/** Records as JSON lines `{"kind","symbol","time","payload"}` appended to a file. */
export class JsonlSink implements Sink {
  readonly name: string;
  private readonly stream: WriteStream;
  private readonly counts: SinkStats = { published: 0, delivered: 0, batches: 0, maxBatch: 0 };

  constructor(options: JsonlSinkOptions) {
    this.name = `jsonl:${options.path}`;
    mkdirSync(dirname(options.path), { recursive: true });
    this.stream = createWriteStream(options.path, { flags: 'a', highWaterMark: options.highWaterMark ?? 1 << 20 });
  }

  publish(record: OutRecord): boolean {
    this.counts.published += 1;
    const line = `${JSON.stringify({ kind: record.kind, symbol: record.symbol, time: record.time, payload: record.payload })}\n`;
    return this.stream.write(line, (err) => {
      if (!err) this.counts.delivered += 1;
    });
  }

  async flush(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
    // An empty write's callback runs after every earlier write reached the file.
    await new Promise<void>((resolve, reject) => this.stream.write('', (err) => (err ? reject(err) : resolve())));
    this.counts.batches += 1;
  }

  async close(): Promise<void> {
    if (this.stream.closed || this.stream.destroyed) return;
    await this.flush();
    await new Promise<void>((resolve) => this.stream.end(resolve));
  }

  stats(): SinkStats {
    return { ...this.counts };
  }
}
