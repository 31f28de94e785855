import { describe, expect, it } from 'vitest';

import { EmptyInputError, OutOfRangeError, stats } from '../../src/index.js';

describe('stats.equityReturns / stats.underwater', () => {
  it('turns an equity curve into simple returns that compound back to it', () => {
    const e = Float64Array.of(100, 110, 99, 99, 120);
    const r = stats.equityReturns(e);
    expect(r).toHaveLength(4);
    let w = e[0]!;
    r.forEach((x, i) => {
      w *= 1 + x;
      expect(w).toBeCloseTo(e[i + 1]!, 10);
    });
  });

  it('gives the drawdown from the running peak', () => {
    expect(Array.from(stats.underwater(Float64Array.of(100, 120, 90, 120, 130, 65)))).toEqual([0, 0, -0.25, 0, 0, -0.5]);
  });

  it('rejects curves it cannot turn into returns', () => {
    expect(() => stats.equityReturns(Float64Array.of(1))).toThrow(EmptyInputError);
    expect(() => stats.equityReturns(Float64Array.of(1, 0))).toThrow(OutOfRangeError);
  });
});
