import { randomUUID } from 'node:crypto';

import pg from 'pg';
import { describe, expect, it } from 'vitest';

import { serviceGate } from './services.js';

const gate = serviceGate('postgres', 'DATABASE_URL');

describe.skipIf(gate.skip)('postgres (DATABASE_URL)', () => {
  // One schema per run: isolated from other runs, and removed with everything in it by one DROP.
  const schema = `smc_it_${randomUUID().replaceAll('-', '')}`;

  const db = gate.use(
    async (url) => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
      } catch (err) {
        await client.end();
        throw err;
      }
      return client;
    },
    async (client) => {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  );

  it('creates a table, inserts parameterised rows and reads them back', async () => {
    const client = db();
    await client.query(`
      CREATE TABLE ${schema}.fills (
        id     bigserial PRIMARY KEY,
        symbol text          NOT NULL,
        ts     timestamptz   NOT NULL,
        price  numeric(20,8) NOT NULL,
        qty    bigint        NOT NULL
      )`);

    const fills: [string, Date, string, bigint][] = [
      ['BTCUSDT', new Date('2024-08-08T23:54:13.125Z'), '61234.50000000', 3n],
      ['EURUSD', new Date('2022-10-10T00:00:00.000Z'), '0.97020000', 2n ** 53n + 1n],
      // Parameters travel apart from the SQL text, so this is stored as plain data.
      ["x'); DROP TABLE fills; --", new Date('2024-01-01T00:00:00.000Z'), '1.00000000', 1n],
    ];
    for (const [symbol, ts, price, qty] of fills) {
      const res = await client.query(
        `INSERT INTO ${schema}.fills (symbol, ts, price, qty) VALUES ($1, $2, $3, $4)`,
        [symbol, ts, price, qty.toString()],
      );
      expect(res.rowCount).toBe(1);
    }

    const { rows } = await client.query<{ symbol: string; ts: Date; price: string; qty: string }>(
      `SELECT symbol, ts, price, qty FROM ${schema}.fills WHERE qty >= $1 ORDER BY id`,
      [1],
    );
    // numeric and bigint come back as strings: pg never rounds them through a JS number.
    expect(rows).toEqual(fills.map(([symbol, ts, price, qty]) => ({ symbol, ts, price, qty: qty.toString() })));

    const { rows: tables } = await client.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
      [schema],
    );
    expect(tables).toEqual([{ table_name: 'fills' }]);
  });
});
