import { describe, expect, it } from 'vitest';

import { UnavailableError } from '../../src/errors.js';
import { PgliteStore } from '../../src/store/pglite.js';
import { PgliteProcessExecutor } from '../../src/store/pglite-process.js';

const T0 = Date.UTC(2024, 7, 8, 23, 55);
const order = (id: string) => ({ table: 'orders' as const, row: { clientOrderId: id, time: T0, symbol: 'BTCUSDT', side: 'buy' as const, orderType: 'market', qty: 1, price: null, status: 'submitted', venue: 'sim' } });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('PgliteStore in its own process (the default)', () => {
  it('runs the database in a child process that exits with close()', async () => {
    const store = new PgliteStore();
    const pid = store.pid!;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    await store.migrate();
    await store.insert([order('a'), order('b')]);
    expect(await store.countRows('orders')).toBe(2);
    expect(await store.sentClientOrderIds()).toEqual(['a', 'b']);
    await store.close();
    expect(alive(pid)).toBe(false);
  });

  it('keeps statements of a transaction together and rolls back a failed one', async () => {
    const db = new PgliteProcessExecutor({});
    try {
      await db.exec('create table t (x int primary key)');
      const inTx = db.transaction(async (tx) => {
        await tx.query('insert into t values (1)');
        await new Promise((r) => setTimeout(r, 20));
        await tx.query('insert into t values (1)'); // duplicate key: the whole transaction fails
      });
      // Sent while the transaction is open: it must run after it, not inside it.
      const outside = db.query('insert into t values (2)');
      await expect(inTx).rejects.toThrow(/duplicate key/);
      await outside;
      expect(await db.query<{ x: number }>('select x from t order by x')).toEqual([{ x: 2 }]);
      const d = await db.query<{ d: Date }>('select $1::timestamptz as d', [new Date(T0)]);
      expect(d[0]!.d).toBeInstanceOf(Date);
      expect(d[0]!.d.getTime()).toBe(T0);
    } finally {
      await db.close();
    }
  });

  it('answers UnavailableError, not a hang, when the journal process dies', async () => {
    const store = new PgliteStore();
    await store.migrate();
    const pid = store.pid!;
    process.kill(pid, 'SIGKILL');
    await expect(store.insert([order('c')])).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(UnavailableError);
    await store.close();
  });

  it('still runs inline when asked', async () => {
    const store = new PgliteStore({ isolation: 'inline' });
    try {
      expect(store.pid).toBeUndefined();
      await store.migrate();
      await store.insert([order('x')]);
      expect(await store.countRows('orders')).toBe(1);
    } finally {
      await store.close();
    }
  });
});
