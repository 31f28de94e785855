/**
 * Market event sources behind the {@link Source} interface: ReplaySource (default; capture,
 * JSON lines, CSV) and KafkaSource (consumer group, at-least-once, dead letters, backpressure).
 * @module sources
 */
export type { Source, SourceStats, EventHandler, EventMeta } from './source.js';
export { ReplaySource } from './replay-source.js';
export type { ReplaySourceOptions, ReplayBatch } from './replay-source.js';
export { CaptureReader, CaptureBatch, CAPTURE_KIND, NO_SYMBOL } from '../data/capture-reader.js';
export type { CaptureReaderOptions, CaptureColumns, CaptureLevels, CaptureReject } from '../data/capture-reader.js';
export { formatOf, parseBarTime } from './replay-formats.js';
export type { ReplayFormat, ReplayContext } from './replay-formats.js';
export { readLines } from './line-reader.js';
export { KafkaSource, DLQ_HEADERS } from './kafka-source.js';
export type { KafkaSourceOptions, DeadLetterReason } from './kafka-source.js';
export { kafkaClient } from './kafka-client.js';
export type { KafkaConnection } from './kafka-client.js';
