import { describe, expect, it } from 'vitest';

import { risk, stats, EmptyInputError, InvalidInputError, NonFiniteError, OutOfRangeError } from '../../src/index.js';
import { goldenRows } from '../support/golden.js';

function close(got: number | null, expected: number): boolean {
  if (Number.isNaN(expected)) return got === null || Number.isNaN(got);
  return got !== null && Math.abs(got - expected) <= 1e-10 * Math.max(Math.abs(expected), 1e-6);
}

describe('stats against empyrical (golden values from scripts/golden/empyrical_stats.py)', () => {
  const rows = goldenRows('empyrical_stats.txt');
  const series = new Map(rows.filter((r) => r[0] === 'series').map((r) => [r[1]!, Float64Array.from(r[2]!.split(' '), Number)]));

  it('every metric, every series, every annualisation', () => {
    const misses: string[] = [];
    let checked = 0;
    for (const [name, id, p, rf, mar, req, expectedText] of rows.filter((r) => r[0] !== 'series')) {
      const xs = series.get(id!)!;
      const o = { periodsPerYear: Number(p), riskFree: Number(rf), mar: Number(mar), requiredReturn: Number(req) };
      if (name!.startsWith('roll_')) {
        const expected = expectedText!.split(' ').map(Number);
        const metric = name === 'roll_sharpe_30' ? 'sharpe' : 'maxDrawdown';
        const got = stats.rolling(xs, metric, { window: 30, ...o });
        expected.forEach((e, t) => {
          if (!close(got[t]!, e)) misses.push(`${name} ${id} t=${t}: ${got[t]} vs ${e}`);
        });
        checked++;
        continue;
      }
      const expected = Number(expectedText);
      const got: Record<string, () => number | null> = {
        sharpe: () => stats.sharpe(xs, o),
        sortino: () => stats.sortino(xs, o),
        annual_return: () => stats.annualReturn(xs, o),
        annual_volatility: () => stats.annualVolatility(xs, o),
        max_drawdown: () => stats.maxDrawdown(xs).maxDrawdown,
        calmar: () => stats.calmar(xs, o),
        omega: () => stats.omega(xs, o),
        tail_ratio: () => stats.tailRatio(xs),
        skewness: () => stats.skewness(xs),
        kurtosis: () => stats.kurtosis(xs),
        value_at_risk: () => -risk.historicalVar(xs, { alpha: 0.05 }),
        conditional_value_at_risk: () => -risk.historicalEs(xs, { alpha: 0.05, convention: 'empyrical' }),
      };
      const value = got[name!]!();
      if (!close(value, expected)) misses.push(`${name} ${id} ${p}: ${value} vs ${expected}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(240);
    expect(misses).toEqual([]);
  });
});

describe('stats drawdown, trades and rolling', () => {
  it('counts the initial wealth and flags open drawdowns', () => {
    expect(stats.maxDrawdown(new Float64Array([-0.1, 0.05, 0.1, -0.02]))).toEqual({
      maxDrawdown: expect.closeTo(-0.1, 15) as number,
      peak: 0,
      trough: 1,
      recovery: 3,
      duration: 1,
      recoveryDuration: 3,
      open: false,
    });
    const open = stats.maxDrawdown(new Float64Array([0.1, -0.2, 0.05]));
    expect([open.peak, open.trough, open.recovery, open.open]).toEqual([1, 2, null, true]);
  });

  it('computes trade statistics', () => {
    const s = stats.tradeStats(new Float64Array([100, -50, 200, -50, 0]));
    expect(s).toMatchObject({ trades: 5, wins: 2, losses: 2, profitFactor: 3, winRate: 0.4, payoff: 3, expectancy: 40 });
    expect(s.kelly).toBeCloseTo(0.2, 15);
    expect(stats.tradeStats(new Float64Array([1, 2]))).toMatchObject({ profitFactor: null, payoff: null, kelly: null });
  });

  it('the live RollingStats snapshot equals the rolling series and the one-shot value', () => {
    const xs = Float64Array.from({ length: 120 }, (_, i) => Math.sin(i * 1.7) * 0.01 + 0.0005);
    const options = { window: 40, periodsPerYear: 365, riskFree: 0.0001 };
    const live = new stats.RollingStats(options);
    live.push(xs);
    const snap = live.snapshot();
    expect(snap.count).toBe(40);
    expect(snap.sharpe).toBe(stats.rolling(xs, 'sharpe', options)[119]);
    expect(snap.sharpe).toBe(stats.sharpe(xs.subarray(80), options));
    expect(snap.sortino).toBe(stats.sortino(xs.subarray(80), options));
    expect(snap.maxDrawdown).toBe(stats.maxDrawdown(xs.subarray(80)).maxDrawdown);
  });

  it('undefined ratios are null, never NaN', () => {
    const flat = new Float64Array([0.01, 0.01, 0.01]);
    expect(stats.sharpe(flat, { periodsPerYear: 252 })).toBeNull();
    expect(stats.calmar(flat, { periodsPerYear: 252 })).toBeNull();
    expect(stats.skewness(flat)).toBeNull();
  });

  it('rejects bad input with typed errors', () => {
    const xs = new Float64Array([0.01, -0.02, 0.03]);
    expect(() => stats.sharpe(new Float64Array([0.1]), { periodsPerYear: 252 })).toThrow(EmptyInputError);
    expect(() => stats.sharpe(new Float64Array([0.1, NaN, 0.2]), { periodsPerYear: 252 })).toThrow(NonFiniteError);
    expect(stats.sharpe(new Float64Array([0.1, NaN, 0.2]), { periodsPerYear: 252, nan: 'skip' })).not.toBeNull();
    expect(() => stats.sharpe(xs, { periodsPerYear: 0 })).toThrow(OutOfRangeError);
    expect(() => stats.sharpe(xs, {} as stats.Annualised)).toThrow(InvalidInputError);
    expect(() => stats.rolling(xs, 'sharp' as stats.Metric, { window: 2, periodsPerYear: 252 })).toThrow(InvalidInputError);
    expect(() => stats.omega(xs, { periodsPerYear: 252, requiredReturn: -1 })).toThrow(OutOfRangeError);
    expect(() => stats.maxDrawdown(new Float64Array())).toThrow(EmptyInputError);
  });
});
