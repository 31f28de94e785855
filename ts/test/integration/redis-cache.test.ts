import { describe, expect, it } from 'vitest';

import { MemoryCache, RedisCache, ResilientCache } from '../../src/cache/index.js';
import { closedPort, serviceUrl, uniqueName, waitFor } from './service-env.js';

const REDIS_URL = serviceUrl('REDIS_URL', 'RedisCache integration');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!REDIS_URL)('RedisCache on a real Redis', () => {
  it('namespaces keys, applies TTL per kind and timeframe, and expires entries', async () => {
    const namespace = uniqueName('smc_test');
    const cache = new RedisCache({ url: REDIS_URL, namespace, commandTimeoutMs: 500, ttl: { ensemble: 150 } });
    const other = new RedisCache({ url: REDIS_URL, namespace: `${namespace}_other`, commandTimeoutMs: 500 });
    try {
      await cache.waitReady();
      await other.waitReady();
      expect(cache.redisKey('bars', 'BTCUSDT', { timeframe: '15m' })).toBe(`${namespace}:bars:15m:BTCUSDT`);
      await cache.set('bars', 'BTCUSDT', [{ close: 1 }], { timeframe: '15m' });
      await cache.set('ensemble', 'v3:feat', { action: 'sell', confidence: 0.7 });
      await cache.set('var', 'desk', { p99: 0.031 });
      const barTtl = await cache.ttlMs('bars', 'BTCUSDT', { timeframe: '15m' });
      expect(barTtl).toBeGreaterThan(899_000);
      expect(barTtl).toBeLessThanOrEqual(900_000);
      expect(await cache.ttlMs('var', 'desk')).toBeGreaterThan(299_000);
      expect(await cache.get('bars', 'BTCUSDT', { timeframe: '15m' })).toEqual([{ close: 1 }]);
      expect(await cache.get('ensemble', 'v3:feat')).toEqual({ action: 'sell', confidence: 0.7 });
      expect(await other.get('ensemble', 'v3:feat')).toBeUndefined(); // other namespace
      await sleep(250);
      expect(await cache.get('ensemble', 'v3:feat')).toBeUndefined(); // expired in Redis
      let fetched = 0;
      const value = await cache.getOrFetch('custom', 'answer', async () => ++fetched);
      expect(value).toBe(1);
      expect(await cache.getOrFetch('custom', 'answer', async () => ++fetched)).toBe(1);
      expect(cache.stats()).toMatchObject({ hits: 3, misses: 2 });
      await cache.delete('bars', 'BTCUSDT', { timeframe: '15m' });
      await cache.delete('var', 'desk');
      await cache.delete('custom', 'answer');
      expect(await cache.get('var', 'desk')).toBeUndefined();
    } finally {
      await cache.close();
      await other.close();
    }
  });

  it('ResilientCache shares entries through Redis and falls back to memory when pointed at a closed port', async () => {
    const namespace = uniqueName('smc_test');
    const writer = new ResilientCache({
      memory: new MemoryCache(),
      redis: new RedisCache({ url: REDIS_URL, namespace, commandTimeoutMs: 500 }),
    });
    const readerRedis = new RedisCache({ url: REDIS_URL, namespace, commandTimeoutMs: 500 });
    const reader = new ResilientCache({ memory: new MemoryCache(), redis: readerRedis });
    const deadRedis = new RedisCache({ url: `redis://127.0.0.1:${await closedPort()}`, namespace, connectTimeoutMs: 200 });
    const degraded = new ResilientCache({ memory: new MemoryCache(), redis: deadRedis });
    try {
      await readerRedis.waitReady();
      await waitFor(() => writer.remoteAvailable, 5_000, 'writer connected');
      await writer.set('ensemble', 'v1:h', { action: 'buy' });
      // Another process (here: another client) sees it through Redis, then from its memory tier.
      await waitFor(async () => (await readerRedis.get('ensemble', 'v1:h')) !== undefined, 2_000, 'background write');
      expect(await reader.get('ensemble', 'v1:h')).toEqual({ action: 'buy' });
      expect(reader.stats().hits).toBe(1);
      await degraded.set('ensemble', 'v1:h', { action: 'hold' });
      expect(await degraded.get('ensemble', 'v1:h')).toEqual({ action: 'hold' });
      expect(degraded.remoteAvailable).toBe(false);
      await readerRedis.delete('ensemble', 'v1:h');
    } finally {
      await Promise.all([writer.close(), reader.close(), degraded.close()]);
    }
  });
});
