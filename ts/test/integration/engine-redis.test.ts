// Issue 6 §7, Redis stopped mid-run, through createEngine: the engine's cache (memory in front
// of Redis) reaches the real Redis through a TcpRelay. The relay is stopped mid-run (the shared
// Redis keeps running): every event still gets its ensemble decision from the memory tier and
// nothing reaches Redis. Started again: new answers are written to Redis again, and a second
// engine with an empty memory tier is served them from Redis.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cache as caches, engine, models, synth } from '../../src/index.js';
import { barEvents } from '../engine/support.js';
import { closedPort, serviceUrl, TcpRelay, uniqueName, waitFor } from './service-env.js';

const REDIS_URL = serviceUrl('REDIS_URL', 'engine redis outage');
const PHASE = 150;

/** Trades on the ensemble's answer: long on buy, flat otherwise. */
const follower: engine.Strategy = {
  name: 'follower',
  requires: { ensemble: true },
  onBar(ctx) {
    const q = ctx.position.quantity;
    if (ctx.decision?.action === 'buy' && q <= 0) return [{ side: 'buy', quantity: 1 - q }];
    if (ctx.decision?.action === 'sell' && q > 0) return [{ side: 'sell', quantity: q }];
  },
};

describe.skipIf(!REDIS_URL)('createEngine with Redis stopped mid-run', () => {
  let dir: string;
  let admin: Redis;
  const namespace = uniqueName('smc-e2e');
  const keys = async () => (await admin.keys(`${namespace}:*`)).length;

  beforeAll(async () => {
    admin = new Redis(REDIS_URL as string, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await admin.connect();
    dir = mkdtempSync(join(tmpdir(), 'smc-e2e-models-'));
    await models.buildExampleModels({ outDir: dir, bars: synth.syntheticBars({ bars: 3_000, seed: 7 }) });
  }, 180_000);
  afterAll(async () => {
    const left = await admin.keys(`${namespace}:*`);
    if (left.length > 0) await admin.del(...left);
    admin.disconnect();
  });

  const createEngine = async (url: string) =>
    engine.createEngine({
      strategy: follower,
      symbols: ['BTC'],
      ensemble: await models.ModelEnsemble.fromManifest(dir, { timeoutMs: 5_000 }),
      store: null,
      sink: null,
      source: null,
      clock: new engine.HistoricalClock(),
      // A generous command timeout: this test is about an outage, not about Redis latency (the
      // 5 ms default can expire through the relay on a loaded CI box, which reads as "down").
      config: { redis: { url, namespace, commandTimeoutMs: 500 } },
    });

  it('keeps deciding on the memory cache while Redis is down and uses Redis again once it is back', async () => {
    const target = new URL(REDIS_URL as string);
    const relay = new TcpRelay(await closedPort(), { host: target.hostname, port: Number(target.port || 6379) });
    await relay.start();
    const viaRelay = new URL(REDIS_URL as string);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(relay.listenPort);
    const bars = barEvents('BTC', 3 * PHASE, 21);
    const e = await createEngine(viaRelay.toString());
    const resilient = e.cache as caches.ResilientCache;
    expect(resilient).toBeInstanceOf(caches.ResilientCache);
    await e.start();
    await waitFor(() => resilient.remoteAvailable, 10_000, 'redis connected through the relay');

    for (const b of bars.slice(0, PHASE)) await e.processValidated(b);
    const up1 = e.stats();
    expect(up1.ensembleCalls).toBeGreaterThan(0);
    await waitFor(async () => (await keys()) > 0, 10_000, 'answers written to redis');

    await relay.stop();
    await waitFor(() => !resilient.remoteAvailable, 10_000, 'the engine to notice redis is gone');
    const keysDown = await keys();
    for (const b of bars.slice(PHASE, 2 * PHASE)) await e.processValidated(b);
    const down = e.stats();
    // Trading continued: every bar processed, every full window decided by the ensemble.
    expect(down.events).toBe(2 * PHASE);
    expect(down.ensembleCalls - up1.ensembleCalls).toBe(PHASE);
    expect(down.decisions).toBe(2 * PHASE);
    expect(await keys()).toBe(keysDown); // nothing reached Redis meanwhile

    await relay.start();
    await waitFor(() => resilient.remoteAvailable, 30_000, 'redis reconnected');
    for (const b of bars.slice(2 * PHASE)) await e.processValidated(b);
    const up2 = e.stats();
    expect(up2.events).toBe(3 * PHASE);
    await e.stop(); // the cache's quit waits for the background writes
    await relay.stop();
    expect(await keys()).toBeGreaterThan(keysDown); // written to Redis again

    // A second engine, empty memory tier, same Redis: the windows answered while Redis was up
    // are hits served from Redis; those of the outage never reached it and are misses.
    const b = await createEngine(REDIS_URL as string);
    await b.start();
    await waitFor(() => (b.cache as caches.ResilientCache).remoteAvailable, 10_000, 'the second engine connected to redis');
    for (const bar of bars) await b.processValidated(bar);
    const s = b.stats();
    const hits = (b.cache as caches.ResilientCache).stats();
    await b.stop();
    expect(s.ensembleCacheHits).toBeGreaterThanOrEqual(up2.ensembleCalls - down.ensembleCalls);
    expect(hits.misses).toBeGreaterThan(0);
    expect(hits.hits).toBe(s.ensembleCacheHits);
  }, 180_000);
});
