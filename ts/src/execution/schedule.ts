/**
 * Pure schedules: how a parent order splits into child quantities, computed in Rust.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { Ohlc } from '../ohlc.js';

/** Lot size and minimum child quantity: no child is ever below either. */
export interface LotOptions {
  /** Quantity increment (1 by default); the parent must be a whole number of lots. */
  lotSize?: number;
  /** Smallest child quantity (one lot by default). */
  minQty?: number;
}

/** Child `quantities[i]` released at `times[i]` (epoch ms). Zero slices are kept. */
export interface Schedule {
  times: Float64Array;
  quantities: Float64Array;
}

export interface TwapOptions extends LotOptions {
  quantity: number;
  /** Number of equal intervals of [start, end). */
  slices: number;
  start: number;
  end: number;
  /** Seeded randomisation of each release time within its slice. */
  jitter?: { seed: number; fraction: number };
}

/**
 * TWAP: base slice floor(Q/(N*L))*L, the remaining lots one each to the first slices, slices
 * below the minimum merged forward.
 * @throws OutOfRangeError, InvalidInputError (quantity not whole lots or below the minimum), UnorderedError
 */
export function twap(options: TwapOptions): Schedule {
  const { jitter, ...rest } = options;
  return callNative(() =>
    native.twapSchedule({ ...rest, jitterSeed: jitter?.seed, jitterFraction: jitter?.fraction }),
  );
}

export interface VwapOptions extends LotOptions {
  quantity: number;
  /** Relative volume per interval (for example {@link VolumeProfile.weights}). */
  weights: Float64Array;
  start: number;
  end: number;
}

/** VWAP: slices proportional to `weights` in whole lots (largest remainder, ties to the earlier slice). */
export function vwap(options: VwapOptions): Schedule {
  return callNative(() => native.vwapSchedule(options));
}

/** Intraday volume profile over equal UTC buckets. */
export interface VolumeProfile {
  /** Share of daily volume per bucket (sums to 1). */
  weights: Float64Array;
  /** Mean volume per bucket per day: what dynamic VWAP compares realised volume with. */
  meanVolume: Float64Array;
  days: number;
}

/**
 * Builds a volume profile from bars with `time`: each bar's volume goes to the bucket of its
 * open time of day (UTC), averaged over the distinct days.
 * @throws InvalidInputError (no `time`, no volume), OutOfRangeError
 */
export function volumeProfile(bars: Ohlc, buckets: number): VolumeProfile {
  return callNative(() => native.volumeProfile(bars, buckets));
}

export interface PovOptions extends LotOptions {
  quantity: number;
  /** Target participation rho in (0, 1): own = rho/(1-rho) x others' volume. */
  rate: number;
  /** Forecast of others' volume per interval. */
  othersVolume: Float64Array;
  /** Largest child (none by default). */
  maxChild?: number;
}

/** POV plan against a volume forecast; capped children are caught up in later intervals. */
export function pov(options: PovOptions): Float64Array {
  return callNative(() => native.povSchedule(options));
}

export interface IcebergOptions extends LotOptions {
  quantity: number;
  display: number;
  /** Each clip is display x U[1 - variance, 1 + variance], in [0, 1). */
  variance?: number;
  seed?: number;
}

/** The clip sizes an iceberg shows, in order; they sum to the quantity. */
export function iceberg(options: IcebergOptions): Float64Array {
  return callNative(() => native.icebergClips(options));
}

export interface AlmgrenChrissParams {
  /** Shares to liquidate, X > 0. */
  shares: number;
  /** Horizon T (unit of sigma's time, e.g. days). */
  horizon: number;
  /** Trading periods N. */
  periods: number;
  sigma: number;
  /** Temporary impact. */
  eta: number;
  /** Permanent impact. */
  gamma: number;
  /** Fixed cost per share (half spread + fees). */
  epsilon: number;
  /** Risk aversion; 0 gives TWAP. */
  lambda: number;
}

export interface AlmgrenChrissResult {
  /** x_0 = X .. x_N = 0. */
  holdings: Float64Array;
  /** n_1 .. n_N. */
  trades: Float64Array;
  kappa: number;
  expectedCost: number;
  variance: number;
}

/**
 * The closed-form optimal trajectory of Almgren and Chriss (2000): kappa from
 * (2/tau^2)(cosh(kappa tau) - 1) = lambda sigma^2 / eta~, x_j = X sinh(kappa(T - t_j)) / sinh(kappa T).
 * @throws OutOfRangeError, NonFiniteError, InvalidInputError (eta~ <= 0)
 */
export function almgrenChriss(params: AlmgrenChrissParams): AlmgrenChrissResult {
  return callNative(() => native.almgrenChriss(params));
}
