import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { UnavailableError } from '../../src/errors.js';
import { createEngineMetrics } from '../../src/metrics/index.js';
import { PgliteStore, WriteBehindJournal, type JournalEntry, type Store } from '../../src/store/index.js';

/** A real PgliteStore behind a switch that makes it unreachable, as a database outage would. */
class Switchable implements Store {
  down = false;
  readonly name = 'switchable';
  constructor(readonly inner: PgliteStore) {}
  private guard(): void {
    if (this.down) throw new UnavailableError('database unreachable (switched off)');
  }
  migrate = () => this.inner.migrate();
  async insert(entries: readonly JournalEntry[]) {
    this.guard();
    return this.inner.insert(entries);
  }
  async ping() {
    this.guard();
    return this.inner.ping();
  }
  latestPositions = () => this.inner.latestPositions();
  latestBreakerSnapshot = () => this.inner.latestBreakerSnapshot();
  recentBars = (s: string, t: string, n: number) => this.inner.recentBars(s, t, n);
  countRows = (t: Parameters<Store['countRows']>[0]) => this.inner.countRows(t);
  sentClientOrderIds = (sinceMs?: number) => this.inner.sentClientOrderIds(sinceMs);
  close = () => this.inner.close();
}

const signal = (i: number) => ({
  signalId: `s-${i}`,
  time: 1_723_161_300_000 + i,
  symbol: 'BTCUSDT',
  action: 'hold' as const,
  confidence: 0.5,
});

describe('WriteBehindJournal on PGlite', () => {
  let pglite: PgliteStore;
  let dir: string;
  beforeAll(async () => {
    pglite = new PgliteStore();
    await pglite.migrate();
    dir = mkdtempSync(join(tmpdir(), 'smc-journal-'));
  });
  afterAll(async () => {
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns from append at once and writes everything in batches', async () => {
    const journal = new WriteBehindJournal(pglite, { spillPath: join(dir, 'a.jsonl'), batchSize: 100, flushIntervalMs: 5 });
    const start = performance.now();
    for (let i = 0; i < 1_000; i++) journal.append('signals', signal(i));
    expect(performance.now() - start).toBeLessThan(50); // no database round trip per row
    await journal.flush();
    expect(await pglite.countRows('signals')).toBe(1_000);
    expect(journal.stats()).toMatchObject({ queued: 0, written: 1_000, spilled: 0 });
    await journal.close();
  });

  it('spills to the append-only file while the database is down and replays it when back, losing nothing', async () => {
    const store = new Switchable(pglite);
    const spillPath = join(dir, 'b.jsonl');
    const metrics = createEngineMetrics();
    const journal = new WriteBehindJournal(store, {
      spillPath,
      batchSize: 64,
      flushIntervalMs: 5,
      retryIntervalMs: 30,
      maxAttempts: 2,
      metrics,
    });
    const before = await pglite.countRows('fills');
    store.down = true;
    for (let i = 0; i < 500; i++) {
      journal.append('fills', {
        fillId: `f-${i}`,
        clientOrderId: `o-${i}`,
        time: 1_723_161_300_000 + i,
        symbol: 'BTCUSDT',
        side: i % 2 ? 'buy' : 'sell',
        qty: 0.01,
        price: 61_000 + i,
        fee: 0,
        venue: 'sim',
        liquidity: null,
      });
    }
    await journal.flush();
    expect(journal.stats().databaseUp).toBe(false);
    expect(readFileSync(spillPath, 'utf8').trim().split('\n')).toHaveLength(500);
    expect(await metrics.registry.getSingleMetricAsString('smc_store_spilled_rows_total')).toContain('500');
    store.down = false;
    const deadline = Date.now() + 10_000;
    while (journal.stats().replayed < 500 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await pglite.countRows('fills')).toBe(before + 500);
    expect(journal.stats()).toMatchObject({ databaseUp: true, replayed: 500 });
    await journal.close();
  });
});
