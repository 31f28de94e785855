import { describe, expect, it } from 'vitest';

import { smc, InvalidInputError, InvalidStateError, NonFiniteError, OutOfRangeError, UnorderedError } from '../../src/index.js';
import { EURUSD_15M, readEurusd15m } from '../support/eurusd.js';
import { sharedDataAvailable } from '../support/paths.js';

const same = (a: Float64Array, b: Float64Array) => expect(Array.from(a)).toEqual(Array.from(b));

const hasEurusd = sharedDataAvailable(EURUSD_15M, 'smc.SmcStream on EURUSD');

describe.skipIf(!hasEurusd)('smc.SmcStream on EURUSD 15m', () => {
  // The body is collected even when skipped: read the file only when it is there.
  const none = new Float64Array();
  const empty = { time: none, open: none, high: none, low: none, close: none, volume: none };
  const bars = hasEurusd ? readEurusd15m() : empty;
  const n = Math.min(4000, bars.close.length);
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

  it('streams ob, liquidity, retracements, sessions and previousHighLow to the batch result', () => {
    const swingLength = 5;
    const options = {
      swingLength,
      closeMitigation: true,
      rangePercent: 0.02,
      timeFrame: '4h',
      session: 'London' as const,
    };
    const stream = new smc.SmcStream(options);
    const events: smc.SmcStreamEvent[] = [];
    // Cells declared final before finish(), as they were then (sampled every 250 bars).
    const earlyRetracement = new Map<number, number[]>();
    const earlyOb = new Map<number, number[]>();
    const pushedSessions: number[][] = [];
    const pushedPrevious: number[][] = [];
    for (let i = 0; i < n; i++) {
      const pushed = stream.push(head.open[i]!, head.high[i]!, head.low[i]!, head.close[i]!, head.volume[i]!, head.time[i]!);
      for (const e of pushed) {
        expect(e.type).not.toBe('liquidity');
        if (e.type === 'ob' || e.type === 'obReset') expect(e.row).toBeLessThan(i);
        events.push(e);
      }
      const s = stream.sessions();
      pushedSessions.push([s.active[i]!, s.high[i]!, s.low[i]!]);
      const p = stream.previousHighLow();
      pushedPrevious.push([p.previousHigh[i]!, p.previousLow[i]!, p.brokenHigh[i]!, p.brokenLow[i]!]);
      if (i % 250 === 249) {
        const r = stream.retracements();
        const o = stream.ob();
        for (let row = 0; row <= i; row++) {
          if (!earlyRetracement.has(row) && stream.retracementIsFinal(row)) {
            earlyRetracement.set(row, [r.direction[row]!, r.currentRetracement[row]!, r.deepestRetracement[row]!]);
          }
          if (!earlyOb.has(row) && stream.obIsFinal(row)) earlyOb.set(row, [o.ob[row]!, o.top[row]!, o.mitigatedIndex[row]!]);
        }
      }
    }
    const finished = stream.finish();
    events.push(...finished);
    const swings = smc.swingHighsLows(head, { swingLength });
    const obs = smc.ob(head, swings, { closeMitigation: true });
    for (const k of ['ob', 'top', 'bottom', 'obVolume', 'mitigatedIndex', 'percentage'] as const) same(stream.ob()[k], obs[k]);
    const pools = smc.liquidity(head, swings, { rangePercent: 0.02 });
    for (const k of ['liquidity', 'level', 'end', 'swept'] as const) same(stream.liquidity()[k], pools[k]);
    expect(finished.filter((e) => e.type === 'liquidity').length).toBe(pools.liquidity.filter((x) => !Number.isNaN(x)).length);
    const retr = smc.retracements(head, swings);
    for (const k of ['direction', 'currentRetracement', 'deepestRetracement'] as const) same(stream.retracements()[k], retr[k]);
    const sess = smc.sessions(head, { session: 'London' });
    expect(pushedSessions).toEqual(Array.from(sess.active, (a, i) => [a, sess.high[i], sess.low[i]]));
    const prev = smc.previousHighLow(head, { timeFrame: '4h' });
    const prevRows = Array.from(prev.previousHigh, (h, i) => [h, prev.previousLow[i], prev.brokenHigh[i], prev.brokenLow[i]]);
    expect(pushedPrevious).toEqual(prevRows);
    // What was declared final early is what the batch has, and most rows settle early.
    expect(earlyRetracement.size).toBeGreaterThan(n * 0.8);
    for (const [row, cells] of earlyRetracement) {
      expect(cells).toEqual([retr.direction[row], retr.currentRetracement[row], retr.deepestRetracement[row]]);
    }
    expect(earlyOb.size).toBeGreaterThan(n * 0.8);
    for (const [row, cells] of earlyOb) expect(cells).toEqual([obs.ob[row], obs.top[row], obs.mitigatedIndex[row]]);
    expect(events.some((e) => e.type === 'ob')).toBe(true);
  });

  it('pushMany equals pushing bar by bar', () => {
    const a = new smc.SmcStream({ swingLength: 5, timeFrame: 'W' });
    const b = new smc.SmcStream({ swingLength: 5, timeFrame: 'W' });
    const many = a.pushMany(head);
    const one: smc.SmcStreamEvent[] = [];
    for (let i = 0; i < n; i++) one.push(...b.push(head.open[i]!, head.high[i]!, head.low[i]!, head.close[i]!, head.volume[i]!, head.time[i]!));
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

  it('rejects bad options, missing or unordered times, and functions not streamed', () => {
    expect(() => new smc.SmcStream({ rangePercent: -1 })).toThrow(OutOfRangeError);
    expect(() => new smc.SmcStream({ timeFrame: '4H' })).toThrow(InvalidInputError);
    expect(() => new smc.SmcStream({ session: 'Custom' })).toThrow(InvalidInputError);
    expect(() => new smc.SmcStream({ session: 'London', timeZone: 'Europe/Paris' })).toThrow(InvalidInputError);
    const timed = new smc.SmcStream({ swingLength: 2, timeFrame: '1D' });
    expect(() => timed.push(1, 2, 0.5, 1.5)).toThrow(InvalidInputError);
    timed.push(1, 2, 0.5, 1.5, 10, 86_400_000);
    expect(() => timed.push(1, 2, 0.5, 1.5, 10, 0)).toThrow(UnorderedError);
    expect(() => timed.sessions()).toThrow(InvalidStateError);
    expect(timed.previousHighLow().previousHigh.length).toBe(1);
    expect(() => timed.retracementIsFinal(5)).toThrow(OutOfRangeError);
  });
});
