import { describe, expect, it } from 'vitest';

import { smc, EmptyInputError, InvalidInputError, LengthMismatchError, OutOfRangeError } from '../../src/index.js';
import type { Ohlc } from '../../src/index.js';
import { EURUSD_15M, readEurusd15m } from '../support/eurusd.js';
import { sharedDataAvailable } from '../support/paths.js';
import { compareCase } from './golden.js';

/** Every column of every case must have zero mismatching cells. */
function allZero(result: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== 0));
}

describe.skipIf(!sharedDataAvailable(EURUSD_15M, 'smc parity with smartmoneyconcepts 0.0.27'))(
  'smc: cell-by-cell parity with smartmoneyconcepts 0.0.27 on EURUSD 15m',
  () => {
    const bars = readEurusd15m();
    const swings = new Map([5, 10, 50].map((L) => [L, smc.swingHighsLows(bars, { swingLength: L })]));
    const swingsOf = (L: number) => swings.get(L)!;

    it('swingHighsLows', () => {
      for (const L of [5, 10, 50]) expect(allZero(compareCase(`swings_L${L}`, { ...swingsOf(L) }))).toEqual({});
      expect(swingsOf(5).highLow.length).toBe(bars.close.length);
    });

    it('fvg', () => {
      for (const joinConsecutive of [false, true]) {
        expect(allZero(compareCase(`fvg_join${joinConsecutive}`, { ...smc.fvg(bars, { joinConsecutive }) }))).toEqual({});
      }
    });

    it('bosChoch', () => {
      for (const L of [5, 10, 50]) {
        for (const closeBreak of [true, false]) {
          const r = smc.bosChoch(bars, swingsOf(L), { closeBreak });
          expect(allZero(compareCase(`bos_choch_L${L}_close${closeBreak}`, { ...r }, ['level']))).toEqual({});
        }
      }
    });

    it('ob', () => {
      const f32 = ['top', 'bottom', 'obVolume', 'percentage'];
      for (const L of [5, 50]) {
        for (const closeMitigation of [false, true]) {
          const r = smc.ob(bars, swingsOf(L), { closeMitigation });
          expect(allZero(compareCase(`ob_L${L}_close${closeMitigation}`, { ...r }, f32))).toEqual({});
        }
      }
      const zero: Ohlc = { ...bars, volume: bars.zeroVolume };
      const r = smc.ob(zero, smc.swingHighsLows(zero, { swingLength: 5 }));
      expect(allZero(compareCase('ob_L5_zero_volume', { ...r }, f32))).toEqual({});
    });

    it('liquidity', () => {
      const f32 = ['liquidity', 'level', 'end', 'swept'];
      for (const [L, rangePercent, tag] of [[5, 0.01, 'L5'], [10, 0.01, 'L10'], [50, 0.01, 'L50'], [5, 0.05, 'L5_range0.05']] as const) {
        const r = smc.liquidity(bars, swingsOf(L), { rangePercent });
        expect(allZero(compareCase(`liquidity_${tag}`, { ...r }, f32))).toEqual({});
      }
    });

    it('previousHighLow', () => {
      for (const timeFrame of ['4h', '1D', 'W', '1h', 'ME']) {
        const r = smc.previousHighLow(bars, { timeFrame });
        expect(allZero(compareCase(`previous_high_low_${timeFrame}`, { ...r }, ['previousHigh', 'previousLow']))).toEqual({});
      }
    });

    it('sessions', () => {
      const cases: [smc.SessionName, string, string, string][] = [
        ['London', '', '', 'UTC'],
        ['New York', '', '', 'UTC'],
        ['Sydney', '', '', 'UTC'],
        ['Tokyo', '', '', 'UTC+2'],
        ['London open kill zone', '', '', 'GMT-3'],
        ['Custom', '10:30', '02:15', 'UTC'],
        ['Custom', '08:00', '12:45', 'UTC-5'],
      ];
      for (const [session, startTime, endTime, timeZone] of cases) {
        const r = smc.sessions(bars, { session, startTime, endTime, timeZone });
        const tag = session.replaceAll(' ', '_') + (startTime ? `_${startTime}-${endTime}`.replaceAll(':', '') : '');
        expect(allZero(compareCase(`sessions_${tag}_${timeZone}`, { ...r }, ['high', 'low']))).toEqual({});
      }
    });

    it('retracements', () => {
      for (const L of [5, 10, 50]) {
        expect(allZero(compareCase(`retracements_L${L}`, { ...smc.retracements(bars, swingsOf(L)) }))).toEqual({});
      }
    });

    it('offers the corrected behaviours behind options', () => {
      const strict = smc.previousHighLow(bars, { timeFrame: 'W', strictPrevious: true });
      const quirk = smc.previousHighLow(bars, { timeFrame: 'W' });
      // The package looks two weeks back on every weekday bar; the corrected one looks one back,
      // so from the second week on it is defined where the package still has NaN.
      const firstStrict = strict.previousHigh.findIndex((x) => !Number.isNaN(x));
      const firstQuirk = quirk.previousHigh.findIndex((x) => !Number.isNaN(x));
      expect(firstStrict).toBeGreaterThan(0);
      expect(firstStrict).toBeLessThan(firstQuirk);
      const east = smc.sessions(bars, { session: 'London', timeZone: 'UTC+2', isoOffsetSign: true });
      const west = smc.sessions(bars, { session: 'London', timeZone: 'UTC-2' });
      expect(Array.from(east.active)).toEqual(Array.from(west.active));
    });
  },
);

