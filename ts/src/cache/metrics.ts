/**
 * Publishing a cache's hit rate as `smc_cache_hit_rate{cache}`.
 */
import type { EngineMetrics } from '../metrics/engine-metrics.js';
import type { Cache } from './cache.js';

/** Makes `smc_cache_hit_rate{cache=<cache.name>}` report the cache's hit rate at every scrape. */
export function watchCacheHitRate(metrics: EngineMetrics, cache: Cache): void {
  metrics.trackCacheHitRate(cache.name, () => cache.stats().hitRate);
}
