/**
 * Technical indicators with TA-Lib's conventions (warm-up lengths, seeds, arithmetic order), as
 * batch functions over columns (one native call, output as long as the input, NaN during
 * warm-up) and as streaming classes updated per bar whose outputs equal the batch form.
 * @module indicators
 */
export { sma, ema, Sma, Ema } from './moving-averages.js';
export { trueRange, atr, Atr } from './volatility.js';
export { rsi, stochRsi, Rsi, StochRsi } from './momentum.js';
export type { StochRsiOptions, StochRsiResult, StochRsiValue } from './momentum.js';
export { dynamicBands, DynamicBands } from './dynamic-bands.js';
export type { DynamicBandsOptions, DynamicBandsResult, DynamicBandsValue } from './dynamic-bands.js';
