/**
 * Deterministic client order ids. The id is a hash of (strategy, symbol, decision key, order
 * index). The engine's decision key names the event (its time, plus its rank among the symbol's
 * events with that time), not a counter of this process: a restarted engine that re-consumes
 * uncommitted Kafka messages then produces the same ids as the crashed one, and can recognise
 * the orders that one already journaled (`Store.sentClientOrderIds`).
 */
import { createHash } from 'node:crypto';

/** `<strategy>-<24 hex>`: readable prefix, collision-resistant suffix. */
export function clientOrderId(strategy: string, symbol: string, key: number | string, index: number): string {
  const h = createHash('sha256').update(`${strategy}\u0000${symbol}\u0000${key}\u0000${index}`).digest('hex');
  return `${strategy.slice(0, 16)}-${h.slice(0, 24)}`;
}

/**
 * The cache key of an ensemble answer: model version plus a hash of the feature window
 * quantised to `step` (nearby windows share an answer; NaN quantises to a sentinel).
 * FNV-1a over the quantised integers: cheap, and only a key, never a number we compute with.
 */
export function featureKey(modelVersion: string, window: Float32Array, step: number): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ window.length;
  const inv = 1 / step;
  for (let i = 0; i < window.length; i++) {
    const x = window[i]!;
    const q = Number.isFinite(x) ? Math.round(x * inv) | 0 : 0x7fffffff;
    h1 = Math.imul(h1 ^ q, 0x01000193);
    h2 = Math.imul(h2 ^ (q >>> 7), 0x5bd1e995);
  }
  return `${modelVersion}:${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
}
