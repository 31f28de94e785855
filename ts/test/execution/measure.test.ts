import { describe, expect, it } from 'vitest';

import { execution, InvalidInputError, NonFiniteError } from '../../src/index.js';

describe('execution measurement', () => {
  it('decomposes implementation shortfall', () => {
    const s = execution.implementationShortfall({
      side: 'buy',
      intended: 1000,
      decisionPrice: 100,
      arrivalPrice: 100.5,
      endPrice: 103,
      fillQty: Float64Array.of(400, 400),
      fillPrice: Float64Array.of(101, 102),
      fees: 10,
    });
    expect(s.delay).toBe(400);
    expect(s.trading).toBe(800);
    expect(s.opportunity).toBe(600);
    expect(s.total).toBeCloseTo(1810, 9);
    expect(s.totalBps).toBeCloseTo(181, 9);
    expect(s.averagePrice).toBe(101.5);
  });

  it('has no average price (null, not NaN) without fills', () => {
    const s = execution.implementationShortfall({
      side: 'buy',
      intended: 1000,
      decisionPrice: 100,
      arrivalPrice: 100.5,
      endPrice: 103,
      fillQty: new Float64Array(),
      fillPrice: new Float64Array(),
    });
    expect(s.averagePrice).toBeNull();
    expect(s.filled).toBe(0);
    expect(s.trading).toBe(0);
    expect(s.opportunity).toBe(3000);
  });

  it('slippage against arrival and interval VWAP', () => {
    const vwap = execution.intervalVwap(Float64Array.of(100, 110), Float64Array.of(3, 1));
    expect(vwap).toBe(102.5);
    expect(execution.slippageBps('sell', 102, vwap)).toBeCloseTo(48.78, 2);
    expect(() => execution.slippageBps('hold' as 'buy', 1, 1)).toThrow(InvalidInputError);
    expect(() => execution.intervalVwap(Float64Array.of(NaN), Float64Array.of(1))).toThrow(NonFiniteError);
  });

  it('sums the shortfall of a fill log in one call, equal to one call per fill', () => {
    const rows = {
      sign: Float64Array.of(1, -1),
      qty: Float64Array.of(2, 1.5),
      price: Float64Array.of(101, 99),
      fee: Float64Array.of(0.2, 0.1),
      decisionPrice: Float64Array.of(100, 100),
      arrivalPrice: Float64Array.of(100.5, 99.5),
      endPrice: Float64Array.of(101, 99),
    };
    const t = execution.shortfallOfFills(rows);
    const one = (i: number) =>
      execution.implementationShortfall({
        side: rows.sign[i]! > 0 ? 'buy' : 'sell',
        intended: rows.qty[i]!,
        decisionPrice: rows.decisionPrice[i]!,
        arrivalPrice: rows.arrivalPrice[i]!,
        endPrice: rows.endPrice[i]!,
        fillQty: rows.qty.subarray(i, i + 1),
        fillPrice: rows.price.subarray(i, i + 1),
        fees: rows.fee[i]!,
      });
    expect(t.fills).toBe(2);
    expect(t.total).toBe(one(0).total + one(1).total);
    expect(t.total).toBeCloseTo(3.8, 12);
    expect(t.totalBps).toBeCloseTo((3.8 / 350) * 1e4, 9);
    const empty = new Float64Array(0);
    expect(execution.shortfallOfFills({ sign: empty, qty: empty, price: empty, fee: empty, decisionPrice: empty, arrivalPrice: empty, endPrice: empty }).totalBps).toBeNull();
    expect(() => execution.shortfallOfFills({ ...rows, decisionPrice: Float64Array.of(100, -1) })).toThrow(/\[1\]/);
    expect(() => execution.shortfallOfFills({ ...rows, price: Float64Array.of(NaN, 99) })).toThrow(NonFiniteError);
  });
});
