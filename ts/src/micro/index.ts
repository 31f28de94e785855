/**
 * Market microstructure: spreads, mids, imbalance, Stoikov's micro-price, order flow imbalance,
 * trade signing, Kyle's lambda, Amihud, Roll, realized volatility and VPIN. Batch functions take
 * and return `Float64Array` columns (same length, NaN in warm-up); streaming classes give the same
 * values one observation at a time.
 * @module micro
 */
export {
  mid,
  quotedSpread,
  imbalance,
  weightedMid,
  depthImbalance,
  ofi,
  asof,
  signFromAggressor,
  tickRule,
  leeReady,
  effectiveSpread,
  realizedSpread,
  kyleLambda,
  amihud,
  rollSpread,
  realizedVolatility,
  vpin,
} from './measures.js';
export type { Quotes, RealizedSpreadInput, VpinOptions } from './measures.js';
export {
  Ofi,
  TickRule,
  LeeReady,
  KyleLambda,
  Amihud,
  RollSpread,
  RealizedVolatility,
  Vpin,
  MicropriceModel,
} from './streaming.js';
export type { MicropriceOptions } from './streaming.js';
