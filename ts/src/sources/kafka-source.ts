/**
 * Market events from Kafka through a consumer group (kafkajs `eachBatch`).
 *
 * Guarantees, and how:
 * - At-least-once: an offset is resolved only after the handler's promise resolved (the event is
 *   fully processed) or the message is safely in the dead-letter topic; committed after every
 *   batch and periodically during long ones. A crash re-delivers from the last commit, so the
 *   handler must be idempotent (deterministic client order ids).
 * - Order per partition: messages of one partition are handled strictly one after another.
 *   Producers key messages by symbol, so one symbol is one partition is one ordered stream; a
 *   message whose key differs from its event's symbol is dead-lettered (`key_mismatch`).
 * - Scale-out: processes sharing `groupId` split the partitions between them.
 * - Liveness: heartbeats at `heartbeatEveryMs` inside long batches, so a slow batch does not cost
 *   the group membership.
 * - Backpressure: once more than `maxInFlight` fetched messages wait unprocessed, fetching is
 *   paused, and resumed when the backlog halves; the owner can also pause() and resume().
 * - Dead letters: a message failing the edge check goes to the dead-letter topic unchanged, with
 *   the reason in headers, and is counted (`smc_dead_letters_total`); none is dropped silently.
 * - Lag: `smc_kafka_consumer_lag{topic,partition}` after every batch, and {@link KafkaSource.lag}.
 */
import type { Consumer, EachBatchPayload, IHeaders, KafkaMessage, Producer } from 'kafkajs';

import { decodeEvent, InvalidEventError } from '../events/validate.js';
import type { MarketEvent } from '../events/schema.js';
import { InvalidStateError, UnavailableError } from '../errors.js';
import type { EngineMetrics } from '../metrics/engine-metrics.js';
import type { EventLog } from '../metrics/logger.js';
import { kafkaClient, type KafkaConnection } from './kafka-client.js';
import type { EventHandler, Source, SourceStats } from './source.js';

/** Why a message went to the dead-letter topic (the `smc-dlq-reason` header). */
export type DeadLetterReason = 'malformed_json' | 'schema_violation' | 'key_mismatch';

/** Header names on dead-lettered messages. */
export const DLQ_HEADERS = {
  reason: 'smc-dlq-reason',
  error: 'smc-dlq-error',
  topic: 'smc-dlq-source-topic',
  partition: 'smc-dlq-source-partition',
  offset: 'smc-dlq-source-offset',
  time: 'smc-dlq-time',
} as const;

/** Options of {@link KafkaSource}. */
export interface KafkaSourceOptions extends KafkaConnection {
  groupId: string;
  /** Topic(s) of market events. */
  topics: readonly string[];
  /** Dead-letter topic; `<first topic>.dlq` by default. */
  deadLetterTopic?: string;
  /** Start from the earliest offset when the group has no commit yet; false (latest) by default. */
  fromBeginning?: boolean;
  /** Fetched-but-unprocessed messages above which fetching pauses; 10,000 by default. */
  maxInFlight?: number;
  /** Partitions processed in parallel by this process (each still in order); 1 by default. */
  partitionsConsumedConcurrently?: number;
  /** Heartbeat at least this often inside a long batch, ms; 1,000 by default. */
  heartbeatEveryMs?: number;
  sessionTimeoutMs?: number;
  metrics?: EngineMetrics;
  logger?: EventLog;
}

/** Whether `bytes` are the UTF-8 of `text`; byte by byte for ASCII symbols, so no string is allocated. */
function sameText(bytes: Buffer, text: string): boolean {
  if (bytes.length !== text.length) return bytes.toString('utf8') === text; // non-ASCII: decode
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return bytes.toString('utf8') === text;
  return true;
}

/** Why {@link KafkaSource.runUntilWait} returned. */
const STOP_END = 0;
const STOP_PENDING = 1;
const STOP_REFUSED = 2;
const STOP_BEAT = 3;
type Stop = typeof STOP_END | typeof STOP_PENDING | typeof STOP_REFUSED | typeof STOP_BEAT;

/** Where processBatch is in its batch. */
interface BatchCursor {
  /** Index of the next message to process: the ones before it are processed (and off `buffered`). */
  next: number;
  /** Offset of the newest fully processed message. */
  lastOffset: string | undefined;
  lastBeat: number;
  /** The handler's promise for message `next`, and its event. */
  pending: Promise<void> | undefined;
  event: MarketEvent | undefined;
}

/** A consumer-group member delivering checked market events. */
export class KafkaSource implements Source {
  readonly name: string;
  private readonly counts: SourceStats = { delivered: 0, rejected: 0 };
  private readonly lagByPartition = new Map<string, number>();
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private buffered = 0;
  private pausedForBackpressure = false;
  private pausedByOwner = false;
  private finished: Promise<SourceStats> | undefined;
  private finish: ((stats: SourceStats) => void) | undefined;
  private fail: ((err: unknown) => void) | undefined;
  private readonly deadLetterTopic: string;
  private readonly maxInFlight: number;
  private readonly heartbeatEveryMs: number;
  /** Partitions currently assigned to this member, as `topic:partition`. */
  assignment: string[] = [];
  /** Times this member (re)joined its group; more than 1 means rebalances happened. */
  groupJoins = 0;