describe('smc: bad input', () => {
  const col = (...xs: number[]) => Float64Array.from(xs);
  const bars: Ohlc = { open: col(1, 2, 3), high: col(2, 3, 4), low: col(0.5, 1.5, 2.5), close: col(1.5, 2.5, 3.5), volume: col(1, 1, 1) };
  const timed: Ohlc = { ...bars, time: col(0, 900_000, 1_800_000) };

  it('rejects bad parameters and missing time with typed errors', () => {
    expect(() => smc.swingHighsLows(bars, { swingLength: 0 })).toThrow(OutOfRangeError);
    expect(() => smc.swingHighsLows(bars, { swingLength: 2.5 })).toThrow(OutOfRangeError);
    expect(() => smc.previousHighLow(bars)).toThrow(InvalidInputError);
    expect(() => smc.previousHighLow(timed, { timeFrame: '4H' })).toThrow(InvalidInputError);
    expect(() => smc.sessions(bars, { session: 'London' })).toThrow(InvalidInputError);
    expect(() => smc.sessions(timed, { session: 'Paris' as smc.SessionName })).toThrow(InvalidInputError);
    expect(() => smc.sessions(timed, { session: 'Custom', startTime: '09:00' })).toThrow(InvalidInputError);
    expect(() => smc.sessions(timed, { session: 'London', timeZone: 'Mars/Olympus' })).toThrow(InvalidInputError);
    const swings = smc.swingHighsLows(bars, { swingLength: 1 });
    expect(() => smc.liquidity(bars, swings, { rangePercent: -0.1 })).toThrow(OutOfRangeError);
    expect(() => smc.liquidity(bars, swings, { rangePercent: NaN })).toThrow(OutOfRangeError);
    expect(() => smc.bosChoch(bars, { highLow: col(1), level: col(2) })).toThrow(LengthMismatchError);
    expect(() => smc.ob(bars, { highLow: col(2, NaN, NaN), level: col(1, NaN, NaN) })).toThrow(InvalidInputError);
    const none: Ohlc = { time: col(), open: col(), high: col(), low: col(), close: col(), volume: col() };
    expect(() => smc.fvg(none)).toThrow(EmptyInputError);
    expect(() => smc.retracements(none, { highLow: col(), level: col() })).toThrow(EmptyInputError);
    expect(() => smc.sessions(none, { session: 'London' })).toThrow(EmptyInputError);
  });

  it('accepts the defaults', () => {
    expect(smc.sessions(timed, { session: 'Tokyo' }).active.length).toBe(3);
    expect(smc.previousHighLow(timed).previousHigh.length).toBe(3);
  });
});
