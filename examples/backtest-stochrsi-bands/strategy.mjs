// Dynamic StochRSI bands: StochRSI %K against overbought/oversold levels that adapt to
// volatility (`indicators.dynamicBands`: ATR relative to its own average widens the bands in
// turbulent markets and narrows them in quiet ones).
//
// Rules, on each bar's close:
//   - long when %K crosses up through the lower band (leaving oversold);
//   - at %K crossing up through the upper band the long is closed and, with `short: true`,
//     reversed into a short, which the next long signal covers (and reverses).
// Both indicators are the core's streaming classes (bit-identical to the batch functions); the
// strategy only compares numbers and sizes the order, the engine does risk, execution and
// accounting.
import { indicators } from 'smc-engine';

/**
 * @typedef {object} StochRsiBandsParams
 * @property {number} rsiPeriod   RSI period under the StochRSI
 * @property {number} fastK       StochRSI %K lookback (RSI values)
 * @property {number} fastD       %D smoothing (not traded, kept for the record)
 * @property {number} atrPeriod   ATR period of the band adaptation
 * @property {number} maPeriod    average of the ATR the current ATR is compared with
 * @property {number} baseLower   oversold level before adaptation (0-100)
 * @property {number} baseUpper   overbought level before adaptation (0-100)
 * @property {number} highVol     ATR ratio above which the bands widen
 * @property {number} lowVol      ATR ratio below which the bands narrow
 * @property {number} adjustment  band shift per unit of ATR ratio away from 1 (x 100)
 * @property {number} maxShift    largest shift of a band from its base
 * @property {number} minWidth    smallest distance between the bands
 * @property {number} quantity    position size, units
 * @property {boolean} short      reverse into a short at the upper band (else only exit)
 */

/** @type {StochRsiBandsParams} */
export const defaultParams = {
  rsiPeriod: 14, fastK: 14, fastD: 3,
  atrPeriod: 14, maPeriod: 20, baseLower: 20, baseUpper: 80, highVol: 1.2, lowVol: 0.8, adjustment: 0.3, maxShift: 15, minWidth: 10,
  quantity: 0.25, short: true,
};

/**
 * @param {Partial<StochRsiBandsParams>} [overrides]
 * @returns {import('smc-engine').engine.Strategy<StochRsiBandsParams>}
 */
export function stochRsiBandsStrategy(overrides = {}) {
  const p = { ...defaultParams, ...overrides };
  const stoch = new indicators.StochRsi({ period: p.rsiPeriod, fastK: p.fastK, fastD: p.fastD });
  const bands = new indicators.DynamicBands({
    atrPeriod: p.atrPeriod, maPeriod: p.maPeriod, baseLower: p.baseLower, baseUpper: p.baseUpper,
    highVol: p.highVol, lowVol: p.lowVol, adjustment: p.adjustment, maxShift: p.maxShift, minWidth: p.minWidth,
  });
  let prevK = NaN;
  let prevLower = NaN;
  let prevUpper = NaN;

  return {
    name: 'stochrsi-dynamic-bands',
    onBar(ctx) {
      const { high, low, close } = ctx.bar;
      const k = stoch.push(close).fastK;
      const b = bands.push(high, low, close);
      // A cross needs two consecutive warmed-up bars; NaN comparisons are false during warm-up.
      const upThroughLower = prevK < prevLower && k >= b.lower;
      const upThroughUpper = prevK < prevUpper && k >= b.upper;
      prevK = k;
      prevLower = b.lower;
      prevUpper = b.upper;
      const q = ctx.positionQuantity;
      let target = q;
      if (upThroughLower) target = p.quantity;
      else if (upThroughUpper && q >= 0) target = p.short ? -p.quantity : 0;
      const delta = Number((target - q).toFixed(8));
      if (delta === 0) return;
      return [{ side: delta > 0 ? 'buy' : 'sell', quantity: Math.abs(delta), tag: upThroughLower ? 'lower-band' : 'upper-band' }];
    },
  };
}

/** For `smc backtest --strategy examples/backtest-stochrsi-bands/strategy.mjs`. */
export default stochRsiBandsStrategy;
