/**
 * Deterministic client order ids. The id is a hash of (strategy, symbol, decision key, order
 * index). The decision key names the event the decision was taken on, never a counter of this
 * process, so an event delivered again (to this process after a Kafka rebalance, or to a
 * restarted engine re-consuming uncommitted offsets) yields the same ids, and the orders already
 * sent are recognised (in memory, or journaled: `Store.sentClientOrderIds`). In order of
 * preference, the key is:
 * 1. the venue's own id of the event: trade id, book update id, quote update id. It survives
 *    redelivery, restarts and re-publishing, and an offline run of the same events gets the
 *    same ids;
 * 2. else the event's position in its source (Kafka topic, partition, offset; file, line);
 * 3. else the event's time plus its rank among the symbol's events with that time. This one
 *    breaks when a delivery restarts in the middle of a run of same-time events (the rank
 *    restarts or continues), which is why the first two come first.
 * Bars have no venue id: the same bar time can legitimately come again (a partial bar, then
 * the closed one), so bars are named by 2 or 3.
 */
import { createHash } from 'node:crypto';

import type { MarketEvent } from '../events/index.js';
import type { EventMeta } from '../sources/index.js';

/** What a decision key is made of (built into a string only when the decision sends orders). */
export interface DecisionName {
  event: MarketEvent;
  meta: EventMeta | undefined;
  /** The event's time and rank among the symbol's same-time events (SymbolState.nextKey). */
  time: number;
  rank: number;
}

/** The decision key of `name` (see the top of this file). */
export function decisionKey(name: DecisionName): string {
  const e = name.event;
  switch (e.type) {
    case 'trade':
      return `${e.venue}/t${e.tradeId}`;
    case 'book_delta':
      return `${e.venue}/d${e.finalUpdateId}`;
    case 'book_snapshot':
      return `${e.venue}/s${e.lastUpdateId}`;
    case 'quote':
      if (e.updateId !== null) return `${e.venue}/q${e.updateId}`;
      break;
    case 'bar':
      break;
  }
  const m = name.meta;
  return m ? `${m.origin}/${m.partition}@${m.offset}` : `${name.time}.${name.rank}`;
}

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
