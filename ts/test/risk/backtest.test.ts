import { describe, expect, it } from 'vitest';

import { risk, LengthMismatchError, OutOfRangeError, InvalidInputError } from '../../src/index.js';
import { goldenRows, relClose } from '../support/golden.js';

describe('risk backtests', () => {
  it('match the scipy reference (Kupiec POF, Christoffersen, chi-square p-values)', () => {
    const rows = goldenRows('scipy_reference.txt').filter((r) => r[0] === 'backtest');
    expect(rows.length).toBe(4);
    for (const [, args, expected] of rows) {
      const [alphaText, bits] = args!.split(' ');
      const alpha = Number(alphaText);
      const e = Uint8Array.from(bits!, (c) => Number(c));
      const [pof, pofP, ind, indP, ccP] = expected!.split(' ').map(Number);
      const k = risk.kupiecPof(e, alpha);
      const c = risk.christoffersen(e, alpha);
      expect(relClose(k.statistic, pof!, 1e-10)).toBe(true);
      expect(relClose(k.pValue, pofP!, 1e-10)).toBe(true);
      expect(relClose(c.independence.statistic, ind!, 1e-10) || ind === 0).toBe(true);
      expect(relClose(c.independence.pValue, indP!, 1e-10)).toBe(true);
      expect(relClose(c.conditionalCoverage.pValue, ccP!, 1e-10)).toBe(true);
      expect(c.conditionalCoverage.df).toBe(2);
      expect(c.n00 + c.n01 + c.n10 + c.n11).toBe(e.length - 1);
    }
  });

  it('finds exceptions where the loss exceeds the VaR and runs TUFF', () => {
    const e = risk.exceptions(new Float64Array([-0.03, -0.01, 0.02, -0.05]), new Float64Array([0.02, 0.02, 0.02, 0.02]));
    expect(Array.from(e)).toEqual([1, 0, 0, 1]);
    const t = risk.tuff([false, false, true], 0.05);
    expect(t.firstFailure).toBe(3);
    expect(t.test!.statistic).toBeGreaterThan(0);
    expect(risk.tuff([false, false], 0.05)).toEqual({ firstFailure: null, test: null });
  });

  it('gives the Basel traffic light for 250 days at 99% and from the binomial CDF otherwise', () => {
    const zones = Array.from({ length: 12 }, (_, x) => risk.baselTrafficLight(x).zone);
    expect(zones).toEqual([...Array(5).fill('green'), ...Array(5).fill('yellow'), 'red', 'red']);
    expect(Array.from({ length: 11 }, (_, x) => risk.baselTrafficLight(x).multiplier)).toEqual([
      3, 3, 3, 3, 3, 3.4, 3.5, 3.65, 3.75, 3.85, 4,
    ]);
    const general = risk.baselTrafficLight(9, 500, 0.01);
    expect(general.zone).toBe('yellow');
    expect(general.cumulativeProbability).toBeCloseTo(0.9688978933515121, 12);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => risk.exceptions(new Float64Array(2), new Float64Array(3))).toThrow(LengthMismatchError);
    expect(() => risk.kupiecPof(new Uint8Array([0, 2]), 0.01)).toThrow(InvalidInputError);
    expect(() => risk.kupiecPof([true], 0.99)).toThrow(OutOfRangeError);
    expect(() => risk.baselTrafficLight(300, 250)).toThrow(OutOfRangeError);
    expect(() => risk.baselTrafficLight(1.5, 250)).toThrow(OutOfRangeError);
  });
});
