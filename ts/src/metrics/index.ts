/**
 * Metrics (prom-client, one registry per engine) and structured logs (pino).
 * @module metrics
 */
export { createEngineMetrics, elapsedMs, LATENCY_BUCKETS_MS, BREAKER_STATES } from './engine-metrics.js';
export type { EngineMetrics, EngineMetricsOptions, BreakerState } from './engine-metrics.js';
export { createLogger, cycleLogger, newCorrelationId, redactUrl, REDACTED, REDACTED_PATHS } from './logger.js';
export type { LogOptions, EventLog } from './logger.js';
