// The engine's cache on a real Redis Cluster (scripts/services.sh up redis-cluster), selected by
// configuration alone: REDIS_CLUSTER_NODES -> config redis.clusterNodes -> io.createCache ->
// memory in front of a cluster RedisCache. Keys spread over the nodes by slot; another process
// (here another client) reads them back through the cluster.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';

import { RedisCache, ResilientCache } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createCache } from '../../src/io/index.js';
import { uniqueName, waitFor } from './service-env.js';
import { serviceGate } from './services.js';

const gate = serviceGate('Redis Cluster', 'REDIS_CLUSTER_NODES');
const KEYS = 64;

describe.skipIf(gate.skip)('the cache on a real Redis Cluster', () => {
  const cluster = gate.use(
    async (value) => {
      const nodes = value.split(',').map((n) => n.trim());
      // One plain connection per node: to check the cluster is healthy and to see where keys land.
      const direct = nodes.map((n) => new Redis(`redis://${n}`, { lazyConnect: true, maxRetriesPerRequest: 0 }).on('error', () => undefined));
      try {
        for (const r of direct) {
          await r.connect();
          const info = await r.cluster('INFO');
          if (!/cluster_state:ok/.test(info)) throw new Error(`${r.options.port}: cluster_state is not ok`);
        }
      } catch (err) {
        direct.forEach((r) => r.disconnect());
        throw err;
      }
      return { value, nodes, direct };
    },
    async ({ direct }) => {
      await Promise.all(direct.map((r) => r.quit()));
    },
  );

  it('is chosen by REDIS_CLUSTER_NODES, spreads keys over the nodes by slot, and serves them to another client', async () => {
    const { value, nodes, direct } = cluster();
    const namespace = uniqueName('smc_cluster');
    const base = loadConfig({ env: { REDIS_CLUSTER_NODES: value } });
    expect(base.redis.clusterNodes).toEqual(nodes);
    const config = { ...base, redis: { ...base.redis, namespace, commandTimeoutMs: 500 } };
    const writer = createCache(config);
    expect(writer).toBeInstanceOf(ResilientCache);
    const reader = new RedisCache({ clusterNodes: nodes, namespace, commandTimeoutMs: 500 });
    try {
      await reader.waitReady();
      await waitFor(() => (writer as ResilientCache).remoteAvailable, 5_000, 'the engine cache connected to the cluster');
      for (let i = 0; i < KEYS; i++) await writer.set('ensemble', `v1:${i}`, { action: i % 2 ? 'buy' : 'sell', i });
      // The writes behind the memory tier are not awaited: wait until the cluster has them all.
      const count = async () => (await Promise.all(direct.map((r) => r.keys(`${namespace}:*`)))).map((k) => k.length);
      await waitFor(async () => (await count()).reduce((a, b) => a + b, 0) === KEYS, 5_000, 'every key in the cluster');
      const perNode = await count();
      // 64 keys over 3 masters' slot ranges: every node holds some (P(a node empty) ~ 1e-11).
      expect(perNode.every((n) => n > 0)).toBe(true);
      for (let i = 0; i < KEYS; i++) expect(await reader.get('ensemble', `v1:${i}`)).toEqual({ action: i % 2 ? 'buy' : 'sell', i });
      // TTLs apply in the cluster like on one server (ensemble answers: 60 s by default).
      const ttl = await reader.ttlMs('ensemble', 'v1:0');
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      for (let i = 0; i < KEYS; i++) await reader.delete('ensemble', `v1:${i}`);
      expect((await count()).reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
