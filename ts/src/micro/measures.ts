/**
 * Batch microstructure measures over columns, computed in Rust in one call each. Outputs have
 * the input's length, with NaN during warm-up.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

/** Best quotes as columns of equal length: bid, bid size, ask, ask size (sizes >= 0). */
export interface Quotes {
  bid: Float64Array;
  bidQty: Float64Array;
  ask: Float64Array;
  askQty: Float64Array;
}

/** Mid price `(bid + ask) / 2`. */
export function mid(bid: Float64Array, ask: Float64Array): Float64Array {
  return callNative(() => native.microMid(bid, ask));
}

/** Quoted spread `ask - bid`, or `(ask - bid) / mid` with `relative: true`. */
export function quotedSpread(bid: Float64Array, ask: Float64Array, options: { relative?: boolean } = {}): Float64Array {
  return callNative(() => native.microQuotedSpread(bid, ask, options.relative));
}

/** Top-of-book imbalance `(Qb - Qa) / (Qb + Qa)` in [-1, 1]; NaN when both sizes are 0. */
export function imbalance(quotes: Quotes): Float64Array {
  return callNative(() => native.microImbalance(quotes));
}

/**
 * Imbalance-weighted mid `I * ask + (1 - I) * bid`, `I = Qb / (Qb + Qa)` (Stoikov 2018's
 * "weighted mid"): bid 100.00 x 5, ask 100.02 x 4 gives 100.011111.
 */
export function weightedMid(quotes: Quotes): Float64Array {
  return callNative(() => native.microWeightedMid(quotes));
}

/**
 * Depth-weighted imbalance over `levels` levels from row-major size matrices
 * (`bidQty[i * levels + k]`: size k levels from the touch at row i, 0 when missing):
 * `sum w_k (Qb_k - Qa_k) / sum w_k (Qb_k + Qa_k)`, `w_k = exp(-decay k)` (Cao, Hansch & Wang
 * 2009). One output per row.
 */
export function depthImbalance(bidQty: Float64Array, askQty: Float64Array, levels: number, decay = 0): Float64Array {
  return callNative(() => native.microDepthImbalance(bidQty, askQty, levels, decay));
}

/**
 * Order flow imbalance (Cont, Kukanov & Stoikov 2014, "The price impact of order book events"):
 * per quote change
 * `e_n = 1{Pb_n >= Pb_n-1} qb_n - 1{Pb_n <= Pb_n-1} qb_n-1 - 1{Pa_n <= Pa_n-1} qa_n + 1{Pa_n >= Pa_n-1} qa_n-1`,
 * and OFI the sum of the last `window` contributions.
 * @returns `contribution` (NaN at row 0) and `ofi` (NaN for rows < window)
 */
export function ofi(quotes: Quotes, window: number): { contribution: Float64Array; ofi: Float64Array } {
  return callNative(() => native.microOfi(quotes, window));
}

/**
 * As-of join: for each `time`, the last `values[j]` with `valueTime[j] <= time` (NaN before the
 * first). Use it to get the prevailing mid at each trade.
 * @throws UnorderedError when a time column decreases
 */
export function asof(time: Float64Array, valueTime: Float64Array, values: Float64Array): Float64Array {
  return callNative(() => native.microAsof(time, valueTime, values));
}

/** Trade sign from Binance's `m` flag (buyer is maker): 1 -> -1 (seller aggressed), 0 -> +1. */
export function signFromAggressor(buyerIsMaker: Uint8Array): Float64Array {
  return callNative(() => native.microSignFromAggressor(buyerIsMaker));
}

/** Tick rule (Lee & Ready 1991): +1 uptick, -1 downtick, previous sign on a zero tick; NaN until the first change. */
export function tickRule(price: Float64Array): Float64Array {
  return callNative(() => native.microTickRule(price));
}

