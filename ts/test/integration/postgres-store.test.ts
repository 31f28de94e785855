import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { UnavailableError } from '../../src/errors.js';
import { PostgresStore, WriteBehindJournal, loadMigrations } from '../../src/store/index.js';
import { TcpRelay, closedPort, serviceUrl, uniqueName, waitFor } from './service-env.js';

const DATABASE_URL = serviceUrl('DATABASE_URL', 'PostgresStore integration');

const order = (i: number) => ({
  clientOrderId: `o-${i}`,
  time: 1_723_161_300_000 + i,
  symbol: i % 2 ? 'BTCUSDT' : 'ETHUSDT',
  side: (i % 2 ? 'buy' : 'sell') as 'buy' | 'sell',
  orderType: 'limit',
  qty: 0.01,
  price: 60_000 + i,
  status: 'new',
  venue: 'sim',
  details: { i },
});

/** The same database reached through another host:port. */
function viaPort(url: string, port: number): string {
  const u = new URL(url);
  u.host = `127.0.0.1:${port}`;
  return u.toString();
}

describe.skipIf(!DATABASE_URL)('PostgresStore on a real PostgreSQL', () => {
  const url = DATABASE_URL as string;
  const schemas: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'smc-pg-'));
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates in its own schema, records versions, bulk-inserts idempotently with prepared statements, restores', async () => {
    const schema = uniqueName('smc_test');
    schemas.push(schema);
    const store = new PostgresStore({ url, schema, poolMax: 1 }); // one connection: its prepared statements are observable
    try {
      const versions = loadMigrations().map((m) => m.version);
      // Two migrators at once (two engines starting together): the advisory lock serialises them.
      const [a, b] = await Promise.all([store.migrate(), new PostgresStore({ url, schema }).migrate()]);
      expect([...a.applied, ...b.applied].sort()).toEqual(versions);
      const recorded = await store.pool.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(recorded.rows.map((r: { version: string }) => r.version)).toEqual(versions);
      const index = await store.pool.query(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'bars_symbol_timeframe_time_desc'`,
        [schema],
      );
      expect(index.rows[0]?.indexdef).toContain('(symbol, timeframe, "time" DESC)');
      const entries = Array.from({ length: 2_000 }, (_, i) => ({ table: 'orders' as const, row: order(i) }));
      await store.insert(entries);
      await store.insert(entries.slice(0, 700));
      expect(await store.countRows('orders')).toBe(2_000);
      const prepared = await store.pool.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'smc_insert_orders'`);
      expect(prepared.rows[0].n).toBe(1);
      await store.insert([
        { table: 'positions', row: { symbol: 'BTCUSDT', time: 1, qty: 1, avgPrice: 10, realizedPnl: 0, unrealizedPnl: 0 } },
        { table: 'positions', row: { symbol: 'BTCUSDT', time: 2, qty: 3, avgPrice: 11, realizedPnl: 1, unrealizedPnl: 2 } },
        { table: 'breaker_snapshots', row: { snapshotId: 'b1', time: 5, state: 'half_open', reason: 'cooldown' } },
      ]);
      expect(await store.latestPositions()).toEqual([
        { symbol: 'BTCUSDT', time: 2, qty: 3, avgPrice: 11, realizedPnl: 1, unrealizedPnl: 2 },
      ]);
      expect((await store.latestBreakerSnapshot())?.state).toBe('half_open');
    } finally {
      await store.close();
    }
  });

  it('reports an unreachable database as UnavailableError quickly', async () => {
    const store = new PostgresStore({ url: viaPort(url, await closedPort()), connectionTimeoutMs: 500 });
    const start = Date.now();
    await expect(store.ping()).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.insert([{ table: 'orders', row: order(1) }])).rejects.toBeInstanceOf(UnavailableError);
    expect(Date.now() - start).toBeLessThan(3_000);
    await store.close();
  });

  it('write-behind: database down mid-run -> spill file; back -> replayed; no journal row lost', async () => {
    const schema = uniqueName('smc_test');
    schemas.push(schema);
    const port = await closedPort();
    const relay = new TcpRelay(port, { host: new URL(url).hostname, port: Number(new URL(url).port || 5432) });
    await relay.start();
    const store = new PostgresStore({ url: viaPort(url, port), schema, connectionTimeoutMs: 500, statementTimeoutMs: 2_000 });
    const journal = new WriteBehindJournal(store, {
      spillPath: join(dir, `${schema}.jsonl`),
      batchSize: 200,
      flushIntervalMs: 10,
      retryIntervalMs: 100,
      maxAttempts: 2,
    });
    try {
      await store.migrate();
      for (let i = 0; i < 1_000; i++) journal.append('orders', order(i));
      await journal.flush();
      expect(await store.countRows('orders')).toBe(1_000);

      await relay.stop(); // the database "goes down" while orders keep coming
      for (let i = 1_000; i < 3_000; i++) journal.append('orders', order(i));
      await waitFor(() => journal.stats().spilled >= 2_000, 15_000, 'rows spilled');
      expect(journal.stats().databaseUp).toBe(false);

      await relay.start(); // and comes back
      await waitFor(() => journal.stats().replayed >= 2_000, 15_000, 'spill replayed');
      await journal.flush();
      expect(await store.countRows('orders')).toBe(3_000);
      const ids = await store.pool.query(`SELECT count(DISTINCT client_order_id)::int AS n FROM "${schema}".orders`);
      expect(ids.rows[0].n).toBe(3_000);
    } finally {
      await journal.close();
      await store.close();
      await relay.stop();
    }
  });
});
