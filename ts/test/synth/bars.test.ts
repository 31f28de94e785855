import { describe, expect, it } from 'vitest';

import { callNative } from '../../src/errors.js';
import { assertOhlc, synth, EmptyInputError, InvalidInputError, OutOfRangeError } from '../../src/index.js';
import { native } from '../../src/native.js';

describe('synth.syntheticBars', () => {
  it('generates valid, deterministic bars', () => {
    const a = synth.syntheticBars({ bars: 2_000, seed: 7 });
    const b = synth.syntheticBars({ bars: 2_000, seed: 7 });
    expect(assertOhlc(a)).toBe(2_000);
    expect(Array.from(a.close)).toEqual(Array.from(b.close));
    expect(a.time[1]! - a.time[0]!).toBe(60_000);
    expect(a.regime).toBeInstanceOf(Uint32Array);
    const c = synth.syntheticBars({ bars: 2_000, seed: 8 });
    expect(Array.from(c.close)).not.toEqual(Array.from(a.close));
  });

  it('honours custom regimes and intervals', () => {
    const up = synth.syntheticBars({
      bars: 500,
      intervalMs: 900_000,
      regimes: [{ drift: 0.01, volatilityMultiplier: 0.1, meanDuration: 1e9 }],
    });
    expect(up.close[499]!).toBeGreaterThan(up.open[0]! * 50);
    expect(up.time[1]! - up.time[0]!).toBe(900_000);
  });

  it('rejects bad options with typed errors', () => {
    expect(() => synth.syntheticBars({ bars: 0 })).toThrow(EmptyInputError);
    expect(() => synth.syntheticBars({ bars: 1.5 })).toThrow(OutOfRangeError);
    // Would allocate seven columns of 2^40 values up front: an allocation failure aborts Node.
    expect(() => synth.syntheticBars({ bars: 2 ** 40 })).toThrow(OutOfRangeError);
    expect(() => synth.syntheticBars({ bars: 10, seed: -1 })).toThrow(OutOfRangeError);
    expect(() => synth.syntheticBars({ bars: 10, tickSize: 0 })).toThrow(OutOfRangeError);
    expect(() => synth.syntheticBars({ bars: 10, garchAlpha: 0.5, garchBeta: 0.6 })).toThrow(InvalidInputError);
  });
});

describe('randomWeights (binding used by the example models)', () => {
  it('is seeded and bounds n before allocating', () => {
    expect(Array.from(native.randomWeights(4, 9, 0.5))).toEqual(Array.from(native.randomWeights(4, 9, 0.5)));
    // 2^40 draws used to reach the allocator: an allocation failure aborts Node.
    expect(() => callNative(() => native.randomWeights(2 ** 40, 1, 1))).toThrow(OutOfRangeError);
    expect(() => callNative(() => native.randomWeights(2.5, 1, 1))).toThrow(OutOfRangeError);
    expect(() => callNative(() => native.randomWeights(4, -1, 1))).toThrow(OutOfRangeError);
  });
});
