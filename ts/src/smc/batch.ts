/**
 * The eight batch functions of the Python package smartmoneyconcepts 0.0.27, computed in Rust in
 * one native call each. Outputs are equal cell by cell to the package's (NaN where it has NaN;
 * float32-stored columns carry the package's float32 values); row numbers address bars by
 * position.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { Ohlc } from '../ohlc.js';

/** Swing columns: the output of {@link swingHighsLows} and the input of the swing-based functions. */
export interface Swings {
  /** +1 swing high, -1 swing low, NaN elsewhere. */
  highLow: Float64Array;
  /** The high of a swing high / the low of a swing low, NaN elsewhere. */
  level: Float64Array;
}

export interface SwingOptions {
  /** Bars on each side of a swing (the package's `swing_length`, default 50), a whole number >= 1. */
  swingLength?: number;
}

/**
 * Swing highs and lows (`smc.swing_highs_lows`). Candidate rows i (from 2L-1 to n-1-L) are
 * swing highs when their high is the max of `high[i-L+1..i+L]`, else swing lows when their low is
 * the min; of consecutive same-type swings only the most extreme survives (the earlier on ties);
 * row 0 and row n-1 then get the type opposite to the first and last swing.
 * @throws OutOfRangeError (swingLength < 1 or not whole), EmptyInputError, bar validation errors
 */
export function swingHighsLows(ohlc: Ohlc, options: SwingOptions = {}): Swings {
  return callNative(() => native.smcSwingHighsLows(ohlc, options));
}

export interface FvgOptions {
  /** Merge runs of same-direction gaps into their last row, widest top/bottom (default false). */
  joinConsecutive?: boolean;
}

export interface FvgResult {
  /** +1 bullish, -1 bearish, NaN elsewhere (at the middle candle). */
  fvg: Float64Array;
  top: Float64Array;
  bottom: Float64Array;
  /** Row of the first candle from i+2 on that trades into the gap; 0 if none yet. */
  mitigatedIndex: Float64Array;
}

/**
 * Fair value gaps (`smc.fvg`): bullish when the middle candle closes up and `high[i-1] <
 * low[i+1]`, bearish when it closes down and `low[i-1] > high[i+1]`.
 */
export function fvg(ohlc: Ohlc, options: FvgOptions = {}): FvgResult {
  return callNative(() => native.smcFvg(ohlc, options));
}

export interface BosChochOptions {
  /** Break on the close (default true) or on the wick (false). */
  closeBreak?: boolean;
}

export interface BosChochResult {
  bos: Float64Array;
  choch: Float64Array;
  /** The broken level (a float32 value, as the package stores it). */
  level: Float64Array;
  /** Row of the break. Kept on events cancelled by a later event's earlier break (package quirk). */
  brokenIndex: Float64Array;
}

/**
 * Break of structure / change of character (`smc.bos_choch`) over the last four swings; events
 * that are never broken are dropped, and a break cancels earlier events broken at or after it.
 */
export function bosChoch(ohlc: Ohlc, swings: Swings, options: BosChochOptions = {}): BosChochResult {
  return callNative(() => native.smcBosChoch(ohlc, swings, options));
}

export interface ObOptions {
  /** Mitigate on the candle body instead of the wick (default false). */
  closeMitigation?: boolean;
  /**
   * Corrected behaviour, off by default: report the mitigating row itself for bullish blocks.
   * The package reports the row before it for bullish blocks and the row itself for bearish ones.
   */
  bullishMitigationAtBreak?: boolean;
}

export interface ObResult {
  ob: Float64Array;
  /** float32 values, as the package stores them (also `bottom`, `obVolume`, `percentage`). */
  top: Float64Array;
  bottom: Float64Array;
  /** Volume of the breaking candle and the two before it. */
  obVolume: Float64Array;
  /** 0 while unmitigated. */
  mitigatedIndex: Float64Array;
  /** min(recent, older volume) / max(...) * 100, 100 when both are 0. */
  percentage: Float64Array;
}

/** Order blocks (`smc.ob`): the last opposite candle before a close beyond the last swing. */
export function ob(ohlc: Ohlc, swings: Swings, options: ObOptions = {}): ObResult {
  return callNative(() => native.smcOb(ohlc, swings, options));
}

