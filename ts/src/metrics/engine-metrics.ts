/**
 * Prometheus metrics of one engine: its own prom-client `Registry`, so two engines in one process
 * (or a test beside a live engine) never share or clash over series.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Latency buckets in milliseconds, from 1 microsecond (0.001 ms) to 1 second, 1-2-5 per decade:
 * fine enough to read a sub-millisecond p99 and wide enough to catch a one-second stall.
 */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000,
];

/** Circuit-breaker states, exported one series each on `smc_circuit_breaker_state{state}`. */
export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;
/** A circuit-breaker state. */
export type BreakerState = (typeof BREAKER_STATES)[number];

/** Options of {@link createEngineMetrics}. */
export interface EngineMetricsOptions {
  /** Registry to register into; a fresh one by default. */
  registry?: Registry;
  /** Labels added to every series (e.g. `{ engine: 'btc-1' }`). */
  defaultLabels?: Record<string, string>;
  /** Also collect Node process metrics (heap, event-loop lag, GC); false by default. */
  processMetrics?: boolean;
}

/** Everything an engine reports. Names are stable: dashboards and alerts rely on them. */
export interface EngineMetrics {
  readonly registry: Registry;
  /** Tick received to order decision. */
  readonly tradingLatency: Histogram<string>;
  /** Decode, validate and book/feature update of one event. */
  readonly dataPipelineLatency: Histogram<'source'>;
  /** One ensemble inference (labelled per model and for the combined answer). */
  readonly mlInferenceLatency: Histogram<'model'>;
  /** Pre-trade risk checks of one decision. */
  readonly riskCheckLatency: Histogram<string>;
  /** Share of cache reads that hit, per cache, in [0, 1]. */
  readonly cacheHitRate: Gauge<'cache'>;
  /** 1 for the breaker's current state, 0 for the others. */
  readonly circuitBreakerState: Gauge<'state'>;
  readonly pnlRealized: Gauge<'symbol'>;
  readonly pnlUnrealized: Gauge<'symbol'>;
  /** Signed position per symbol, in base units. */
  readonly position: Gauge<'symbol'>;
  /** Market events accepted at the edge, per type and source. */
  readonly events: Counter<'type' | 'source'>;
  /** Events rejected by the schema check (and dead-lettered when the source has a DLQ). */
  readonly invalidEvents: Counter<'source' | 'reason'>;
  readonly orders: Counter<'symbol' | 'side'>;
  readonly fills: Counter<'symbol' | 'side'>;
  /** Messages written to a dead-letter topic, per reason. */
  readonly deadLetters: Counter<'topic' | 'reason'>;
  /** Messages between the consumer's position and the partition's high watermark. */
  readonly kafkaConsumerLag: Gauge<'topic' | 'partition'>;
  /** Messages per producer batch, to see the adaptive batching at work. */
  readonly sinkBatchSize: Histogram<'sink'>;
  /** Journal rows waiting in the write-behind queue. */
  readonly storeQueueDepth: Gauge<'store'>;
  /** Journal rows written to the spill file while the database was unreachable. */
  readonly storeSpilledRows: Counter<'store'>;
  /**
   * Makes `smc_cache_hit_rate{cache=name}` report `hitRate()` at every scrape, so cache reads on
   * the hot path pay nothing for the metric.
   */
  trackCacheHitRate(name: string, hitRate: () => number): void;
  /** Sets `smc_circuit_breaker_state` so exactly `state` reads 1. */
  setBreakerState(state: BreakerState): void;
}

/** Creates the metric set on a registry of its own (or the one given). */
export function createEngineMetrics(options: EngineMetricsOptions = {}): EngineMetrics {
  const registry = options.registry ?? new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'smc_process_' });
  const registers = [registry];
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Histogram<L>({ name, help, labelNames, buckets: [...LATENCY_BUCKETS_MS], registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });

  const hitRateSources = new Map<string, () => number>();
  const cacheHitRate = new Gauge<'cache'>({
    name: 'smc_cache_hit_rate',
    help: 'Cache hits / reads since start',
    labelNames: ['cache'],
    registers,
    collect() {
      for (const [name, read] of hitRateSources) this.set({ cache: name }, read());
    },
  });
  const circuitBreakerState = gauge('smc_circuit_breaker_state', 'Circuit breaker state (1 = current)', ['state']);
  for (const state of BREAKER_STATES) circuitBreakerState.set({ state }, state === 'closed' ? 1 : 0);

  return {
    registry,
    tradingLatency: histogram('smc_trading_latency_ms', 'Tick to order decision, ms'),
    dataPipelineLatency: histogram('smc_data_pipeline_latency_ms', 'Event decode to features, ms', ['source']),
    mlInferenceLatency: histogram('smc_ml_inference_latency_ms', 'Model inference, ms', ['model']),
    riskCheckLatency: histogram('smc_risk_check_latency_ms', 'Pre-trade risk checks, ms'),
    cacheHitRate,
    circuitBreakerState,
    pnlRealized: gauge('smc_pnl_realized', 'Realized PnL in quote currency', ['symbol']),
    pnlUnrealized: gauge('smc_pnl_unrealized', 'Unrealized PnL in quote currency', ['symbol']),
    position: gauge('smc_position', 'Signed position in base units', ['symbol']),
    events: counter('smc_events_total', 'Market events accepted', ['type', 'source']),
    invalidEvents: counter('smc_invalid_events_total', 'Market events rejected at the edge', ['source', 'reason']),
    orders: counter('smc_orders_total', 'Orders sent', ['symbol', 'side']),
    fills: counter('smc_fills_total', 'Fills received', ['symbol', 'side']),
    deadLetters: counter('smc_dead_letters_total', 'Messages sent to a dead-letter topic', ['topic', 'reason']),
    kafkaConsumerLag: gauge('smc_kafka_consumer_lag', 'Kafka consumer lag in messages', ['topic', 'partition']),
    sinkBatchSize: new Histogram<'sink'>({
      name: 'smc_sink_batch_size',
      help: 'Messages per producer batch',
      labelNames: ['sink'],
      buckets: [1, 10, 100, 500, 1000, 2000, 3000, 4000, 5000],
      registers,
    }),
    storeQueueDepth: gauge('smc_store_queue_depth', 'Journal rows waiting to be written', ['store']),
    storeSpilledRows: counter('smc_store_spilled_rows_total', 'Journal rows spilled to the local file', ['store']),
    trackCacheHitRate(name: string, hitRate: () => number): void {
      hitRateSources.set(name, hitRate);
    },
    setBreakerState(state: BreakerState): void {
      for (const s of BREAKER_STATES) circuitBreakerState.set({ state: s }, s === state ? 1 : 0);
    },
  };
}

/** Milliseconds elapsed since `start`, a `process.hrtime.bigint()` reading. */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
