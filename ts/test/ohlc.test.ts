import { describe, expect, it } from 'vitest';

import { assertOhlc, InvalidInputError, LengthMismatchError, NonFiniteError, UnorderedError } from '../src/index.js';

const col = (...xs: number[]) => Float64Array.from(xs);

describe('assertOhlc', () => {
  const good = { open: col(1, 2), high: col(2, 3), low: col(0.5, 1.5), close: col(1.5, 2.5), volume: col(10, 20) };

  it('accepts valid bars and returns their count', () => {
    expect(assertOhlc(good)).toBe(2);
    expect(assertOhlc({ ...good, time: col(0, 60_000) })).toBe(2);
  });

  it('rejects each kind of bad bar with a typed error', () => {
    expect(() => assertOhlc({ ...good, low: col(0.5) })).toThrow(LengthMismatchError);
    expect(() => assertOhlc({ ...good, close: col(1, NaN) })).toThrow(NonFiniteError);
    expect(() => assertOhlc({ ...good, high: col(2, Infinity) })).toThrow(NonFiniteError);
    expect(() => assertOhlc({ ...good, high: col(0.1, 3) })).toThrow(InvalidInputError);
    expect(() => assertOhlc({ ...good, time: col(60_000, 0) })).toThrow(UnorderedError);
    expect(() => assertOhlc({ ...good, volume: [1, 2] as unknown as Float64Array })).toThrow(InvalidInputError);
  });
});
