/**
 * Publishing signals, orders, fills and risk events to Kafka with adaptive batching.
 *
 * Records are buffered and sent by one idempotent producer (acks=all, one request in flight, so
 * per-key order holds and a retried batch is not duplicated). The batch adapts to the rate:
 * - a record never waits more than `maxLingerMs` (default 2 ms) before its batch is sent;
 * - the batch size target is the number of records that arrive in one linger at the current
 *   (smoothed) rate, clamped to [`minBatch`, `maxBatch`] = [1,000, 5,000]: at a low rate the linger
 *   timer sends what is there, at a high rate the target grows toward 5,000, and reaching it sends
 *   at once without waiting for the timer;
 * - while a batch is in flight the next one accumulates and goes out whole (up to `maxBatch`)
 *   when the previous is acknowledged, so a burst or a slow broker yields batches of up to 5,000.
 * Keys are the symbol, so one symbol's records keep their order within a partition.
 */
import { CompressionTypes, type Message, type Producer, type TopicMessages } from 'kafkajs';

import type { EngineMetrics } from '../metrics/engine-metrics.js';
import type { EventLog } from '../metrics/logger.js';
import { kafkaClient, type KafkaConnection } from '../sources/kafka-client.js';
import type { OutRecord, RecordKind, Sink, SinkStats } from './sink.js';

/** Options of {@link KafkaSink}. */
export interface KafkaSinkOptions extends KafkaConnection {
  /** Topic per record kind. */
  topics: Readonly<Record<RecordKind, string>>;
  gzip?: boolean;
  /** Lower bound of the batch size target; 1,000 by default. */
  minBatch?: number;
  /** Upper bound of a batch; 5,000 by default. */
  maxBatch?: number;
  /** Longest a record waits for its batch, ms; 2 by default. */
  maxLingerMs?: number;
  /** Buffered records above which publish() returns false; 100,000 by default. */
  highWaterMark?: number;
  metrics?: EngineMetrics;
  logger?: EventLog;
}

interface Pending {
  topic: string;
  message: Message;
  /** performance.now() at publish, to report how long records wait. */
  at: number;
}

/** Kafka output with adaptive batching. Call {@link KafkaSink.connect} first. */
export class KafkaSink implements Sink {
  readonly name = 'kafka';
  private readonly producer: Producer;
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private readonly counts: SinkStats = { published: 0, delivered: 0, batches: 0, maxBatch: 0 };
  private readonly minBatch: number;
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly highWaterMark: number;
  /** Smoothed arrival rate, records per ms. */
  private rate = 0;
  private lastRateAt = performance.now();
  private arrivedSinceRate = 0;
  private failure: unknown;
  /**
   * The last 1,000 batches, newest last: size, and how long the oldest record in it waited
   * between publish() and the send (linger plus any wait behind the previous in-flight batch).
   */
  readonly recentBatches: { size: number; waitedMs: number }[] = [];

  constructor(private readonly options: KafkaSinkOptions) {
    this.minBatch = options.minBatch ?? 1_000;
    this.maxBatch = options.maxBatch ?? 5_000;
    this.lingerMs = options.maxLingerMs ?? 2;
    this.highWaterMark = options.highWaterMark ?? 100_000;
    this.producer = kafkaClient(options).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  /** The batch size target at the current arrival rate. */
  get targetBatch(): number {
    return Math.min(this.maxBatch, Math.max(this.minBatch, Math.round(this.rate * this.lingerMs)));
  }

  publish(record: OutRecord): boolean {
    if (this.failure) throw this.failure;
    this.counts.published += 1;
    this.arrivedSinceRate += 1;
    this.buffer.push({
      topic: this.options.topics[record.kind],
      message: {
        key: record.symbol,
        value: JSON.stringify({ kind: record.kind, symbol: record.symbol, time: record.time, payload: record.payload }),
      },
      at: performance.now(),
    });
    if (this.buffer.length >= this.targetBatch) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.lingerMs);
    return this.buffer.length < this.highWaterMark;
  }

  private updateRate(): void {
    const now = performance.now();
    const elapsed = now - this.lastRateAt;
    if (elapsed < 1) return;
    const instant = this.arrivedSinceRate / elapsed;
    // EWMA over roughly the last few sends: follows a rate change within milliseconds.
    this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant;
    this.lastRateAt = now;
    this.arrivedSinceRate = 0;
  }

  /** Starts a send unless one is in flight (then the in-flight one chains the next). */
  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.sending ??= this.sendLoop().finally(() => {
      this.sending = undefined;
      if (this.buffer.length > 0) this.timer ??= setTimeout(() => this.kick(), this.lingerMs);
    });
  }

  private async sendLoop(): Promise<void> {
    while (this.buffer.length > 0) {
      this.updateRate();
      // Records beyond the target already waited (behind the previous send): take them all, up
      // to maxBatch, rather than leave them for yet another round trip.
      const batch = this.buffer.splice(0, this.maxBatch);
      const waitedMs = performance.now() - (batch[0] as Pending).at;
      const byTopic = new Map<string, Message[]>();
      for (const { topic, message } of batch) {
        const list = byTopic.get(topic);
        if (list) list.push(message);
        else byTopic.set(topic, [message]);
      }
      const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      try {
        await this.producer.sendBatch({
          topicMessages,
          acks: -1,
          compression: this.options.gzip ? CompressionTypes.GZIP : CompressionTypes.None,
        });
      } catch (err) {
        // kafkajs already retried; the records stay first in line for the next attempt.
        this.buffer.unshift(...batch);
        this.failure = err;
        this.options.logger?.error({ sink: this.name, err: (err as Error).message }, 'kafka publish failed');
        throw err;
      }
      this.counts.delivered += batch.length;
      this.counts.batches += 1;
      this.counts.maxBatch = Math.max(this.counts.maxBatch, batch.length);
      this.recentBatches.push({ size: batch.length, waitedMs });
      if (this.recentBatches.length > 1_000) this.recentBatches.shift();
      this.options.metrics?.sinkBatchSize.observe({ sink: this.name }, batch.length);
      // Only a full batch is sent right away; a partial one waits for the linger timer.
      if (this.buffer.length < this.targetBatch) break;
    }
  }

  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.sending) {
      if (this.failure) {
        const err = this.failure;
        this.failure = undefined; // flush retries once per call
        throw err;
      }
      this.kick();
      await this.sending?.catch(() => undefined);
      if (this.failure) {
        const err = this.failure;
        this.failure = undefined;
        throw err;
      }
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.producer.disconnect();
  }

  stats(): SinkStats {
    return { ...this.counts };
  }
}
