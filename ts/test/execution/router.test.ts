import { describe, expect, it } from 'vitest';

import {
  CrossedBookError,
  execution,
  InvalidInputError,
  LengthMismatchError,
  NonFiniteError,
  NotFoundError,
  ResyncRequiredError,
} from '../../src/index.js';

const f64 = (xs: number[]) => Float64Array.from(xs);

/** n levels from `ask` upwards (bids from ask - 1 down), `qty` each. */
function book(ask: number, qty: number, n: number): execution.VenueBook {
  const steps = [...Array(n).keys()];
  return {
    bids: { price: f64(steps.map((i) => ask - 1 - i)), qty: f64(steps.map(() => qty)) },
    asks: { price: f64(steps.map((i) => ask + i)), qty: f64(steps.map(() => qty)) },
  };
}

const venues: execution.VenueConfig[] = [
  { name: 'A', takerFeeBps: 50, lotSize: 1 },
  { name: 'B', takerFeeBps: 1, lotSize: 1 },
];

describe('execution.Router', () => {
  it('merges books by fee-inclusive price', () => {
    const router = new execution.Router(venues);
    const r = router.route({ side: 'buy', quantity: 8 }, { A: book(100, 5, 3), B: book(100.1, 5, 3) });
    expect(r.children.map((c) => [c.venue, c.quantity])).toEqual([
      ['A', 3],
      ['B', 5],
    ]);
    expect(r.children[0]!.allIn).toBeCloseTo(300 * 1.005, 9);
    expect(r.quantity).toBe(8);
    expect(r.unfilled).toBe(0);
    expect(r.trace).toBeUndefined();
  });

  it('explains every allocation in the trace', () => {
    const router = new execution.Router([{ name: 'A', lotSize: 3 }, { name: 'B', lotSize: 1 }]);
    const r = router.route({ side: 'buy', quantity: 10 }, [book(100, 10, 2), book(100.5, 10, 2)], { trace: true });
    expect(r.children.map((c) => c.quantity)).toEqual([9, 1]);
    const actions = r.trace!.map((t) => t.action);
    expect(actions).toContain('rounded-to-lot');
    expect(actions).toContain('lot-top-up');
    expect(r.trace!.every((t) => t.text.length > 0)).toBe(true);
  });

  it('routes the one-shot form and a limit that is not marketable', () => {
    const r = execution.route({ side: 'sell', quantity: 5, limit: 200 }, [{ name: 'X', book: book(100, 10, 2) }]);
    expect(r.children).toEqual([]);
    expect(r.unfilled).toBe(5);
    expect(r.averagePrice).toBeNaN();
  });

  it('fill model with oversizing never sends more than the order', () => {
    const router = new execution.Router([{ name: 'slow', latencyMs: 50 }, { name: 'fast' }]);
    const r = router.route({ side: 'buy', quantity: 5 }, { slow: book(100, 10, 3), fast: book(100.2, 10, 3) }, { fillModel: { latencyDecayPerMs: 0.01 }, oversize: true });
    expect(r.quantity).toBeLessThanOrEqual(5 + 1e-9);
    expect(r.expectedFill).toBeLessThanOrEqual(r.quantity);
  });

  it('rejects bad input with typed errors', () => {
    const router = new execution.Router(venues);
    expect(() => router.route({ side: 'buy', quantity: 1 }, { nope: book(100, 1, 1) })).toThrow(NotFoundError);
    const crossed = book(100, 1, 2);
    crossed.bids.price[0] = 101;
    expect(() => router.route({ side: 'buy', quantity: 1 }, { A: crossed })).toThrow(CrossedBookError);
    const nan = book(100, 1, 2);
    nan.asks.price[1] = NaN;
    expect(() => router.route({ side: 'buy', quantity: 1 }, { A: nan })).toThrow(NonFiniteError);
    expect(() => router.route({ side: 'buy', quantity: -1 }, { A: book(100, 1, 1) })).toThrow(InvalidInputError);
    const stale = { ...book(100, 1, 1), ageMs: 5000 };
    expect(() => router.route({ side: 'buy', quantity: 1 }, [stale, { ...stale, sequenceGap: true }], { maxBookAgeMs: 1000 })).toThrow(ResyncRequiredError);
    expect(() => router.route({ side: 'buy', quantity: 1 }, [book(100, 1, 1)])).toThrow(LengthMismatchError);
    expect(() => new execution.Router([{ name: 'A' }, { name: 'A' }])).toThrow(InvalidInputError);
    expect(() => router.routePacked({ side: 'buy', quantity: 1 }, Float64Array.of(0, 0, 0, 5, 5))).toThrow(LengthMismatchError);
  });
});
