import { describe, expect, it } from 'vitest';

import { MemoryCache, RedisCache, ResilientCache, timeframeMs, ttlFor, DEFAULT_TTL } from '../../src/cache/index.js';
import { InvalidInputError, UnavailableError } from '../../src/errors.js';
import { createEngineMetrics } from '../../src/metrics/index.js';
import { watchCacheHitRate } from '../../src/cache/index.js';
import { closedPort } from '../integration/service-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TTL policy', () => {
  it('derives bar TTLs from the timeframe and rejects malformed timeframes', () => {
    expect(timeframeMs('15m')).toBe(900_000);
    expect(timeframeMs('4h')).toBe(14_400_000);
    expect(ttlFor(DEFAULT_TTL, 'bars', { timeframe: '1m' })).toBe(60_000);
    expect(ttlFor(DEFAULT_TTL, 'ensemble')).toBe(60_000);
    expect(ttlFor(DEFAULT_TTL, 'var', { ttlMs: 5 })).toBe(5);
    expect(() => timeframeMs('0m')).toThrow(InvalidInputError);
    expect(() => timeframeMs('1w')).toThrow(InvalidInputError);
  });
});

describe('MemoryCache', () => {
  it('stores, expires by TTL, separates kinds and timeframes, and counts hits', async () => {
    const cache = new MemoryCache();
    await cache.set('bars', 'BTCUSDT', [1, 2], { timeframe: '1m' });
    await cache.set('bars', 'BTCUSDT', [3], { timeframe: '5m' });
    await cache.set('ensemble', 'v1:abc', { action: 'buy' }, { ttlMs: 30 });
    expect(await cache.get('bars', 'BTCUSDT', { timeframe: '1m' })).toEqual([1, 2]);
    expect(await cache.get('bars', 'BTCUSDT', { timeframe: '5m' })).toEqual([3]);
    expect(await cache.get('var', 'v1:abc')).toBeUndefined();
    expect(await cache.get('ensemble', 'v1:abc')).toEqual({ action: 'buy' });
    await sleep(60);
    expect(await cache.get('ensemble', 'v1:abc')).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 3, misses: 2, hitRate: 0.6 });
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('custom', 'a', 1);
    await cache.set('custom', 'b', 2);
    await cache.get('custom', 'a');
    await cache.set('custom', 'c', 3);
    expect(await cache.get('custom', 'b')).toBeUndefined();
    expect(await cache.get('custom', 'a')).toBe(1);
    expect(cache.size).toBe(2);
  });

  it('getOrFetch fetches once for concurrent callers, then serves from cache', async () => {
    const cache = new MemoryCache();
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      await sleep(10);
      return { rows: calls };
    };
    const [a, b] = await Promise.all([cache.getOrFetch('var', 'table', fetch), cache.getOrFetch('var', 'table', fetch)]);
    expect(a).toEqual({ rows: 1 });
    expect(b).toEqual({ rows: 1 });
    expect(await cache.getOrFetch('var', 'table', fetch)).toEqual({ rows: 1 });
    expect(calls).toBe(1);
  });

  it('reports its hit rate as smc_cache_hit_rate at scrape time', async () => {
    const metrics = createEngineMetrics();
    const cache = new MemoryCache({ name: 'l1' });
    watchCacheHitRate(metrics, cache);
    await cache.set('custom', 'k', 1);
    await cache.get('custom', 'k');
    await cache.get('custom', 'missing');
    const text = await metrics.registry.metrics();
    expect(text).toContain('smc_cache_hit_rate{cache="l1"} 0.5');
  });
});

describe('ResilientCache with Redis unreachable', () => {
  it('answers from memory without waiting, logs the outage once, and never throws', async () => {
    const port = await closedPort();
    const redis = new RedisCache({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 5, connectTimeoutMs: 200 });
    const warnings: string[] = [];
    const logger = { warn: (_o: object, msg: string) => void warnings.push(msg), info: () => undefined };
    const cache = new ResilientCache({ memory: new MemoryCache(), redis, logger });
    await expect(redis.get('custom', 'x')).rejects.toBeInstanceOf(UnavailableError);
    const start = performance.now();
    for (let i = 0; i < 200; i++) {
      await cache.set('ensemble', `k${i}`, { i });
      expect(await cache.get('ensemble', `k${i}`)).toEqual({ i });
      expect(await cache.get('ensemble', `absent${i}`)).toBeUndefined();
    }
    const perCallMs = (performance.now() - start) / 600;
    expect(perCallMs).toBeLessThan(1); // no per-call connect or command timeout is paid
    expect(warnings).toEqual(['redis unavailable; continuing on the memory cache']);
    expect(cache.remoteAvailable).toBe(false);
    await cache.close();
  });
});
