import { describe, expect, it } from 'vitest';

import { risk, InvalidInputError, NonFiniteError, NotFoundError, OutOfRangeError, EmptyInputError } from '../../src/index.js';
import { pseudoReturns, relClose } from '../support/golden.js';

describe('risk.RollingVar', () => {
  const xs = pseudoReturns(400, 11);

  it('equals the one-shot functions on every window, for each model', () => {
    const window = 60;
    const cases = [
      {
        options: { window, alpha: 0.05, convention: 'empyrical' as const },
        one: (w: Float64Array) => [risk.historicalVar(w, { alpha: 0.05 }), risk.historicalEs(w, { alpha: 0.05, convention: 'empyrical' })],
        tol: 0,
      },
      {
        options: { window, alpha: 0.05, model: 'gaussian' as const, ddof: 1 },
        one: (w: Float64Array) => [risk.gaussianVar(w, { alpha: 0.05, ddof: 1 }), risk.gaussianEs(w, { alpha: 0.05, ddof: 1 })],
        tol: 1e-9,
      },
      {
        options: { window, alpha: 0.05, model: 'modified' as const },
        one: (w: Float64Array) => [risk.modifiedVar(w, { alpha: 0.05 }), risk.modifiedEs(w, { alpha: 0.05 })],
        tol: 1e-9,
      },
    ];
    for (const { options, one, tol } of cases) {
      const out = new risk.RollingVar(options).pushMany(xs);
      for (let t = 10; t < xs.length; t += 7) {
        const [v, e] = one(xs.subarray(Math.max(0, t + 1 - window), t + 1));
        expect(relClose(out.var[t]!, v!, tol), `${options.model ?? 'historical'} var t=${t}`).toBe(true);
        expect(relClose(out.es[t]!, e!, tol), `${options.model ?? 'historical'} es t=${t}`).toBe(true);
      }
    }
  });

  it('push and pushMany agree; warm-up is NaN; bad values leave the window unchanged', () => {
    const a = new risk.RollingVar({ window: 30, alpha: 0.05, model: 'modified' });
    const b = new risk.RollingVar({ window: 30, alpha: 0.05, model: 'modified' });
    const batch = b.pushMany(xs.subarray(0, 50));
    const single = Array.from(xs.subarray(0, 50), (x) => a.push(x).var);
    expect(single).toEqual(Array.from(batch.var));
    expect(batch.var[2]).toBeNaN();
    expect(() => a.pushMany(new Float64Array([0.1, NaN]))).toThrow(NonFiniteError);
    expect(a.length).toBe(30);
    expect(() => new risk.RollingVar({ window: 30, alpha: 0.05, model: 'gaussian' })).toThrow(InvalidInputError);
    expect(() => new risk.RollingVar({ window: 30, alpha: 0.7 })).toThrow(OutOfRangeError);
  });
});

describe('risk.DDSketch', () => {
  it('quantiles are within the relative accuracy, on both signs, and merge', () => {
    const xs = pseudoReturns(20_000, 5);
    const left = new risk.DDSketch(0.01);
    const right = new risk.DDSketch(0.01);
    left.addMany(xs.subarray(0, 7000));
    right.addMany(xs.subarray(7000));
    left.merge(right);
    expect(left.count).toBe(xs.length);
    const sorted = Float64Array.from(xs).sort();
    for (const q of [0.001, 0.01, 0.05, 0.5, 0.95, 0.999]) {
      const exact = sorted[Math.floor(q * (xs.length - 1))]!;
      expect(Math.abs(left.quantile(q) - exact)).toBeLessThanOrEqual(0.01 * Math.abs(exact));
    }
    expect(relClose(left.var(0.01), -left.quantile(0.01), 0)).toBe(true);
    expect(left.bucketCount).toBeLessThan(2000);
    expect(() => left.merge(new risk.DDSketch(0.05))).toThrow(InvalidInputError);
    expect(() => left.merge(left)).toThrow(InvalidInputError);
    expect(() => new risk.DDSketch(0).quantile(0.5)).toThrow(OutOfRangeError);
    expect(() => new risk.DDSketch(0.01).quantile(0.5)).toThrow(EmptyInputError);
    expect(() => left.add(NaN)).toThrow(NonFiniteError);
  });
});

describe('risk.VarTable', () => {
  it('serves O(1) reads equal to historical VaR/ES of each key window after refresh', () => {
    const table = new risk.VarTable({ alphas: [0.01, 0.05], window: 200, minPeriods: 20 });
    const btc = pseudoReturns(500, 1, 0.03);
    const eth = pseudoReturns(10, 2, 0.04);
    table.update('BTC', btc);
    table.update('ETH', eth);
    expect(() => table.var('BTC', 0.05)).not.toThrow();
    expect(table.var('BTC', 0.05)).toBeNaN(); // not refreshed yet
    expect(table.refresh()).toBe(2);
    const window = btc.subarray(300);
    expect(table.var('BTC', 0.05)).toBe(risk.historicalVar(window, { alpha: 0.05 }));
    expect(table.get('BTC', 0.01)).toBe(risk.historicalVar(window, { alpha: 0.01 }));
    expect(table.es('BTC', 0.01)).toBe(risk.historicalEs(window, { alpha: 0.01 }));
    expect(table.var('ETH', 0.05)).toBeNaN(); // 10 < minPeriods
    table.update('ETH', pseudoReturns(15, 3, 0.04));
    expect(table.refresh()).toBe(1);
    expect(table.var('ETH', 0.05)).toBeGreaterThan(0);
    expect(table.keys()).toEqual(['BTC', 'ETH']);
    expect(table.has('SOL')).toBe(false);
    expect(() => table.var('SOL', 0.05)).toThrow(NotFoundError);
    expect(() => table.var('BTC', 0.02)).toThrow(NotFoundError);
    expect(() => table.update('BTC', [0.1, Infinity])).toThrow(NonFiniteError);
    expect(() => new risk.VarTable({ alphas: [0.95], window: 10 })).toThrow(OutOfRangeError);
    expect(() => new risk.VarTable({ alphas: [0.05, 0.05], window: 10 })).toThrow(InvalidInputError);
  });

  it('refreshes in the background until stopped', async () => {
    const table = new risk.VarTable({ alphas: [0.05], window: 50 });
    table.update('X', pseudoReturns(60, 9));
    const stop = table.startAutoRefresh(5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    stop();
    expect(table.var('X', 0.05)).toBeGreaterThan(0);
  });
});
