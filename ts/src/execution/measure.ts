/**
 * Measuring an execution: Perold implementation shortfall and slippage.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';

export type Side = 'buy' | 'sell';

export interface ShortfallInput {
  side: Side;
  /** Quantity the decision intended to trade. */
  intended: number;
  decisionPrice: number;
  arrivalPrice: number;
  /** Price the unfilled remainder is valued at. */
  endPrice: number;
  fillQty: Float64Array;
  fillPrice: Float64Array;
  /** Explicit costs in currency. */
  fees?: number;
}

/** Components in currency and in bps of intended x decisionPrice; positive = cost. */
export interface Shortfall {
  filled: number;
  averagePrice: number;
  delay: number;
  trading: number;
  opportunity: number;
  fees: number;
  total: number;
  delayBps: number;
  tradingBps: number;
  opportunityBps: number;
  feesBps: number;
  totalBps: number;
}

/**
 * Implementation shortfall (Perold) split into delay (arrival vs decision on the filled part),
 * trading (fills vs arrival), opportunity (end vs decision on the unfilled part) and fees.
 * @throws OutOfRangeError, NonFiniteError, LengthMismatchError, InvalidInputError (overfill)
 */
export function implementationShortfall(input: ShortfallInput): Shortfall {
  return callNative(() => native.implementationShortfall(input));
}

/** VWAP of the market trades in the execution interval. */
export function intervalVwap(price: Float64Array, volume: Float64Array): number {
  return callNative(() => native.intervalVwap(price, volume));
}

/** Slippage of an average price against a benchmark (arrival price, interval VWAP), in bps; positive = worse. */
export function slippageBps(side: Side, averagePrice: number, benchmark: number): number {
  return callNative(() => native.slippageBps(side, averagePrice, benchmark));
}
