/**
 * The `Source` interface: where market events come from (Kafka, a replay file), delivered one at
 * a time to an async handler, in order per partition.
 */
import type { MarketEvent } from '../events/schema.js';

/** Where an event came from, enough to derive deterministic ids and to log a position. */
export interface EventMeta {
  /** Topic or file. */
  origin: string;
  /** Kafka partition; 0 for a file. */
  partition: number;
  /** Kafka offset, or the 1-based line number of a file, as a string (Kafka offsets are 64-bit). */
  offset: string;
}

/**
 * Processes one event. The source waits for the returned promise before it delivers the next
 * event of the same partition and before it marks this one done (commits the Kafka offset), so
 * resolving means "fully processed". Throwing stops delivery: the event is delivered again later
 * (Kafka) or the replay ends with the error.
 */
export type EventHandler = (event: MarketEvent, meta: EventMeta) => Promise<void> | void;

/** Counters of a source. */
export interface SourceStats {
  /** Events handed to the handler and completed. */
  delivered: number;
  /** Messages that failed the edge check (dead-lettered for Kafka). */
  rejected: number;
}

/** A stream of market events. Implementations: KafkaSource, ReplaySource. */
export interface Source {
  readonly name: string;
  /**
   * Starts delivering to `handler`. Resolves once delivery has begun (the Kafka consumer joined
   * its group; the replay file opened). Delivery ends with {@link Source.stop} or, for a finite
   * source, at its end: see {@link Source.done}.
   */
  start(handler: EventHandler): Promise<void>;
  /** Resolves when delivery has ended (end of file, or after stop); rejects if the handler threw. */
  done(): Promise<SourceStats>;
  /** Stops delivering: finishes the event in progress, commits what was processed, disconnects. */
  stop(): Promise<void>;
  stats(): SourceStats;
}
