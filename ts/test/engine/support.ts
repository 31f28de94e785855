/** Shared fixtures of the engine tests: bar events from the core's synthetic market and a small SMA-cross strategy. */
import { engine, synth } from '../../src/index.js';
import type { Bar } from '../../src/events/index.js';

export function barEvents(symbol: string, n: number, seed: number): Bar[] {
  const b = synth.syntheticBars({ bars: n, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed });
  return Array.from({ length: n }, (_, i) => ({
    type: 'bar' as const,
    venue: 'sim',
    symbol,
    exchangeTime: null,
    receiveTime: b.time[i]! + 60_000,
    timeframe: '1m',
    openTime: b.time[i]!,
    open: b.open[i]!,
    high: b.high[i]!,
    low: b.low[i]!,
    close: b.close[i]!,
    volume: b.volume[i]!,
  }));
}

/** Long when the fast SMA is above the slow one, short below: always in the market after warm-up. */
export function smaCross(name = 'sma-cross', fast = 5, slow = 20): engine.Strategy {
  return {
    name,
    requires: { indicators: { fast: { kind: 'sma', period: fast }, slow: { kind: 'sma', period: slow } } },
    onBar(ctx) {
      const { fast: f, slow: s } = ctx.indicators;
      const q = ctx.position.quantity;
      if (!(f! > 0 && s! > 0)) return;
      if (f! > s! && q <= 0) return [{ side: 'buy', quantity: 1 - q }];
      if (f! < s! && q >= 0) return [{ side: 'sell', quantity: 1 + q }];
    },
  };
}
