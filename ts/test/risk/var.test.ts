import { describe, expect, it } from 'vitest';

import {
  risk,
  EmptyInputError,
  InvalidInputError,
  LengthMismatchError,
  NonFiniteError,
  OutOfRangeError,
  SingularMatrixError,
} from '../../src/index.js';
import { sharedDataAvailable } from '../support/paths.js';
import { edhecColumn, goldenRows, pseudoReturns, relClose } from '../support/golden.js';

const hasEdhec = sharedDataAvailable('edhec/edhec.csv', 'risk VaR/ES vs PerformanceAnalytics on edhec');

describe.skipIf(!hasEdhec)('risk VaR/ES on edhec (PerformanceAnalytics formulas)', () => {
  const r = edhecColumn(1, 100);
  const golden = new Map(goldenRows('performance_analytics_edhec.txt').map(([k, v]) => [k!, Number(v)]));
  const alpha = 0.05;

  it('agrees with PerformanceAnalytics historical, gaussian and modified VaR and ES to 1e-12', () => {
    const ours: Record<string, number> = {
      historical_var: risk.historicalVar(r, { alpha }),
      historical_es: risk.historicalEs(r, { alpha, convention: 'performance_analytics' }),
      gaussian_var: risk.gaussianVar(r, { alpha, ddof: 0 }),
      gaussian_es: risk.gaussianEs(r, { alpha, ddof: 0 }),
      modified_var: risk.modifiedVar(r, { alpha }),
      modified_es: risk.modifiedEs(r, { alpha }),
    };
    expect(Object.keys(ours).sort()).toEqual([...golden.keys()].sort());
    for (const [name, value] of Object.entries(ours)) {
      expect(relClose(value, golden.get(name)!, 1e-12), `${name}: ${value} vs ${golden.get(name)}`).toBe(true);
    }
  });

  it('reports positive losses: -VaR is the raw return quantile', () => {
    expect(risk.historicalVar(r, { alpha })).toBe(-risk.quantile(r, alpha));
    expect(risk.historicalVar(r, { alpha })).toBeGreaterThan(0);
  });

  it('gaussian ddof is explicit and matters', () => {
    const pop = risk.gaussianVar(r, { alpha, ddof: 0 });
    const sample = risk.gaussianVar(r, { alpha, ddof: 1 });
    expect(sample).toBeGreaterThan(pop);
  });
});

describe('risk historical ES conventions', () => {
  const xs = Float64Array.from({ length: 10 }, (_, i) => (i + 1) / 100 - 0.06); // -0.05 .. 0.04

  it('implements Acerbi-Tasche, empyrical and PerformanceAnalytics', () => {
    expect(risk.historicalEs(xs, { alpha: 0.25 })).toBeCloseTo(0.042, 15);
    expect(risk.historicalEs(xs, { alpha: 0.25, convention: 'empyrical' })).toBeCloseTo(0.04, 15);
    expect(risk.historicalEs(xs, { alpha: 0.25, convention: 'performance_analytics' })).toBeCloseTo(0.04, 15);
  });

  it('skips NaN only when asked', () => {
    const withNan = Float64Array.from([...xs, NaN]);
    expect(() => risk.historicalVar(withNan, { alpha: 0.1 })).toThrow(NonFiniteError);
    expect(risk.historicalVar(withNan, { alpha: 0.1, nan: 'skip' })).toBe(risk.historicalVar(xs, { alpha: 0.1 }));
    expect(() => risk.modifiedEs(withNan, { alpha: 0.1 })).toThrow(NonFiniteError);
    expect(risk.modifiedEs(withNan, { alpha: 0.1, nan: 'skip' })).toBe(risk.modifiedEs(xs, { alpha: 0.1 }));
  });
});

