import { describe, expect, it } from 'vitest';

import { RecentIds } from '../../src/engine/recent-ids.js';

describe('engine RecentIds', () => {
  it('remembers the last `capacity` ids and forgets the oldest first', () => {
    const r = new RecentIds(3);
    for (const id of ['a', 'b', 'c']) r.add(id);
    expect(['a', 'b', 'c'].every((id) => r.has(id))).toBe(true);
    r.add('b'); // already there: nothing moves
    r.add('d');
    expect(r.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every((id) => r.has(id))).toBe(true);
    for (let i = 0; i < 1_000; i++) r.add(`x${i}`);
    expect(r.size).toBe(3);
    expect(r.has('x999') && r.has('x997') && !r.has('x996')).toBe(true);
  });
});
