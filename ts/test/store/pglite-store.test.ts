import { describe, expect, it } from 'vitest';

import { PgliteStore } from '../../src/store/pglite.js';
import { loadMigrations } from '../../src/store/migrations.js';
import type { JournalEntry } from '../../src/store/tables.js';

const T0 = Date.UTC(2024, 7, 8, 23, 55);

function sampleEntries(): JournalEntry[] {
  return [
    { table: 'orders', row: { clientOrderId: 'o-1', time: T0, symbol: 'BTCUSDT', side: 'buy', orderType: 'limit', qty: 0.5, price: 61_800.5, status: 'new', venue: 'sim', details: { tif: 'GTC' } } },
    { table: 'orders', row: { clientOrderId: 'o-2', time: T0 + 1, symbol: 'BTCUSDT', side: 'sell', orderType: 'market', qty: 0.1, price: null, status: 'new', venue: 'sim' } },
    { table: 'fills', row: { fillId: 'f-1', clientOrderId: 'o-1', time: T0 + 5, symbol: 'BTCUSDT', side: 'buy', qty: 0.5, price: 61_800.5, fee: 0.03, venue: 'sim', liquidity: 'maker' } },
    { table: 'positions', row: { symbol: 'BTCUSDT', time: T0 + 5, qty: 0.5, avgPrice: 61_800.5, realizedPnl: 0, unrealizedPnl: 0 } },
    { table: 'positions', row: { symbol: 'BTCUSDT', time: T0 + 9, qty: 0.4, avgPrice: 61_800.5, realizedPnl: 2.5, unrealizedPnl: -1 } },
    { table: 'positions', row: { symbol: 'ETHUSDT', time: T0 + 3, qty: -2, avgPrice: 2_600, realizedPnl: 0, unrealizedPnl: 4 } },
    { table: 'signals', row: { signalId: 's-1', time: T0, symbol: 'BTCUSDT', action: 'buy', confidence: 0.8, details: { perModel: [0.7, 0.9] } } },
    { table: 'risk_events', row: { eventId: 'r-1', time: T0 + 7, symbol: null, kind: 'drawdown', severity: 'warn', details: null } },
    { table: 'breaker_snapshots', row: { snapshotId: 'b-1', time: T0, state: 'closed', reason: null } },
    { table: 'breaker_snapshots', row: { snapshotId: 'b-2', time: T0 + 8, state: 'open', reason: 'loss limit', details: { loss: 1200 } } },
    { table: 'bars', row: { symbol: 'BTCUSDT', timeframe: '1m', time: T0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 } },
    { table: 'bars', row: { symbol: 'BTCUSDT', timeframe: '1m', time: T0 + 60_000, open: 1.5, high: 2, low: 1, close: 1.8, volume: 3 } },
    { table: 'bars', row: { symbol: 'BTCUSDT', timeframe: '1m', time: T0 + 60_000, open: 1.5, high: 2.2, low: 1, close: 2.1, volume: 7 } },
  ];
}

describe('PgliteStore', () => {
  it('applies the versioned migrations once and records them', async () => {
    const store = new PgliteStore();
    try {
      const versions = loadMigrations().map((m) => m.version);
      expect(versions[0]).toBe('0001');
      expect(await store.migrate()).toEqual({ applied: versions, alreadyApplied: [] });
      expect(await store.migrate()).toEqual({ applied: [], alreadyApplied: versions });
    } finally {
      await store.close();
    }
  });

  it('bulk-inserts idempotently, updates forming bars, and restores the latest state', async () => {
    const store = new PgliteStore();
    try {
      await store.migrate();
      await store.insert(sampleEntries());
      await store.insert(sampleEntries()); // a replayed batch changes nothing
      expect(await store.countRows('orders')).toBe(2);
      expect(await store.countRows('fills')).toBe(1);
      expect(await store.countRows('positions')).toBe(3);
      expect(await store.countRows('bars')).toBe(2);
      const positions = await store.latestPositions();
      expect(positions).toEqual([
        { symbol: 'BTCUSDT', time: T0 + 9, qty: 0.4, avgPrice: 61_800.5, realizedPnl: 2.5, unrealizedPnl: -1 },
        { symbol: 'ETHUSDT', time: T0 + 3, qty: -2, avgPrice: 2_600, realizedPnl: 0, unrealizedPnl: 4 },
      ]);
      expect(await store.latestBreakerSnapshot()).toEqual({
        snapshotId: 'b-2',
        time: T0 + 8,
        state: 'open',
        reason: 'loss limit',
        details: { loss: 1200 },
      });
      const bars = await store.recentBars('BTCUSDT', '1m', 5);
      expect(bars.map((b) => [b.time, b.close, b.volume])).toEqual([
        [T0 + 60_000, 2.1, 7],
        [T0, 1.5, 10],
      ]);
    } finally {
      await store.close();
    }
  });

  it('reads back the journaled client order ids, optionally from a time on', async () => {
    const db = new PgliteStore();
    try {
      await db.migrate();
      expect(await db.sentClientOrderIds()).toEqual([]);
      await db.insert(sampleEntries());
      await db.insert(sampleEntries()); // a second write of the batch adds no id
      expect(await db.sentClientOrderIds()).toEqual(['o-1', 'o-2']);
      expect(await db.sentClientOrderIds(T0 + 1)).toEqual(['o-2']);
    } finally {
      await db.close();
    }
  });
});
