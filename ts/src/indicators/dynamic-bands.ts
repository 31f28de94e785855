/**
 * StochRSI overbought/oversold bands that widen in volatile markets and narrow in quiet ones.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { Ohlc } from '../ohlc.js';

/** Parameters of {@link dynamicBands}; every field is optional. */
export interface DynamicBandsOptions {
  /** Oversold level before adjustment, in [0, 100] (default 20). */
  baseLower?: number;
  /** Overbought level before adjustment, in [0, 100], above baseLower (default 80). */
  baseUpper?: number;
  /** ATR period (default 14). */
  atrPeriod?: number;
  /** Period of the SMA of the ATR (default 20). */
  maPeriod?: number;
  /** Ratio above which the bands widen (default 1.2). */
  highVol?: number;
  /** Ratio below which the bands narrow, >= 0 and below highVol (default 0.8). */
  lowVol?: number;
  /** Scale of the adjustment, >= 0 (default 0.3: a ratio of 1.3 moves each band 9 points). */
  adjustment?: number;
  /** Largest move of a band from its base, >= 0 (default 15). */
  maxShift?: number;
  /** Smallest distance between the bands, in [0, 100] (default 10). */
  minWidth?: number;
}

/** The columns of {@link dynamicBands}, each as long as the input. */
export interface DynamicBandsResult {
  lower: Float64Array;
  upper: Float64Array;
  /** ATR(atrPeriod) / SMA(ATR, maPeriod). */
  volatilityRatio: Float64Array;
  /** SMA(ATR, maPeriod). */
  atrMa: Float64Array;
}

/**
 * Volatility-adaptive StochRSI bands.
 *
 * ratio = ATR(atrPeriod) / SMA(ATR, maPeriod). If ratio > highVol, with
 * e = (ratio - 1) * adjustment * 100: lower = max(baseLower - e, baseLower - maxShift) and
 * upper = min(baseUpper + e, baseUpper + maxShift). If ratio < lowVol, with
 * c = (1 - ratio) * adjustment * 100: lower = min(baseLower + c, baseLower + maxShift) and
 * upper = max(baseUpper - c, baseUpper - maxShift). Otherwise the base levels. Then the bands
 * are pushed apart symmetrically around their midpoint to at least minWidth and clamped to
 * [0, 100].
 *
 * Warm-up: NaN in every column for bars 0..atrPeriod+maPeriod-2. A stretch with no price range
 * at all (SMA of ATR = 0) has ratio 1 (base bands), never NaN.
 * @throws the errors of {@link assertOhlc} (bars are validated), OutOfRangeError /
 *   InvalidInputError / NonFiniteError for options (lowVol < highVol, baseLower < baseUpper, ...)
 */
export function dynamicBands(ohlc: Ohlc, options: DynamicBandsOptions = {}): DynamicBandsResult {
  return callNative(() => native.dynamicBands(ohlc, options));
}

/** One output of the streaming {@link DynamicBands}. */
export interface DynamicBandsValue {
  lower: number;
  upper: number;
  volatilityRatio: number;
  atrMa: number;
}

/** Streaming {@link dynamicBands}: O(1) per bar, equal to the batch form. */
export class DynamicBands {
  readonly #inner: InstanceType<typeof native.DynamicBandsStream>;

  /** @throws OutOfRangeError, InvalidInputError, NonFiniteError for invalid options */
  constructor(options: DynamicBandsOptions = {}) {
    this.#inner = callNative(() => new native.DynamicBandsStream(options));
  }

  /**
   * Adds one bar and returns the bands after it (NaN during warm-up).
   * @throws NonFiniteError, InvalidInputError (high < low)
   */
  push(high: number, low: number, close: number): DynamicBandsValue {
    return callNative(() => this.#inner.push(high, low, close));
  }

  get value(): DynamicBandsValue {
    return this.#inner.value;
  }

  get count(): number {
    return this.#inner.count;
  }

  reset(): void {
    this.#inner.reset();
  }
}
