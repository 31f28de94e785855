import { describe, expect, it } from 'vitest';

import { FINISHED_PARENTS, ParentOrders } from '../../src/engine/parent-orders.js';
import type { ExecutionReport } from '../../src/engine/types.js';

const fill = (clientOrderId: string, time: number, qty: number, price: number): ExecutionReport => ({
  kind: 'fill',
  clientOrderId,
  symbol: 'BTC',
  time,
  price,
  qty,
  fee: 0,
  liquidity: 'taker',
  leavesQty: 0,
  reason: null,
});

/** Works a one-slice market TWAP parent to completion: its child filled at once. */
function complete(parents: ParentOrders, id: string, now: number): void {
  parents.start(id, 'BTC', 'buy', 1, { algorithm: 'twap', slices: 1, durationMs: 1_000, style: 'market' }, now);
  const submit = parents.step('BTC', now, 99, 101, 0).submit.filter((o) => o.clientOrderId.startsWith(`${id}.`));
  expect(submit).toHaveLength(1);
  parents.onReport(fill(submit[0]!.clientOrderId, now, 1, 100));
  // The next step sees it done and stops working it.
  expect(parents.step('BTC', now + 1, 99, 101, 0).finished).toEqual([id]);
}

describe('engine ParentOrders: finished parents kept', () => {
  it('answers for the last finished parents, the first to finish forgotten first', () => {
    const parents = new ParentOrders(2);
    for (const [k, id] of ['p1', 'p2', 'p3'].entries()) complete(parents, id, 1_000 * k);
    expect(parents.status('p3')).toEqual({ status: 'completed', filled: 1, remaining: 0 });
    expect(parents.status('p2')).toEqual({ status: 'completed', filled: 1, remaining: 0 });
    // Forgotten: undefined, exactly as for an id never started.
    expect(parents.status('p1')).toBeUndefined();
    expect(parents.status('nope')).toBeUndefined();
    // A late report on a forgotten parent's child is no longer routed; a kept one's still is.
    expect(parents.onReport(fill('p1.0', 5_000, 1, 100))).toBeUndefined();
    expect(parents.onReport(fill('p3.0', 5_000, 1, 100))).toBe('p3');
    expect(parents.has('BTC')).toBe(false);
  });

  it('never forgets a parent still being worked, and keeps 1,000 finished ones by default', () => {
    const parents = new ParentOrders();
    expect(FINISHED_PARENTS).toBe(1_000);
    parents.start('long', 'BTC', 'buy', 10, { algorithm: 'twap', slices: 10, durationMs: 1e9, style: 'market' }, 0);
    for (let k = 0; k < FINISHED_PARENTS + 5; k++) complete(parents, `p${k}`, k);
    expect(parents.status('long')?.status).toBe('running');
    expect(parents.status('p4')).toBeUndefined();
    expect(parents.status('p5')?.status).toBe('completed');
    expect(parents.status(`p${FINISHED_PARENTS + 4}`)?.status).toBe('completed');
  });
});
