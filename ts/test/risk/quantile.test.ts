import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { risk, EmptyInputError, InvalidInputError, NonFiniteError, OutOfRangeError } from '../../src/index.js';
import type { QuantileMethod } from '../../src/risk/index.js';
import { ROOT } from '../support/paths.js';

interface GoldenCase {
  method: QuantileMethod;
  p: number;
  expected: number;
  xs: Float64Array;
}

/** numpy 2.4's results, written by scripts/golden/numpy_quantiles.py. */
function golden(): GoldenCase[] {
  const text = readFileSync(join(ROOT, 'crates/smc-core/tests/golden/numpy_quantiles.txt'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const [method, p, expected, xs] = line.split('|') as [QuantileMethod, string, string, string];
      return { method, p: Number(p), expected: Number(expected), xs: Float64Array.from(xs.split(' '), Number) };
    });
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
}

/** A deterministic generator, so that failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('risk.quantile', () => {
  const cases = golden();

  it('equals numpy for all nine methods', () => {
    expect(cases.length).toBeGreaterThan(3000);
    expect(new Set(cases.map((c) => c.method))).toEqual(new Set(risk.QUANTILE_METHODS));
    const misses = cases.filter((c) => !close(risk.quantile(c.xs, c.p, c.method), c.expected));
    expect(misses).toEqual([]);
  });

  it('computes many probabilities in one call', () => {
    const xs = cases[cases.length - 1]!.xs;
    const ps = [0, 0.05, 0.5, 1];
    const batch = risk.quantiles(xs, ps, 'weibull');
    expect(batch).toBeInstanceOf(Float64Array);
    expect(Array.from(batch)).toEqual(ps.map((p) => risk.quantile(xs, p, 'weibull')));
    expect(Array.from(risk.quantiles(xs, new Float64Array(ps)))).toEqual(ps.map((p) => risk.quantile(xs, p)));
  });

  it('defaults to linear (type 7)', () => {
    expect(risk.quantile(new Float64Array([1, 2, 3, 4]), 0.25)).toBe(1.75);
  });

  it('rejects bad input with typed errors', () => {
    const xs = new Float64Array([1, 2, 3]);
    expect(() => risk.quantile(new Float64Array(), 0.5)).toThrow(EmptyInputError);
    expect(() => risk.quantile(new Float64Array([1, NaN]), 0.5)).toThrow(NonFiniteError);
    expect(() => risk.quantile(new Float64Array([1, Infinity]), 0.5)).toThrow(NonFiniteError);
    expect(() => risk.quantile(xs, 1.5)).toThrow(OutOfRangeError);
    expect(() => risk.quantile(xs, -0.01)).toThrow(OutOfRangeError);
    expect(() => risk.quantile(xs, NaN)).toThrow(OutOfRangeError);
    expect(() => risk.quantiles(xs, [0.5, 2])).toThrow(OutOfRangeError);
    expect(() => risk.quantile(xs, 0.5, 'type7' as QuantileMethod)).toThrow(InvalidInputError);
    // A plain array where a typed array is required: a typed error, not a crash.
    expect(() => risk.quantile([1, 2] as unknown as Float64Array, 0.5)).toThrow(InvalidInputError);
  });
});

describe('risk.RollingQuantile', () => {
  it('equals recomputing the window from scratch after every push', () => {
    const rand = lcg(7);
    for (const method of risk.QUANTILE_METHODS) {
      const window = 1 + Math.floor(rand() * 60);
      const p = rand();
      const xs = Float64Array.from({ length: 500 }, () => Math.round((rand() - 0.5) * 200) / 10);
      const rolling = new risk.RollingQuantile({ window, p, method });
      const out = rolling.pushMany(xs);
      for (let i = 0; i < xs.length; i++) {
        const start = Math.max(0, i + 1 - window);
        expect(out[i]).toBe(risk.quantile(xs.subarray(start, i + 1), p, method));
      }
      expect(rolling.length).toBe(Math.min(window, xs.length));
      const other = rand();
      expect(rolling.value(other)).toBe(risk.quantile(xs.subarray(xs.length - rolling.length), other, method));
    }
  });

  it('push and pushMany agree', () => {
    const xs = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i) * 0.01);
    const a = new risk.RollingQuantile({ window: 20, p: 0.05 });
    const b = new risk.RollingQuantile({ window: 20, p: 0.05 });
    const batch = b.pushMany(xs);
    expect(Array.from(xs, (x) => a.push(x))).toEqual(Array.from(batch));
    expect(a.window).toBe(20);
    expect(a.p).toBe(0.05);
    expect(a.method).toBe('linear');
  });

  it('reports NaN only during the declared warm-up', () => {
    const r = new risk.RollingQuantile({ window: 3, p: 0.5, minPeriods: 2 });
    expect(r.push(1)).toBeNaN();
    expect(r.push(3)).toBe(2);
    r.reset();
    expect(r.length).toBe(0);
  });

  it('rejects bad options and values, leaving the window unchanged', () => {
    expect(() => new risk.RollingQuantile({ window: 0, p: 0.5 })).toThrow(OutOfRangeError);
    expect(() => new risk.RollingQuantile({ window: -10, p: 0.5 })).toThrow(OutOfRangeError);
    expect(() => new risk.RollingQuantile({ window: 2.5, p: 0.5 })).toThrow(OutOfRangeError);
    expect(() => new risk.RollingQuantile({ window: 10, p: 2 })).toThrow(OutOfRangeError);
    expect(() => new risk.RollingQuantile({ window: 10, p: 0.5, minPeriods: 11 })).toThrow(OutOfRangeError);
    expect(() => new risk.RollingQuantile({ window: 10, p: 0.5, method: 'nope' as QuantileMethod })).toThrow(
      InvalidInputError,
    );
    const r = new risk.RollingQuantile({ window: 10, p: 0.5 });
    r.push(1);
    expect(() => r.push(NaN)).toThrow(NonFiniteError);
    expect(() => r.pushMany(new Float64Array([2, -Infinity]))).toThrow(NonFiniteError);
    expect(() => r.value(7)).toThrow(OutOfRangeError);
    expect(r.length).toBe(1);
  });
});
