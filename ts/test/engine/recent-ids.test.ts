import { describe, expect, it } from 'vitest';

import { RecentOrders } from '../../src/engine/recent-ids.js';

describe('engine RecentOrders', () => {
  it('remembers the last `capacity` orders and forgets the oldest first', () => {
    const r = new RecentOrders<number>(3);
    r.set('a', 1);
    r.set('b', 2);
    r.set('c', 3);
    expect(['a', 'b', 'c'].map((id) => r.get(id))).toEqual([1, 2, 3]);
    r.set('b', 20); // already there: updated, nothing evicted
    expect(r.get('b')).toBe(20);
    r.set('d', 4);
    expect(r.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every((id) => r.has(id))).toBe(true);
    for (let i = 0; i < 1_000; i++) r.set(`x${i}`, i);
    expect(r.size).toBe(3);
    expect(r.has('x999') && r.has('x997') && !r.has('x996')).toBe(true);
  });
});
