/**
 * Publishing signals, orders, fills and risk events behind the {@link Sink} interface:
 * JsonlSink (default) and KafkaSink (adaptive batching, idempotent producer).
 * @module sinks
 */
export type { Sink, SinkStats, OutRecord, RecordKind } from './sink.js';
export { JsonlSink } from './jsonl-sink.js';
export type { JsonlSinkOptions } from './jsonl-sink.js';
export { KafkaSink } from './kafka-sink.js';
export type { KafkaSinkOptions } from './kafka-sink.js';
