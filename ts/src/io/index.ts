/**
 * Builds the pipeline's I/O from a validated configuration: the real service where the
 * configuration (normally the environment: KAFKA_BROKERS, REDIS_URL, DATABASE_URL) names one,
 * the embedded default otherwise. Both behave the same behind the same interfaces.
 *
 * | stage  | configured                       | default (no server)        |
 * |--------|----------------------------------|----------------------------|
 * | source | KafkaSource (`kafka.brokers`)    | ReplaySource (`replay.path`) |
 * | sink   | KafkaSink (`kafka.brokers`)      | JsonlSink (`sink.jsonlPath`) |
 * | cache  | ResilientCache over RedisCache   | MemoryCache                |
 * | store  | PostgresStore (`postgres.url`)   | PgliteStore                |
 * @module io
 */
import { join } from 'node:path';

import { MemoryCache } from '../cache/memory.js';
import { RedisCache } from '../cache/redis.js';
import { ResilientCache } from '../cache/resilient.js';
import type { Cache } from '../cache/cache.js';
import type { EngineConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { EngineMetrics } from '../metrics/engine-metrics.js';
import type { EventLog } from '../metrics/logger.js';
import { JsonlSink } from '../sinks/jsonl-sink.js';
import { KafkaSink } from '../sinks/kafka-sink.js';
import type { Sink } from '../sinks/sink.js';
import type { KafkaConnection } from '../sources/kafka-client.js';
import { KafkaSource } from '../sources/kafka-source.js';
import { ReplaySource } from '../sources/replay-source.js';
import type { Source } from '../sources/source.js';
import { PgliteStore } from '../store/pglite.js';
import { PostgresStore } from '../store/postgres.js';
import type { Store } from '../store/sql-store.js';
import { WriteBehindJournal } from '../store/write-behind.js';

/** What the factories report to. */
export interface IoDeps {
  metrics?: EngineMetrics;
  logger?: EventLog;
}

function kafkaConnection(config: EngineConfig, deps: IoDeps): KafkaConnection {
  const { kafka } = config;
  if (kafka.sasl && !kafka.sasl.password) {
    throw new ConfigError('kafka.sasl.password: missing; set KAFKA_SASL_PASSWORD', {
      issues: [{ key: 'kafka.sasl.password', problem: 'missing; set KAFKA_SASL_PASSWORD' }],
    });
  }
  return {
    brokers: kafka.brokers,
    clientId: kafka.clientId,
    ssl: kafka.ssl,
    sasl: kafka.sasl ? { ...kafka.sasl, password: kafka.sasl.password as string } : undefined,
    logger: deps.logger,
  };
}

/**
 * The market data source: Kafka when brokers are configured, else a replay of `replay.path`.
 * @throws ConfigError when neither is configured
 */
export function createSource(config: EngineConfig, deps: IoDeps = {}): Source {
  if (config.kafka.brokers.length > 0) {
    return new KafkaSource({
      ...kafkaConnection(config, deps),
      groupId: config.kafka.groupId,
      topics: [config.kafka.topics.marketData],
      deadLetterTopic: config.kafka.topics.deadLetter,
      maxInFlight: config.kafka.maxInFlight,
      partitionsConsumedConcurrently: config.kafka.partitionsConsumedConcurrently,
      metrics: deps.metrics,
      logger: deps.logger,
    });
  }
  if (config.replay.path) {
    return new ReplaySource({
      path: config.replay.path,
      format: config.replay.format,
      speed: config.replay.speed,
      venue: config.replay.venue,
      symbol: config.replay.symbol ?? config.engine.symbols[0],
      metrics: deps.metrics,
    });
  }
  throw new ConfigError('no market data source: set KAFKA_BROKERS (kafka.brokers) or replay.path', {
    issues: [{ key: 'replay.path', problem: 'required when kafka.brokers is empty' }],
  });
}

/** The output sink: Kafka when brokers are configured (connected here), else JSON lines. */
export async function createSink(config: EngineConfig, deps: IoDeps = {}): Promise<Sink> {
  if (config.kafka.brokers.length === 0) return new JsonlSink({ path: config.sink.jsonlPath });
  const { topics } = config.kafka;
  const sink = new KafkaSink({
    ...kafkaConnection(config, deps),
    topics: { signal: topics.signals, order: topics.orders, fill: topics.fills, risk_event: topics.riskEvents },
    gzip: config.kafka.gzip,
    metrics: deps.metrics,
    logger: deps.logger,
  });
  await sink.connect();
  return sink;
}

/** The cache: memory in front of Redis when Redis is configured, memory alone otherwise. */
export function createCache(config: EngineConfig, deps: IoDeps = {}): Cache {
  const { redis } = config;
  const ttl = { ensemble: redis.ensembleTtlMs, var: redis.varTtlMs };
  const memory = new MemoryCache({ ttl });
  let cache: Cache = memory;
  if (redis.url || redis.clusterNodes?.length) {
    const remote = new RedisCache({
      url: redis.url,
      clusterNodes: redis.clusterNodes,
      namespace: redis.namespace,
      protocol: redis.protocol,
      commandTimeoutMs: redis.commandTimeoutMs,
      ttl,
    });
    cache = new ResilientCache({ memory, redis: remote, logger: deps.logger });
  }
  deps.metrics?.trackCacheHitRate(cache.name, () => cache.stats().hitRate);
  return cache;
}

/** The journal store (migrated) and its write-behind queue. */
export async function createStore(config: EngineConfig, deps: IoDeps = {}): Promise<{ store: Store; journal: WriteBehindJournal }> {
  const { postgres } = config;
  const store: Store = postgres.url
    ? new PostgresStore({
        url: postgres.url,
        schema: postgres.schema,
        poolMax: postgres.poolMax,
        idleTimeoutMs: postgres.idleTimeoutMs,
        connectionTimeoutMs: postgres.connectionTimeoutMs,
        statementTimeoutMs: postgres.statementTimeoutMs,
      })
    : new PgliteStore({ dataDir: config.store.pgliteDataDir, isolation: config.store.pgliteIsolation });
  await store.migrate();
  const journal = new WriteBehindJournal(store, {
    spillPath: join(config.store.spillDir, `${config.engine.name}.journal.jsonl`),
    batchSize: config.store.batchSize,
    flushIntervalMs: config.store.flushIntervalMs,
    maxQueued: config.store.maxQueued,
    retryIntervalMs: config.store.retryIntervalMs,
    logger: deps.logger,
    metrics: deps.metrics,
  });
  return { store, journal };
}
