import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  indicators,
  EmptyInputError,
  InvalidInputError,
  LengthMismatchError,
  loadOhlcCsv,
  NonFiniteError,
  OutOfRangeError,
  UnorderedError,
} from '../../src/index.js';
import type { Ohlc } from '../../src/index.js';
import { ROOT, SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

/** TA-Lib's outputs on its 252-bar regression data, from scripts/golden/talib_indicators.py. */
function golden(): Map<string, Float64Array> {
  const text = readFileSync(join(ROOT, 'crates/smc-core/tests/golden/talib_indicators.csv'), 'utf8');
  const [header, ...rows] = text.trim().split('\n');
  const names = header!.split(',');
  const cols = names.map(() => new Float64Array(rows.length));
  rows.forEach((row, r) => row.split(',').forEach((cell, c) => (cols[c]![r] = Number(cell))));
  return new Map(names.map((n, i) => [n, cols[i]!]));
}

/** Cells where both are NaN or agree within 1e-9 (relative to max(1, |talib|)). */
function agreeing(ours: Float64Array, talib: Float64Array): number {
  let n = 0;
  for (let i = 0; i < talib.length; i++) {
    const a = ours[i]!;
    const b = talib[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) n += Number(Number.isNaN(a) && Number.isNaN(b));
    else n += Number(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
  }
  return n;
}

/** A deterministic random walk of bars, sometimes flat. */
function walk(length: number, seed: number): Ohlc {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const bars = { open: new Float64Array(length), high: new Float64Array(length), low: new Float64Array(length) };
  const close = new Float64Array(length);
  let price = 100;
  for (let i = 0; i < length; i++) {
    const open = price;
    const flat = rand() < 0.05;
    if (!flat) price += rand() - 0.5;
    bars.open[i] = open;
    bars.high[i] = flat ? price : Math.max(open, price) + rand() * 0.3;
    bars.low[i] = flat ? price : Math.min(open, price) - rand() * 0.3;
    close[i] = price;
  }
  return { ...bars, close, volume: new Float64Array(length).fill(1) };
}

describe('indicators agree with TA-Lib', () => {
  const g = golden();
  const high = g.get('high')!;
  const low = g.get('low')!;
  const close = g.get('close')!;

  it('on every cell of ATR, TRANGE, RSI, SMA, EMA and STOCHRSI', () => {
    const cases: [string, Float64Array][] = [['TRANGE', indicators.trueRange(high, low, close)]];
    for (const n of [1, 2, 5, 14, 30]) cases.push([`ATR_${n}`, indicators.atr(high, low, close, n)]);
    for (const n of [2, 5, 14, 30]) cases.push([`RSI_${n}`, indicators.rsi(close, n)]);
    for (const n of [2, 5, 20, 50]) {
      cases.push([`SMA_${n}`, indicators.sma(close, n)], [`EMA_${n}`, indicators.ema(close, n)]);
    }
    for (const [period, fastK, fastD] of [
      [14, 5, 3],
      [14, 14, 3],
      [5, 3, 1],
      [9, 1, 2],
      [21, 9, 5],
    ] as const) {
      const out = indicators.stochRsi(close, { period, fastK, fastD });
      cases.push([`STOCHRSI_${period}_${fastK}_${fastD}_K`, out.fastK], [`STOCHRSI_${period}_${fastK}_${fastD}_D`, out.fastD]);
    }
    for (const [name, ours] of cases) {
      expect(ours).toBeInstanceOf(Float64Array);
      expect(ours.length).toBe(close.length);
      expect(agreeing(ours, g.get(name)!), name).toBe(close.length);
    }
  });

  it('stochRsi defaults to TA-Lib (14, 5, 3)', () => {
    const out = indicators.stochRsi(close);
    expect(agreeing(out.fastK, g.get('STOCHRSI_14_5_3_K')!)).toBe(close.length);
    expect(agreeing(out.fastD, g.get('STOCHRSI_14_5_3_D')!)).toBe(close.length);
  });
});

describe('streaming classes equal the batch functions', () => {
  const bars = walk(600, 11);
  const { high, low, close } = bars;
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => expect(Array.from(a)).toEqual(Array.from(b));

  it('Sma, Ema, Rsi, Atr', () => {
    for (const n of [1, 3, 14]) {
      const s = new indicators.Sma(n);
      same(Array.from(close, (x) => s.push(x)), indicators.sma(close, n));
      const e = new indicators.Ema(n);
      same(Array.from(close, (x) => e.push(x)), indicators.ema(close, n));
      const r = new indicators.Rsi(n);
      same(Array.from(close, (x) => r.push(x)), indicators.rsi(close, n));
      const a = new indicators.Atr(n);
      same(Array.from(close, (_, i) => a.push(high[i]!, low[i]!, close[i]!)), indicators.atr(high, low, close, n));
      expect([a.value, a.period, a.count]).toEqual([indicators.atr(high, low, close, n).at(-1), n, close.length]);
      a.reset();
      expect(a.count).toBe(0);
      expect(a.value).toBeNaN();
    }
  });

  it('StochRsi and DynamicBands', () => {
    const options = { period: 9, fastK: 4, fastD: 3 };
    const s = new indicators.StochRsi(options);
    const points = Array.from(close, (x) => s.push(x));
    const batch = indicators.stochRsi(close, options);
    same(points.map((p) => p.fastK), batch.fastK);
    same(points.map((p) => p.fastD), batch.fastD);
    expect(s.value).toEqual(points.at(-1));

    const bandOptions = { atrPeriod: 7, maPeriod: 10, adjustment: 0.5 };
    const d = new indicators.DynamicBands(bandOptions);
    const bands = Array.from(close, (_, i) => d.push(high[i]!, low[i]!, close[i]!));
    const bb = indicators.dynamicBands(bars, bandOptions);
    same(bands.map((p) => p.lower), bb.lower);
    same(bands.map((p) => p.upper), bb.upper);
    same(bands.map((p) => p.volatilityRatio), bb.volatilityRatio);
    same(bands.map((p) => p.atrMa), bb.atrMa);
    expect(d.count).toBe(close.length);
  });
});

describe('dynamicBands', () => {
  it('follows the formula, with NaN only during warm-up', () => {
    const bars = walk(400, 5);
    const out = indicators.dynamicBands(bars);
    const atr = indicators.atr(bars.high, bars.low, bars.close, 14);
    const atrMa = indicators.sma(atr.subarray(14), 20);
    const first = 14 + 20 - 1;
    for (let i = 0; i < bars.close.length; i++) {
      if (i < first) {
        expect([out.lower[i], out.upper[i], out.volatilityRatio[i], out.atrMa[i]].every(Number.isNaN)).toBe(true);
        continue;
      }
      expect(out.atrMa[i]).toBe(atrMa[i - 14]);
      const ratio = atr[i]! / atrMa[i - 14]!;
      expect(out.volatilityRatio[i]).toBe(ratio);
      let lower = 20;
      let upper = 80;
      if (ratio > 1.2) {
        const e = (ratio - 1) * 0.3 * 100;
        lower = Math.max(20 - e, 5);
        upper = Math.min(80 + e, 95);
      } else if (ratio < 0.8) {
        const c = (1 - ratio) * 0.3 * 100;
        lower = Math.min(20 + c, 35);
        upper = Math.max(80 - c, 65);
      }
      expect(out.lower[i]).toBeCloseTo(lower, 12);
      expect(out.upper[i]).toBeCloseTo(upper, 12);
    }
  });

  it('validates options and bars with typed errors', () => {
    const bars = walk(50, 1);
    expect(() => indicators.dynamicBands(bars, { lowVol: 1.3 })).toThrow(InvalidInputError);
    expect(() => indicators.dynamicBands(bars, { baseLower: 85 })).toThrow(InvalidInputError);
    expect(() => indicators.dynamicBands(bars, { atrPeriod: 0 })).toThrow(OutOfRangeError);
    expect(() => indicators.dynamicBands(bars, { maPeriod: 2.5 })).toThrow(OutOfRangeError);
    expect(() => indicators.dynamicBands(bars, { adjustment: -1 })).toThrow(OutOfRangeError);
    expect(() => indicators.dynamicBands(bars, { highVol: NaN })).toThrow(NonFiniteError);
    expect(() => new indicators.DynamicBands({ minWidth: 200 })).toThrow(OutOfRangeError);
    expect(() => indicators.dynamicBands({ ...bars, low: bars.low.subarray(1) })).toThrow(LengthMismatchError);
    const t = Float64Array.from(bars.close, (_, i) => 1000 - i);
    expect(() => indicators.dynamicBands({ ...bars, time: t })).toThrow(UnorderedError);
  });
});

describe('bad input gets typed errors', () => {
  const x = Float64Array.of(1, 2, 3);
  it('for every batch function', () => {
    expect(() => indicators.atr(x, x.subarray(1), x, 2)).toThrow(LengthMismatchError);
    expect(() => indicators.atr(x, Float64Array.of(1, 3, 3), x, 2)).toThrow(InvalidInputError); // high < low
    expect(() => indicators.atr(Float64Array.of(1, Infinity, 3), x, x, 2)).toThrow(NonFiniteError);
    expect(() => indicators.trueRange(x, x, Float64Array.of(1, NaN, 3))).toThrow(NonFiniteError);
    for (const period of [0, -1, 1.5, NaN]) {
      expect(() => indicators.atr(x, x, x, period)).toThrow(OutOfRangeError);
      expect(() => indicators.rsi(x, period)).toThrow(OutOfRangeError);
      expect(() => indicators.sma(x, period)).toThrow(OutOfRangeError);
      expect(() => indicators.ema(x, period)).toThrow(OutOfRangeError);
      expect(() => indicators.stochRsi(x, { fastK: period })).toThrow(OutOfRangeError);
      expect(() => new indicators.Rsi(period)).toThrow(OutOfRangeError);
    }
    expect(() => indicators.rsi(new Float64Array(), 14)).toThrow(EmptyInputError);
    expect(() => indicators.sma(Float64Array.of(1, NaN), 2)).toThrow(NonFiniteError);
    expect(() => indicators.ema([1, 2] as unknown as Float64Array, 2)).toThrow(InvalidInputError);
  });

  it('for streaming pushes, leaving the state unchanged', () => {
    const a = new indicators.Atr(2);
    a.push(2, 1, 1.5);
    expect(() => a.push(1, 2, 1.5)).toThrow(InvalidInputError);
    expect(() => a.push(NaN, 1, 1.5)).toThrow(NonFiniteError);
    expect(a.count).toBe(1);
    const s = new indicators.StochRsi();
    expect(() => s.push(Infinity)).toThrow(NonFiniteError);
    expect(s.count).toBe(0);
  });

  it('returns all-NaN for input shorter than the warm-up', () => {
    expect(Array.from(indicators.rsi(x, 14)).every(Number.isNaN)).toBe(true);
  });
});

const EURUSD = 'eurusd-15m/EURUSD_15M.csv';
describe.skipIf(!sharedDataAvailable(EURUSD, 'indicators on EURUSD 15m'))('indicators on real EURUSD 15m bars', () => {
  it('stay in range, stream like the batch, and adapt the bands to volatility', async () => {
    const bars = await loadOhlcCsv(join(SHARED_DATA, EURUSD));
    const n = bars.close.length;
    const rsi = indicators.rsi(bars.close, 14);
    expect(rsi.subarray(14).every((v) => v >= 0 && v <= 100)).toBe(true);
    const { fastK, fastD } = indicators.stochRsi(bars.close);
    // TA-Lib's arithmetic (range / 100 as divisor, running sums) can overshoot by an ulp or two.
    const inRange = (v: number) => v >= -1e-9 && v <= 100 + 1e-9;
    expect(fastK.subarray(20).every(inRange)).toBe(true);
    expect(fastD.subarray(20).every(inRange)).toBe(true);
    const atr = indicators.atr(bars.high, bars.low, bars.close, 14);
    expect(atr.subarray(14).every((v) => v > 0 && v < 0.05)).toBe(true);

    const bands = indicators.dynamicBands(bars);
    const stream = new indicators.DynamicBands();
    for (let i = 0; i < n; i++) {
      const p = stream.push(bars.high[i]!, bars.low[i]!, bars.close[i]!);
      if (!Object.is(p.lower, bands.lower[i]) || !Object.is(p.upper, bands.upper[i])) throw new Error(`bar ${i}`);
    }
    const lowers = new Set(bands.lower.subarray(33));
    expect(lowers.has(20)).toBe(true); // calm stretches keep the base
    expect(Math.min(...lowers)).toBeLessThan(20); // volatile ones widen
    expect(Math.max(...lowers)).toBeGreaterThan(20); // quiet ones narrow
  });
});
