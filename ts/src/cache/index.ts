/**
 * Caching behind the {@link Cache} interface: MemoryCache (default), RedisCache, ResilientCache.
 * @module cache
 */
export { DEFAULT_TTL, timeframeMs, ttlFor, entryKey } from './cache.js';
export type { Cache, CacheKind, CacheEntryOptions, CacheStats, TtlPolicy } from './cache.js';
export { MemoryCache } from './memory.js';
export type { MemoryCacheOptions } from './memory.js';
export { RedisCache } from './redis.js';
export type { RedisCacheOptions } from './redis.js';
export { ResilientCache } from './resilient.js';
export type { ResilientCacheOptions } from './resilient.js';
export { watchCacheHitRate } from './metrics.js';
