/**
 * The `Sink` interface: where the engine publishes what it decided and what happened.
 */

/** What is published. Each kind has its own topic (Kafka) or is a field of the line (JSONL). */
export type RecordKind = 'signal' | 'order' | 'fill' | 'risk_event';

/** One published record. */
export interface OutRecord {
  kind: RecordKind;
  /** Partitioning key: records of one symbol stay in order. */
  symbol: string;
  /** Epoch ms. */
  time: number;
  /** JSON-serialisable body. */
  payload: Record<string, unknown>;
}

/** Counters of a sink. */
export interface SinkStats {
  /** Records accepted by publish(). */
  published: number;
  /** Records acknowledged by the destination. */
  delivered: number;
  /** Batches sent (Kafka) or writes flushed (file). */
  batches: number;
  /** Largest batch so far. */
  maxBatch: number;
}

/** An output stream. Implementations: KafkaSink, JsonlSink (default). */
export interface Sink {
  readonly name: string;
  /**
   * Queues a record without waiting. Returns false when the sink's buffer is over its high-water
   * mark (the record is still kept): the caller should await {@link Sink.flush} before more.
   */
  publish(record: OutRecord): boolean;
  /** Resolves when every record published so far is acknowledged by the destination. */
  flush(): Promise<void>;
  /** Flushes, then releases the connection or file. */
  close(): Promise<void>;
  stats(): SinkStats;
}
