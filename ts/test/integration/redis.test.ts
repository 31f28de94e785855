import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

// Named import: under NodeNext a default import of this CommonJS package is typed as the
// module namespace ("not constructable"); `Redis` is the same class, typed correctly.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';

import { serviceGate } from './services.js';

const gate = serviceGate('redis', 'REDIS_URL');

describe.skipIf(gate.skip)('redis (REDIS_URL)', () => {
  // All keys of this run share a unique prefix: runs can overlap and cleanup can find them.
  const ns = `smc-it:${randomUUID()}:`;

  const redis = gate.use(
    async (url) => {
      const client = new Redis(url, {
        // Fail fast instead of queueing commands and reconnecting forever when Redis is down.
        lazyConnect: true,
        enableOfflineQueue: false,
        retryStrategy: () => null,
        maxRetriesPerRequest: 1,
        connectTimeout: 5_000,
      });
      // connect() only rejects with "Connection is closed."; the cause comes as an event.
      let cause: Error | undefined;
      client.on('error', (err: Error) => (cause = err));
      await client.connect().catch((err: unknown) => {
        throw cause ?? err;
      });
      return client;
    },
    async (client) => {
      const leftovers: string[] = [];
      for await (const keys of client.scanStream({ match: `${ns}*`, count: 100 })) {
        leftovers.push(...(keys as string[]));
      }
      if (leftovers.length > 0) await client.del(...leftovers);
      await client.quit();
    },
  );

  it('stores values with EX and PX expiries and reports a positive TTL', async () => {
    const r = redis();
    expect(await r.set(`${ns}ex`, 'seconds', 'EX', 60)).toBe('OK');
    expect(await r.set(`${ns}px`, JSON.stringify({ bid: 61_234.5 }), 'PX', 60_000)).toBe('OK');

    expect(await r.get(`${ns}ex`)).toBe('seconds');
    expect(JSON.parse((await r.get(`${ns}px`))!)).toEqual({ bid: 61_234.5 });

    const ttl = await r.ttl(`${ns}ex`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    const pttl = await r.pttl(`${ns}px`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('actually expires a key once its TTL has passed', async () => {
    const r = redis();
    const key = `${ns}short`;
    await r.set(key, 'soon gone', 'PX', 150);
    expect(await r.get(key)).toBe('soon gone');

    // Redis checks expiry on access, so a read after the deadline is deterministic.
    await sleep(400);
    expect(await r.get(key)).toBeNull();
    expect(await r.exists(key)).toBe(0);
    expect(await r.pttl(key)).toBe(-2); // -2: no such key
  });
});