  constructor(private readonly options: KafkaSourceOptions) {
    if (options.topics.length === 0) throw new InvalidStateError('KafkaSource needs at least one topic');
    this.name = `kafka:${options.topics.join(',')}`;
    this.deadLetterTopic = options.deadLetterTopic ?? `${options.topics[0]}.dlq`;
    this.maxInFlight = options.maxInFlight ?? 10_000;
    this.heartbeatEveryMs = options.heartbeatEveryMs ?? 1_000;
  }

  async start(handler: EventHandler): Promise<void> {
    if (this.consumer) throw new InvalidStateError(`${this.name} already started`);
    const kafka = kafkaClient(this.options);
    const consumer = kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    this.consumer = consumer;
    this.producer = producer;
    this.finished = new Promise<SourceStats>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
    this.finished.catch(() => undefined); // observed through done()
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.groupJoins += 1;
      this.assignment = Object.entries(e.payload.memberAssignment).flatMap(([topic, parts]) =>
        (parts as number[]).map((p) => `${topic}:${p}`),
      );
    });
    consumer.on(consumer.events.CRASH, (e) => {
      const err = e.payload.error;
      this.options.logger?.error({ source: this.name, err: err.message, restart: e.payload.restart }, 'kafka consumer crashed');
      if (!e.payload.restart) this.fail?.(new UnavailableError(`${this.name}: consumer crashed: ${err.message}`, { cause: err }));
    });
    try {
      await Promise.all([consumer.connect(), producer.connect()]);
      await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? false });
      await consumer.run({
        eachBatchAutoResolve: false,
        autoCommit: true,
        autoCommitInterval: 1_000,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.processBatch(payload, handler),
      });
    } catch (err) {
      await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
      this.consumer = undefined;
      throw new UnavailableError(`${this.name}: cannot start: ${(err as Error).message}`, { cause: err });
    }
  }

  private async processBatch(payload: EachBatchPayload, handler: EventHandler): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary } = payload;
    const { topic, partition, messages } = batch;
    this.buffered += messages.length;
    if (this.buffered > this.maxInFlight) this.applyPause();
    const cur: BatchCursor = { next: 0, lastOffset: undefined, lastBeat: Date.now(), pending: undefined, event: undefined };
    const beat = async (now: number) => {
      cur.lastBeat = now;
      resolveOffset(cur.lastOffset!);
      await heartbeat();
      await commitOffsetsIfNecessary();
    };
    try {
      // The messages run in a synchronous loop (runUntilWait) for as long as nothing has to be
      // awaited; this async function takes over only for what must wait: a handler's promise, a
      // dead letter, a heartbeat. Locals of an async function live in its heap-allocated frame
      // and are slower to touch on every message than a plain loop's.
      for (;;) {
        const stop = this.runUntilWait(payload, handler, cur);
        if (stop === STOP_END) break;
        if (stop === STOP_PENDING) {
          await cur.pending;
          this.delivered(cur.event!);
        } else if (stop === STOP_REFUSED) {
          await this.deadLetter(topic, partition, messages[cur.next]!, this.refusal.reason, this.refusal.error);
        }
        if (stop !== STOP_BEAT) {
          // The message the loop stopped at is now processed too.
          this.advance(cur, cur.next + 1, messages[cur.next]!.offset);
          cur.pending = undefined;
          cur.event = undefined;
        }
        // After a wait (or when due) the clock is read at once: a slow handler still heartbeats.
        const now = Date.now();
        if (now - cur.lastBeat >= this.heartbeatEveryMs) await beat(now);
      }
    } finally {
      this.buffered -= messages.length - cur.next;
      const lastOffset = cur.lastOffset;
      if (lastOffset !== undefined) {
        resolveOffset(lastOffset);
        const lag = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(lastOffset) - 1n));
        this.lagByPartition.set(`${topic}:${partition}`, lag);
        this.options.metrics?.kafkaConsumerLag.set({ topic, partition: String(partition) }, lag);
      }
      if (this.pausedForBackpressure && this.buffered <= this.maxInFlight / 2) this.releasePause();
    }
  }

  /**
   * Processes messages from `cur.next` while each is admitted and handled synchronously, and
   * says why it stopped: the batch is over (or the consumer stopped), the handler returned a
   * promise (`cur.pending`, for message `cur.next`), message `cur.next` was refused, or a
   * heartbeat is due. Messages of a partition are processed strictly in order.
   *
   * Per-message costs matter here (the target is 90% of a bare consumer's rate), so the checks
   * that do not need every message run every 16th: isRunning() (stop() waits for the message in
   * progress either way) and the clock for heartbeats. isStale() (a seek happened) costs a
   * JSON.stringify in kafkajs per call; seeks are only registered by consumer.seek(), and this
   * consumer is private and never seeks, so it is a safeguard, every 64 messages.
   */
  private runUntilWait(payload: EachBatchPayload, handler: EventHandler, cur: BatchCursor): Stop {
    const { isRunning, isStale } = payload;
    const { topic, partition, messages } = payload.batch;
    const n = messages.length;
    let i = cur.next;
    let lastOffset = cur.lastOffset;
    try {
      for (; i < n; i++) {
        if ((i & 15) === 0 && (!isRunning() || ((i & 63) === 0 && isStale()))) return STOP_END;
        const message = messages[i]!;
        const event = this.admit(message);
        if (event === undefined) return STOP_REFUSED;
        const pending = handler(event, { origin: topic, partition, offset: message.offset });
        if (pending) {
          cur.pending = pending;
          cur.event = event;
          return STOP_PENDING;
        }
        this.delivered(event);
        lastOffset = message.offset;
        if ((i & 15) === 15 && Date.now() - cur.lastBeat >= this.heartbeatEveryMs) {
          i += 1;
          return STOP_BEAT;
        }
      }
      return STOP_END;
    } finally {
      // Also when the handler threw: what was processed before it is still marked processed.
      this.advance(cur, i, lastOffset);
    }
  }

  /** Marks the messages before index `next` processed, the newest at `lastOffset`. */
  private advance(cur: BatchCursor, next: number, lastOffset: string | undefined): void {
    this.buffered -= next - cur.next;
    cur.next = next;
    cur.lastOffset = lastOffset;
  }

  private delivered(event: MarketEvent): void {
    this.counts.delivered += 1;
    this.options.metrics?.events.inc({ type: event.type, source: this.name });
  }

  /** Why the last message {@link admit} refused was refused. */
  private refusal: { reason: DeadLetterReason; error: string } = { reason: 'malformed_json', error: '' };

  /**
   * The message's event if it passes the edge check; otherwise undefined, with the reason in
   * {@link refusal}. Synchronous and allocation-free on success on purpose: this runs per message.
   */
  private admit(message: KafkaMessage): MarketEvent | undefined {
    let event: MarketEvent;
    try {
      event = decodeEvent(message.value ?? '');
    } catch (err) {
      if (!(err instanceof InvalidEventError)) throw err;
      this.refusal = { reason: err.reason, error: err.message };
      return undefined;
    }
    const key = message.key;
    if (key && !sameText(key, event.symbol)) {
      this.refusal = { reason: 'key_mismatch', error: `key ${key.toString('utf8')} != symbol ${event.symbol}` };
      return undefined;
    }
    return event;
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, reason: DeadLetterReason, error: string) {
    const headers: IHeaders = {
      ...message.headers,
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.error]: error.slice(0, 1_000),
      [DLQ_HEADERS.topic]: topic,
      [DLQ_HEADERS.partition]: String(partition),
      [DLQ_HEADERS.offset]: message.offset,
      [DLQ_HEADERS.time]: String(Date.now()),
    };
    // Awaited before the offset is resolved: a crash here re-delivers the message, never loses it.
    await (this.producer as Producer).send({
      topic: this.deadLetterTopic,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.counts.rejected += 1;
    this.options.metrics?.deadLetters.inc({ topic: this.deadLetterTopic, reason });
    this.options.metrics?.invalidEvents.inc({ source: this.name, reason });
  }

  private topicsToPause() {
    return this.options.topics.map((topic) => ({ topic }));
  }

  private applyPause(): void {
    if (this.pausedForBackpressure) return;
    this.pausedForBackpressure = true;
    this.consumer?.pause(this.topicsToPause());
  }

  private releasePause(): void {
    this.pausedForBackpressure = false;
    if (!this.pausedByOwner) this.consumer?.resume(this.topicsToPause());
  }

  /** Stops fetching (messages already fetched are still delivered) until {@link resume}. */
  pause(): void {
    this.pausedByOwner = true;
    this.consumer?.pause(this.topicsToPause());
  }

  /** Undoes {@link pause} (fetching stays paused while the in-flight backlog is over its bound). */
  resume(): void {
    this.pausedByOwner = false;
    if (!this.pausedForBackpressure) this.consumer?.resume(this.topicsToPause());
  }

  /** Whether fetching is paused, by the owner or by backpressure. */
  get paused(): boolean {
    return this.pausedByOwner || this.pausedForBackpressure;
  }

  /** Fetched messages not yet processed. */
  get inFlight(): number {
    return this.buffered;
  }

  /** Lag per `topic:partition` as of each partition's latest batch. */
  lag(): ReadonlyMap<string, number> {
    return this.lagByPartition;
  }

  done(): Promise<SourceStats> {
    if (!this.finished) throw new InvalidStateError(`${this.name} not started`);
    return this.finished;
  }

  /** Finishes the message in progress, commits processed offsets, leaves the group, disconnects. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.consumer = undefined;
    await consumer.disconnect(); // stop() + commit of resolved offsets + leave group
    await this.producer?.disconnect();
    this.finish?.(this.stats());
  }

  stats(): SourceStats {
    return { ...this.counts };
  }
}
