import { describe, expect, it } from 'vitest';

import { marketEventSchema } from '../../src/events/index.js';
import { fastCheck } from '../../src/events/fast-check.js';

const base = { venue: 'binance-spot', symbol: 'BTCUSDT', exchangeTime: 1_723_161_255_342, receiveTime: 1_723_161_254_087.9 };
const VALID: Record<string, unknown>[] = [
  { type: 'trade', ...base, tradeId: '1', price: 61_837.63, qty: 0.02, side: 'sell' },
  { type: 'quote', ...base, exchangeTime: null, bidPrice: 10, bidQty: 0, askPrice: 10.5, askQty: 3, updateId: 7 },
  { type: 'quote', ...base, bidPrice: 10, bidQty: 1, askPrice: 10.5, askQty: 3, updateId: null },
  { type: 'book_delta', ...base, firstUpdateId: 5, finalUpdateId: 9, prevFinalUpdateId: null, bids: [[10, 0]], asks: [[11, 2]] },
  { type: 'book_snapshot', ...base, lastUpdateId: 3, bids: [[10, 1], [9, 2]], asks: [] },
  { type: 'bar', ...base, timeframe: '15m', openTime: 0, open: 2, high: 3, low: 1, close: 2.5, volume: 0 },
];

/** Values that break one rule or another, to substitute into every field. */
const ODD: unknown[] = [
  undefined, null, 0, -0, -1, 1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '', 'x', '1m', '0m', 'buy',
  true, [], {}, [[1, 2]], [[1, 2, 3]], [[0, 1]], [[1, -1]], [['1', 2]], [1, 2], 'trade', 'bar',
];

function agree(value: unknown): void {
  const zod = marketEventSchema.safeParse(value);
  const fast = fastCheck(value);
  if (fast !== undefined) {
    expect(zod.success, JSON.stringify(value)).toBe(true);
    expect(fast).toEqual(zod.data);
  }
  // Completeness (for speed, not correctness): a valid value with exactly the schema's keys takes the fast path.
  if (zod.success && Object.keys(value as object).length === Object.keys(zod.data).length) {
    expect(fast, JSON.stringify(value)).toBeDefined();
  }
}

describe('fast edge check', () => {
  it('agrees with the zod schema on every single-field mutation of every event kind', () => {
    let cases = 0;
    for (const valid of VALID) {
      agree(valid);
      for (const key of [...Object.keys(valid), 'extra']) {
        for (const odd of ODD) {
          agree({ ...valid, [key]: odd });
          cases += 1;
        }
        const without = { ...valid };
        delete without[key];
        agree(without);
      }
    }
    expect(cases).toBeGreaterThan(1_000);
  });

  it('agrees on random combinations of mutations', () => {
    let s = 12_345;
    const rand = (n: number) => {
      s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
      return s % n;
    };
    for (let i = 0; i < 5_000; i++) {
      const value: Record<string, unknown> = { ...(VALID[rand(VALID.length)] as Record<string, unknown>) };
      const keys = Object.keys(value);
      for (let m = rand(3); m >= 0; m--) value[keys[rand(keys.length)] as string] = ODD[rand(ODD.length)];
      agree(value);
    }
  });
});