/**
 * Lee-Ready (1991): +1 above the prevailing mid, -1 below, tick rule at the mid (or when the mid
 * is NaN). Pass the mid prevailing at each trade (see {@link asof}).
 */
export function leeReady(price: Float64Array, mid: Float64Array): Float64Array {
  return callNative(() => native.microLeeReady(price, mid));
}

/** Effective spread `2 s (p - m)` (Bessembinder 2003), divided by m with `relative: true`. */
export function effectiveSpread(
  price: Float64Array,
  sign: Float64Array,
  mid: Float64Array,
  options: { relative?: boolean } = {},
): Float64Array {
  return callNative(() => native.microEffectiveSpread(price, sign, mid, options.relative));
}

/** Inputs of {@link realizedSpread}: trades and the quote (mid) series, each time-sorted. */
export interface RealizedSpreadInput {
  tradeTime: Float64Array;
  price: Float64Array;
  sign: Float64Array;
  quoteTime: Float64Array;
  mid: Float64Array;
}

/**
 * Realized spread `2 s (p - m_{t+h})`, m_{t+h} the mid prevailing `horizon` time units after the
 * trade (Huang & Stoll 1996; Bessembinder 2003); divided by the mid at the trade with
 * `relative: true`. NaN when t + horizon is after the last quote.
 */
export function realizedSpread(
  input: RealizedSpreadInput,
  options: { horizon: number; relative?: boolean },
): Float64Array {
  return callNative(() => native.microRealizedSpread(input, options.horizon, options.relative));
}

/**
 * Kyle's lambda: rolling OLS slope of the mid change on signed volume over `window`
 * observations, `cov(q, dm) / var(q)` (Kyle 1985; Hasbrouck 2009 ch. 5). NaN for the first
 * window - 1 rows and when q has no variance.
 */
export function kyleLambda(midChange: Float64Array, signedVolume: Float64Array, window: number): Float64Array {
  return callNative(() => native.microKyleLambda(midChange, signedVolume, window));
}

/**
 * Amihud (2002) illiquidity: rolling mean of `|r_t| / dollarVolume_t` over the periods of the
 * last `window` that traded. NaN for the first window - 1 rows or when none traded.
 */
export function amihud(returns: Float64Array, dollarVolume: Float64Array, window: number): Float64Array {
  return callNative(() => native.microAmihud(returns, dollarVolume, window));
}

/**
 * Roll (1984) spread: `2 sqrt(-cov(dp_t, dp_t-1))` over the last `window` pairs of price
 * changes (sample covariance). NaN when the autocovariance is >= 0 (the estimator is undefined)
 * and for the first window + 1 rows.
 */
export function rollSpread(price: Float64Array, window: number): Float64Array {
  return callNative(() => native.microRollSpread(price, window));
}

/**
 * Realized volatility `sqrt(sum r_k^2)` over the last `window` log returns (Andersen &
 * Bollerslev 1998), not annualised. NaN for the first `window` rows.
 */
export function realizedVolatility(price: Float64Array, window: number): Float64Array {
  return callNative(() => native.microRealizedVolatility(price, window));
}

/** Options of {@link vpin}. */
export interface VpinOptions {
  /** Volume per bucket V (> 0). */
  bucketVolume: number;
  /** Buckets averaged over n (>= 1). */
  buckets: number;
  /** Bars over which the std of price changes is estimated (>= 2). */
  sigmaWindow: number;
}

/**
 * VPIN (Easley, López de Prado & O'Hara 2012) over bars: bulk volume classification
 * `V_buy = V Phi(dP / sigma_dP)` (sigma from the last `sigmaWindow` changes, causal), volume
 * buckets of `bucketVolume`, and `VPIN = sum |V_sell - V_buy| / (n V)` over the last `buckets`
 * buckets. NaN until `buckets` buckets are complete.
 */
export function vpin(price: Float64Array, volume: Float64Array, options: VpinOptions): Float64Array {
  return callNative(() => native.microVpin(price, volume, options));
}
