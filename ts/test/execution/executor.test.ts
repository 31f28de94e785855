import { describe, expect, it } from 'vitest';

import { CrossedBookError, execution, InvalidInputError, InvalidStateError, NotFoundError, UnorderedError } from '../../src/index.js';

describe('execution.Executor', () => {
  it('works a TWAP: slices, drift replace after the ack, completion', () => {
    const ex = new execution.Executor({ algorithm: 'twap', side: 'buy', quantity: 50, start: 0, end: 2000, slices: 2 });
    ex.onQuote(0, 99, 101);
    const [first] = ex.step(0);
    expect(first).toEqual({ kind: 'new', childId: 1, quantity: 25, price: 99 });
    ex.onFill(10, 1, 25, 99);
    ex.onQuote(900, 99.5, 101);
    expect(ex.step(1000)).toEqual([{ kind: 'new', childId: 2, quantity: 25, price: 99.5 }]);
    ex.onQuote(1100, 99.7, 101);
    expect(ex.step(1100)).toEqual([{ kind: 'cancel', childId: 2, quantity: 25, price: 99.5 }]);
    ex.onCancelAck(1150, 2);
    const [replacement] = ex.step(1200);
    expect(replacement).toMatchObject({ kind: 'new', quantity: 25, price: 99.7 });
    ex.onFill(1300, replacement!.childId, 25, 99.7);
    expect(ex.status).toBe('completed');
    expect(ex.averagePrice).toBeCloseTo(99.35, 12);
    const reasons = ex.audit().map((d) => `${d.kind}:${d.reason}`);
    expect(reasons).toContain('cancel-child:drift');
    expect(reasons.at(-1)).toBe('status:completed');
    expect(() => ex.step(1400)).toThrow(InvalidStateError);
    expect(() => ex.onFill(1400, 3, 1, 100)).toThrow(InvalidStateError);
  });

  it('pov, iceberg and dynamic vwap', () => {
    const pov = new execution.Executor({ algorithm: 'pov', side: 'sell', quantity: 1000, start: 0, end: 10_000, rate: 0.2, style: 'market' });
    pov.onVolume(5, 400);
    expect(pov.step(5)).toEqual([{ kind: 'new', childId: 1, quantity: 100 }]);
    expect(pov.step(10_000)[0]).toMatchObject({ kind: 'cancel', childId: 1 });
    expect(pov.status).toBe('expired');

    const ice = new execution.Executor({ algorithm: 'iceberg', side: 'buy', quantity: 25, start: 0, end: 10, display: 10, limit: 100 });
    ice.onQuote(0, 99, 101);
    expect(ice.step(0)).toEqual([{ kind: 'new', childId: 1, quantity: 10, price: 99 }]);
    expect(ice.step(1)).toEqual([]);

    const profile = { weights: Float64Array.of(0.5, 0.5), meanVolume: Float64Array.of(100, 100) };
    const vwap = new execution.Executor({ algorithm: 'vwap', side: 'buy', quantity: 100, start: 0, end: 4000, profile, dynamic: true, style: 'market' });
    vwap.onVolume(1000, 150);
    expect(vwap.step(1000)[0]?.quantity).toBe(50);
  });

  it('rejects bad events with typed errors', () => {
    const ex = new execution.Executor({ algorithm: 'twap', side: 'buy', quantity: 10, start: 0, end: 10, slices: 2 });
    expect(() => ex.onQuote(1, 101, 100)).toThrow(CrossedBookError);
    ex.onQuote(2, 99, 100);
    expect(() => ex.step(1)).toThrow(UnorderedError);
    expect(() => ex.onFill(3, 42, 1, 100)).toThrow(NotFoundError);
    expect(() => new execution.Executor({ algorithm: 'twap', side: 'buy', quantity: 0, start: 0, end: 10, slices: 2 })).toThrow(InvalidInputError);
    expect(() => new execution.Executor({ algorithm: 'nope' as 'pov', side: 'buy', quantity: 1, start: 0, end: 10, rate: 0.1 })).toThrow(InvalidInputError);
    ex.cancel(5);
    expect(ex.status).toBe('cancelled');
    expect(() => ex.cancel(6)).toThrow(InvalidStateError);
  });
});
