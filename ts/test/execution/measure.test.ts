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
  });

  it('slippage against arrival and interval VWAP', () => {
    const vwap = execution.intervalVwap(Float64Array.of(100, 110), Float64Array.of(3, 1));
    expect(vwap).toBe(102.5);
    expect(execution.slippageBps('sell', 102, vwap)).toBeCloseTo(48.78, 2);
    expect(() => execution.slippageBps('hold' as 'buy', 1, 1)).toThrow(InvalidInputError);
    expect(() => execution.intervalVwap(Float64Array.of(NaN), Float64Array.of(1))).toThrow(NonFiniteError);
  });
});
