import { describe, expect, it } from 'vitest';

import { execution, InvalidInputError, NonFiniteError, OutOfRangeError, UnorderedError } from '../../src/index.js';

const f64 = (...xs: number[]) => Float64Array.from(xs);
const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);

describe('execution schedules', () => {
  it('twap: base lots plus the remainder on the first slices', () => {
    const s = execution.twap({ quantity: 1030, slices: 4, start: 0, end: 4000, lotSize: 10 });
    expect([...s.quantities]).toEqual([260, 260, 260, 250]);
    expect([...s.times]).toEqual([0, 1000, 2000, 3000]);
    const a = execution.twap({ quantity: 100, slices: 10, start: 0, end: 1000, jitter: { seed: 7, fraction: 1 } });
    const b = execution.twap({ quantity: 100, slices: 10, start: 0, end: 1000, jitter: { seed: 7, fraction: 1 } });
    expect(a.times).toEqual(b.times);
    a.times.forEach((t, i) => expect(t >= i * 100 && t < (i + 1) * 100).toBe(true));
  });

  it('vwap follows a profile built from bars', () => {
    const h = 3_600_000;
    const day = 24 * h;
    const px = f64(1, 1, 1, 1);
    const bars = { time: f64(h, 13 * h, day + h, day + 13 * h), open: px, high: px, low: px, close: px, volume: f64(10, 30, 20, 40) };
    const profile = execution.volumeProfile(bars, 4);
    expect(profile.days).toBe(2);
    expect([...profile.weights]).toEqual([0.3, 0, 0.7, 0]);
    expect([...profile.meanVolume]).toEqual([15, 0, 35, 0]);
    const s = execution.vwap({ quantity: 100, weights: profile.weights, start: 0, end: 4 });
    expect([...s.quantities]).toEqual([30, 0, 70, 0]);
    expect(() => execution.volumeProfile({ ...bars, time: undefined }, 4)).toThrow(InvalidInputError);
  });

  it('pov and iceberg', () => {
    expect([...execution.pov({ quantity: 1000, rate: 0.2, maxChild: 30, othersVolume: f64(400, 0, 0, 0) })]).toEqual([30, 30, 30, 10]);
    const clips = execution.iceberg({ quantity: 103, display: 10, variance: 0.3, seed: 3, minQty: 5 });
    expect(sum(clips)).toBe(103);
    expect(clips.every((c) => c >= 5)).toBe(true);
  });

  it('almgrenChriss reproduces the paper example and the TWAP limit', () => {
    const paper = { shares: 1e6, horizon: 5, periods: 5, sigma: 0.95, eta: 2.5e-6, gamma: 2.5e-7, epsilon: 0.0625, lambda: 1e-6 };
    const r = execution.almgrenChriss(paper);
    expect(r.kappa).toBeCloseTo(Math.acosh(1.19), 12);
    expect(r.holdings[0]).toBe(1e6);
    expect(r.holdings[5]).toBe(0);
    expect(sum(r.trades)).toBeCloseTo(1e6, 6);
    expect(r.trades[0]!).toBeGreaterThan(r.trades[4]!);
    const twap = execution.almgrenChriss({ ...paper, lambda: 0 });
    expect([...twap.trades]).toEqual([200_000, 200_000, 200_000, 200_000, 200_000]);
    expect(twap.expectedCost).toBeCloseTo(662_500, 6);
    expect(twap.variance).toBeCloseTo(1.083e12, 0);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => execution.twap({ quantity: -5, slices: 2, start: 0, end: 1 })).toThrow(OutOfRangeError);
    expect(() => execution.twap({ quantity: 5, slices: 2, start: 2, end: 1 })).toThrow(UnorderedError);
    expect(() => execution.twap({ quantity: 5.5, slices: 2, start: 0, end: 1 })).toThrow(InvalidInputError);
    expect(() => execution.twap({ quantity: 5, slices: 2, start: 0, end: 1, minQty: 10 })).toThrow(InvalidInputError);
    expect(() => execution.vwap({ quantity: 5, weights: f64(1, NaN), start: 0, end: 1 })).toThrow(NonFiniteError);
    expect(() => execution.almgrenChriss({ shares: 1, horizon: 1, periods: 1, sigma: NaN, eta: 1, gamma: 0, epsilon: 0, lambda: 0 })).toThrow(NonFiniteError);
  });
});
