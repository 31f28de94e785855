/**
 * Synthetic markets: realistic bars for examples, tests and benchmarks that must run without
 * downloaded data. The process (regime-switching GARCH(1,1) with Student-t innovations and
 * intrabar paths) is implemented in the Rust core; see `crates/smc-core/src/synth/bars.rs`.
 * @module synth
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { Ohlc } from '../ohlc.js';

/** One regime of the Markov chain that drives drift and volatility. */
export interface Regime {
  /** Log drift per bar. */
  drift: number;
  /** Multiplier of the GARCH volatility while in this regime. */
  volatilityMultiplier: number;
  /** Mean number of bars spent in the regime once entered (>= 1). */
  meanDuration: number;
}

export interface SyntheticBarsOptions {
  /** Number of bars (>= 1). */
  bars: number;
  /** Seed of the generator: the same options give the same bars bit for bit. Default 42. */
  seed?: number;
  /** Open time of the first bar, epoch ms UTC. Default 2024-01-01T00:00Z. */
  startTimeMs?: number;
  /** Bar length in ms. Default 60,000 (one minute). */
  intervalMs?: number;
  /** Default 40,000. */
  startPrice?: number;
  /** Prices are rounded to this tick. Default 0.1. */
  tickSize?: number;
  /** Unconditional per-bar log-return volatility of the calm process. Default 0.0008. */
  baseVolatility?: number;
  /** GARCH(1,1) reaction to the last shock. Default 0.08. */
  garchAlpha?: number;
  /** GARCH(1,1) persistence; alpha + beta < 1. Default 0.90. */
  garchBeta?: number;
  /** Degrees of freedom of the Student-t innovations (> 2). Default 5. */
  dof?: number;
  /** Intrabar increments per bar, from which high and low are taken. Default 8. */
  substeps?: number;
  /** Mean volume per calm bar. Default 25. */
  baseVolume?: number;
  /** Default: calm range, up trend, down trend, turbulent. */
  regimes?: Regime[];
}

/** Generated bars, plus the index of the regime each bar was drawn in. */
export interface SyntheticBars extends Required<Ohlc> {
  regime: Uint32Array;
}

/**
 * Generates OHLCV bars with volatility clustering, fat tails and regime switches.
 * @throws EmptyInputError (bars < 1), OutOfRangeError, NonFiniteError, InvalidInputError
 */
export function syntheticBars(options: SyntheticBarsOptions): SyntheticBars {
  return callNative(() => native.syntheticBars(options));
}