describe('risk EWMA and filtered historical VaR', () => {
  const xs = pseudoReturns(300, 3);

  it('ewmaVar is -z * sqrt of the last EWMA variance', () => {
    const v = risk.ewmaVariance(xs, { seedVariance: 1e-4 });
    expect(v.length).toBe(xs.length);
    let expected = 1e-4;
    for (const x of xs) expected = 0.94 * expected + 0.06 * x * x;
    expect(relClose(v[v.length - 1]!, expected, 1e-12)).toBe(true);
    expect(relClose(risk.ewmaVar(xs, { alpha: 0.01, seedVariance: 1e-4 }), 2.3263478740408408 * Math.sqrt(expected), 1e-12)).toBe(true);
    const rolling = risk.rollingEwmaVar(xs, { alpha: 0.01, seedVariance: 1e-4 });
    expect(rolling[xs.length - 1]).toBe(risk.ewmaVar(xs, { alpha: 0.01, seedVariance: 1e-4 }));
  });

  it('needs an explicit start: a seed or a truncated window', () => {
    expect(() => risk.ewmaVar(xs, { alpha: 0.01 })).toThrow(InvalidInputError);
    expect(() => risk.ewmaVar(xs, { alpha: 0.01, seedVariance: 1e-4, window: 50 })).toThrow(InvalidInputError);
    expect(() => risk.ewmaVar(xs, { alpha: 0.01, lambda: 1.2, seedVariance: 1e-4 })).toThrow(OutOfRangeError);
    expect(risk.ewmaVar(xs, { alpha: 0.01, window: 50 })).toBeGreaterThan(0);
  });

  it('filtered historical VaR rescales to the current volatility and rolls consistently', () => {
    const options = { alpha: 0.05, seedVariance: 1e-4 };
    const one = risk.filteredHistoricalVar(xs, options);
    expect(one.es).toBeGreaterThanOrEqual(one.var);
    expect(one.sigma).toBeCloseTo(Math.sqrt(risk.ewmaVariance(xs, options)[xs.length - 1]!), 15);
    const rolled = risk.rollingFilteredHistoricalVar(xs, 1000, options);
    expect(relClose(rolled.var[xs.length - 1]!, one.var, 1e-12)).toBe(true);
    expect(relClose(rolled.es[xs.length - 1]!, one.es, 1e-12)).toBe(true);
  });
});

describe('risk.portfolioVar', () => {
  const cov = new Float64Array([0.04, 0.006, 0.002, 0.006, 0.09, -0.01, 0.002, -0.01, 0.0225]);
  const w = new Float64Array([0.5, 0.3, 0.2]);

  it('component VaR sums to the total', () => {
    const p = risk.portfolioVar(w, cov, { alpha: 0.01, mean: new Float64Array([0.001, 0.002, 0]) });
    const sum = p.component.reduce((a, b) => a + b, 0);
    expect(relClose(sum, p.var, 1e-14)).toBe(true);
    expect(p.marginal.length).toBe(3);
  });

  it('rejects singular, indefinite and mis-sized covariances with typed errors', () => {
    expect(() => risk.portfolioVar(new Float64Array([0.5, 0.5]), new Float64Array([1, 1, 1, 1]), { alpha: 0.05 })).toThrow(
      SingularMatrixError,
    );
    expect(() => risk.portfolioVar(new Float64Array([0.5, 0.5]), new Float64Array([1, 2, 2, 1]), { alpha: 0.05 })).toThrow(
      SingularMatrixError,
    );
    expect(() => risk.portfolioVar(w, new Float64Array(4), { alpha: 0.05 })).toThrow(LengthMismatchError);
  });
});

describe('risk VaR bad input', () => {
  const xs = pseudoReturns(50);

  it('rejects empty and too-short series per method', () => {
    expect(() => risk.historicalVar(new Float64Array(), { alpha: 0.05 })).toThrow(EmptyInputError);
    expect(() => risk.historicalEs(new Float64Array(), { alpha: 0.05 })).toThrow(EmptyInputError);
    expect(() => risk.gaussianVar(new Float64Array([0.1]), { alpha: 0.05, ddof: 1 })).toThrow(EmptyInputError);
    expect(() => risk.modifiedVar(new Float64Array([0.1, 0.2, 0.3]), { alpha: 0.05 })).toThrow(EmptyInputError);
    expect(() => risk.filteredHistoricalVar(new Float64Array([0.1]), { alpha: 0.05, seedVariance: 1e-4 })).toThrow(
      EmptyInputError,
    );
  });

  it('rejects alpha outside (0, 0.5]', () => {
    for (const alpha of [0, -0.01, 0.51, 0.95, NaN]) {
      expect(() => risk.historicalVar(xs, { alpha })).toThrow(OutOfRangeError);
      expect(() => risk.gaussianEs(xs, { alpha, ddof: 1 })).toThrow(OutOfRangeError);
      expect(() => risk.modifiedVar(xs, { alpha })).toThrow(OutOfRangeError);
    }
    expect(risk.historicalVar(xs, { alpha: 0.5 })).toBe(-risk.quantile(xs, 0.5));
  });

  it('rejects unknown names and bad ddof', () => {
    expect(() => risk.historicalEs(xs, { alpha: 0.05, convention: 'cvar' as risk.EsConvention })).toThrow(
      InvalidInputError,
    );
    expect(() => risk.historicalVar(xs, { alpha: 0.05, nan: 'drop' as risk.NanPolicy })).toThrow(InvalidInputError);
    expect(() => risk.gaussianVar(xs, { alpha: 0.05, ddof: 0.5 })).toThrow(OutOfRangeError);
    expect(() => risk.gaussianVar(xs, { alpha: 0.05, ddof: -1 })).toThrow(OutOfRangeError);
  });
});
