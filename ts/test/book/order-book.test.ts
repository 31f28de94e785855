import { describe, expect, it } from 'vitest';

import {
  book,
  CrossedBookError,
  InvalidInputError,
  NonFiniteError,
  OutOfRangeError,
  ResyncRequiredError,
} from '../../src/index.js';

function fresh(): book.OrderBook {
  const ob = new book.OrderBook({ tickSize: '0.01' });
  ob.applySnapshot({
    lastUpdateId: 100,
    bids: [
      ['100.00', '5'],
      ['99.99', '1'],
      ['99.90', '2'],
    ],
    asks: [
      ['100.02', '4'],
      [100.03, 6],
      ['100.10', '10'],
    ],
  });
  return ob;
}

describe('book.OrderBook', () => {
  it('answers the book queries', () => {
    const ob = fresh();
    expect(ob.bestBid()).toEqual({ price: 100, qty: 5 });
    expect(ob.bestAsk()).toEqual({ price: 100.02, qty: 4 });
    expect(ob.mid).toBe(100.01);
    expect(ob.spread).toBeCloseTo(0.02, 12);
    expect(ob.top('ask', 2)).toEqual({ price: new Float64Array([100.02, 100.03]), qty: new Float64Array([4, 6]) });
    expect([...ob.levels('bid')].map((l) => l.price)).toEqual([100, 99.99, 99.9]);
    expect(ob.depth('bid')).toBe(3);
    expect(ob.depthWithin('bid', 0.01)).toBe(6);
    expect(ob.depthWithin('ask', 0.08)).toBe(20);
    const fill = ob.walk('ask', 7);
    expect(fill.complete).toBe(true);
    expect(fill.levels).toBe(2);
    expect(fill.avgPrice).toBeCloseTo((4 * 100.02 + 3 * 100.03) / 7, 12);
    expect(fill.worstPrice).toBe(100.03);
    expect(ob.walk('bid', 100)).toMatchObject({ filledQty: 8, complete: false });
    expect(ob.imbalance(1)).toBeCloseTo(1 / 9, 15);
    expect(ob.lastUpdateId).toBe(100);
  });

  it('applies Binance diffs with sequence checks', () => {
    const ob = fresh();
    expect(ob.applyDiff({ U: 90, u: 100, b: [['100.00', '9']], a: [] })).toBe('stale');
    expect(ob.applyDiff({ U: 95, u: 103, b: [['100.01', '3']], a: [] })).toBe('applied');
    expect(ob.bestBid()).toEqual({ price: 100.01, qty: 3 });
    expect(ob.applyDiff({ firstUpdateId: 104, lastUpdateId: 104, bids: [['100.01', '0']], asks: [] })).toBe('applied');
    expect(ob.bestBid()!.price).toBe(100);
    expect(() => ob.applyDiff({ U: 110, u: 111, b: [], a: [] })).toThrow(ResyncRequiredError);
    expect(ob.needsResync).toBe(true);
  });

  it('reports bad input with typed errors, changing nothing', () => {
    expect(() => new book.OrderBook({ tickSize: 0 })).toThrow(OutOfRangeError);
    expect(() => new book.OrderBook({ tickSize: -0.01 })).toThrow(OutOfRangeError);
    expect(() => new book.OrderBook({ tickSize: 0.01, market: 'margin' as 'spot' })).toThrow(InvalidInputError);
    const ob = fresh();
    expect(() => ob.applyDiff({ U: 101, u: 101, b: [['100.01', 'NaN']], a: [] })).toThrow(NonFiniteError);
    expect(() => ob.applyDiff({ U: 101, u: 101, b: [['100.01', '-1']], a: [] })).toThrow(OutOfRangeError);
    expect(() => ob.applyDiff({ U: 101, u: 101, b: [['100.015', '1']], a: [] })).toThrow(InvalidInputError);
    expect(ob.lastUpdateId).toBe(100);
    expect(() => ob.setLevel('bid', 100, Number.NaN)).toThrow(NonFiniteError);
    expect(() => ob.walk('ask', 0)).toThrow(OutOfRangeError);
    expect(() =>
      new book.OrderBook({ tickSize: '0.01' }).applySnapshot({ lastUpdateId: 1, bids: [['10', '1']], asks: [['9', '1']] }),
    ).toThrow(CrossedBookError);
    expect(() =>
      ob.applyDeltas({ side: new Uint8Array([0, 1]), price: new Float64Array([1, 2]), qty: new Float64Array([1]) }),
    ).toThrow(InvalidInputError);
    expect(() =>
      ob.applyDeltas({ side: new Uint8Array([3]), price: new Float64Array([1]), qty: new Float64Array([1]) }),
    ).toThrow(InvalidInputError);
  });

  it('reports a crossing diff and keeps the venue state', () => {
    const ob = fresh();
    expect(() => ob.applyDiff({ U: 101, u: 101, b: [['100.05', '1']], a: [] })).toThrow(CrossedBookError);
    expect(ob.isCrossed).toBe(true);
    ob.applyDiff({ U: 102, u: 102, b: [['100.05', '0']], a: [] });
    expect(ob.isCrossed).toBe(false);
  });

  it('batch deltas without ids edit a simulator book', () => {
    const ob = new book.OrderBook({ tickSize: 0.5 });
    const r = ob.applyDeltas(
      {
        side: new Uint8Array([0, 0, 1, 1, 0]),
        priceTicks: new Float64Array([200, 199, 202, 203, 199]),
        qty: new Float64Array([1, 2, 3, 4, 0]),
        eventEnd: new Uint32Array([4, 5]),
      },
      { record: true },
    );
    expect(r).toMatchObject({ events: 2, applied: 2 });
    expect(Array.from(r.bestBid!)).toEqual([100, 100]);
    expect(Array.from(r.bestAskQty!)).toEqual([3, 3]);
    expect(ob.depth('bid')).toBe(1);
    // Before any snapshot a sequenced diff is buffered, not applied.
    expect(new book.OrderBook({ tickSize: '0.01' }).applyDiff({ U: 1, u: 2, b: [], a: [] })).toBe('buffered');
    expect(book.priceToTicks('0.01', ['61837.63000000', 0.3])).toEqual(new Float64Array([6183763, 30]));
    expect(() => book.priceToTicks('0.01', ['1.001'])).toThrow(InvalidInputError);
  });
});

describe('book.OrderBook: counts are checked, never truncated or wrapped', () => {
  it('refuses NaN, negative and fractional counts with OutOfRangeError', () => {
    const ob = fresh();
    expect(ob.top('bid', 2).price).toEqual(Float64Array.of(100, 99.99));
    expect(ob.top('bid', 1e12).price).toHaveLength(3); // more than the book holds: all of it
    for (const bad of [NaN, -1, 1.5]) {
      expect(() => ob.top('bid', bad)).toThrow(OutOfRangeError);
      expect(() => ob.imbalance(bad)).toThrow(OutOfRangeError);
      expect(() => new book.OrderBook({ tickSize: '0.01', maxPending: bad })).toThrow(OutOfRangeError);
    }
    expect(() => ob.imbalance(0)).toThrow(OutOfRangeError);
    expect(() => ob.imbalance(2, NaN)).toThrow(OutOfRangeError);
  });
});