export interface LiquidityOptions {
  /** Band half-width as a fraction of (max high - min low) over the WHOLE input (default 0.01). */
  rangePercent?: number;
}

export interface LiquidityResult {
  /** +1 (equal highs) / -1 (equal lows) / NaN; all four columns are float32 values. */
  liquidity: Float64Array;
  /** Mean level of the cluster. */
  level: Float64Array;
  /** Row of the last swing in the cluster. */
  end: Float64Array;
  /** First row beyond the band, 0 if none. */
  swept: Float64Array;
}

/**
 * Liquidity (`smc.liquidity`): clusters of two or more swing highs (lows) within the band, up to
 * the candle that sweeps it.
 * @throws OutOfRangeError when rangePercent is negative or not finite
 */
export function liquidity(ohlc: Ohlc, swings: Swings, options: LiquidityOptions = {}): LiquidityResult {
  return callNative(() => native.smcLiquidity(ohlc, swings, options));
}

export interface PreviousHighLowOptions {
  /**
   * pandas resample frequency: `'<n>s'`, `'<n>min'`, `'<n>h'`, `'<n>D'` (left-closed, labelled by
   * start, anchored at midnight of the first bar's day), `'W'` / `'W-MON'`..`'W-SUN'` and `'ME'`
   * (right-closed, labelled by the end day), `'MS'`. Default `'1D'`.
   */
  timeFrame?: string;
  /**
   * Corrected behaviour, off by default: always use the period right before the bar's own. The
   * package looks two periods back on the first bar of a left-labelled period and on every bar of
   * a right-labelled one (`W`, `ME`).
   */
  strictPrevious?: boolean;
}

export interface PreviousHighLowResult {
  /** float32 values; NaN before two periods exist. */
  previousHigh: Float64Array;
  previousLow: Float64Array;
  /** 1 once the running high since the reference period changed exceeds it, else 0. */
  brokenHigh: Float64Array;
  brokenLow: Float64Array;
}

/**
 * Previous period high/low (`smc.previous_high_low`). Needs `ohlc.time`.
 * @throws InvalidInputError (no time, unknown timeFrame)
 */
export function previousHighLow(ohlc: Ohlc, options: PreviousHighLowOptions = {}): PreviousHighLowResult {
  return callNative(() => native.smcPreviousHighLow(ohlc, options));
}

/** The package's session names. */
export type SessionName =
  | 'Sydney'
  | 'Tokyo'
  | 'London'
  | 'New York'
  | 'Asian kill zone'
  | 'London open kill zone'
  | 'New York kill zone'
  | 'london close kill zone'
  | 'Custom';

export interface SessionOptions {
  session: SessionName;
  /** `'HH:MM'` (UTC), required for `'Custom'`. */
  startTime?: string;
  endTime?: string;
  /**
   * Wall-clock zone of `ohlc.time`: `'UTC'` (default) or a fixed offset `'UTC+2'`, `'GMT-5'`,
   * `'UTC+05:30'`. As in the package, `'UTC+2'` is read as the POSIX zone `Etc/GMT+2` (two hours
   * WEST of UTC) unless `isoOffsetSign` is set.
   */
  timeZone?: string;
  /** Corrected behaviour, off by default: `'UTC+2'` means two hours east of UTC. */
  isoOffsetSign?: boolean;
}

export interface SessionResult {
  /** 1 inside the session (both ends inclusive), 0 outside. */
  active: Float64Array;
  /** Running session high / low (float32 values); 0 outside the session. */
  high: Float64Array;
  low: Float64Array;
}

/**
 * Sessions and kill zones (`smc.sessions`). Needs `ohlc.time`.
 * @throws InvalidInputError (no time, unknown session, bad HH:MM, unsupported timeZone)
 */
export function sessions(ohlc: Ohlc, options: SessionOptions): SessionResult {
  return callNative(() => native.smcSessions(ohlc, options));
}

export interface RetracementResult {
  /** +1 after a swing high, -1 after a swing low, 0 during warm-up. */
  direction: Float64Array;
  /** Percent, rounded to 0.1 like the package. */
  currentRetracement: Float64Array;
  deepestRetracement: Float64Array;
}

/** Retracements from the last swing (`smc.retracements`), shifted one row as in the package. */
export function retracements(ohlc: Ohlc, swings: Swings): RetracementResult {
  return callNative(() => native.smcRetracements(ohlc, swings));
}
