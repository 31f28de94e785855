import { describe, expect, it } from 'vitest';

import { smc, InvalidStateError, NonFiniteError } from '../../src/index.js';
import { EURUSD_15M, readEurusd15m } from '../support/eurusd.js';
import { sharedDataAvailable } from '../support/paths.js';

const same = (a: Float64Array, b: Float64Array) => expect(Array.from(a)).toEqual(Array.from(b));

describe.skipIf(!sharedDataAvailable(EURUSD_15M, 'smc.SmcStream on EURUSD'))('smc.SmcStream on EURUSD 15m', () => {
  const bars = readEurusd15m();
  const n = 4000;
  const head = {
    time: bars.time.subarray(0, n),
    open: bars.open.subarray(0, n),
    high: bars.high.subarray(0, n),
    low: bars.low.subarray(0, n),
    close: bars.close.subarray(0, n),
    volume: bars.volume.subarray(0, n),
  };

  it('emits events no earlier than knowable, and ends equal to the batch functions', () => {
    const swingLength = 10;
    const stream = new smc.SmcStream({ swingLength, joinConsecutive: true, closeBreak: true });
    const events: smc.SmcStreamEvent[] = [];
    for (let i = 0; i < n; i++) {
      for (const e of stream.push(head.open[i]!, head.high[i]!, head.low[i]!, head.close[i]!)) {
        if (e.type === 'swing' && e.row > 0) expect(e.row + swingLength).toBeLessThanOrEqual(i);
        if (e.type === 'fvgMitigated') expect(e.mitigatedIndex).toBe(i);
        if (e.type === 'bosChoch') expect(e.brokenIndex).toBeLessThanOrEqual(i);
        events.push(e);
      }
    }
    events.push(...stream.finish());
    expect(stream.length).toBe(n);
    const swings = smc.swingHighsLows(head, { swingLength });
    same(stream.swings().highLow, swings.highLow);
    same(stream.swings().level, swings.level);
    const gaps = smc.fvg(head, { joinConsecutive: true });
    for (const k of ['fvg', 'top', 'bottom', 'mitigatedIndex'] as const) same(stream.fvg()[k], gaps[k]);
    const structure = smc.bosChoch(head, swings, { closeBreak: true });
    for (const k of ['bos', 'choch', 'level', 'brokenIndex'] as const) same(stream.bosChoch()[k], structure[k]);
    // Every batch swing was announced exactly once.
    const announced = events.filter((e) => e.type === 'swing').length;
    expect(announced).toBe(swings.highLow.filter((x) => !Number.isNaN(x)).length);
  });

  it('pushMany equals pushing bar by bar', () => {
    const a = new smc.SmcStream({ swingLength: 5 });
    const b = new smc.SmcStream({ swingLength: 5 });
    const many = a.pushMany(head);
    const one: smc.SmcStreamEvent[] = [];
    for (let i = 0; i < n; i++) one.push(...b.push(head.open[i]!, head.high[i]!, head.low[i]!, head.close[i]!));
    expect(many).toEqual(one);
  });
});

describe('smc.SmcStream: bad input', () => {
  it('rejects non-finite bars and pushes after finish', () => {
    const s = new smc.SmcStream({ swingLength: 2 });
    expect(() => s.push(1, NaN, 0, 1)).toThrow(NonFiniteError);
    s.push(1, 2, 0.5, 1.5);
    s.finish();
    expect(() => s.push(1, 2, 0.5, 1.5)).toThrow(InvalidStateError);
  });
});
