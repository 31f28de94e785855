import { describe, expect, it } from 'vitest';

import { engine } from '../../src/index.js';
import type { ExecutionReport, ExecutionVenue, VenueOrder } from '../../src/engine/types.js';
import { barEvents } from './support.js';

/**
 * A user venue whose reports of an order arrive out of order: the cancel's acknowledgement
 * (final) first, then a fill the venue executed before the cancel reached it.
 */
class LateFillVenue implements ExecutionVenue {
  readonly name = 'late';
  readonly #out: ExecutionReport[] = [];
  readonly orders: VenueOrder[] = [];

  submit(order: VenueOrder): void {
    this.orders.push(order);
    const base = { clientOrderId: order.clientOrderId, symbol: order.symbol, time: 1, fee: 0, reason: null };
    this.#out.push({ ...base, kind: 'accepted', price: NaN, qty: 0, liquidity: null, leavesQty: order.qty });
    this.#out.push({ ...base, kind: 'cancelled', price: NaN, qty: order.qty, liquidity: null, leavesQty: 0 });
  }

  cancel(): void {}

  /** Delivers the accepted + cancelled reports first, and the late fill on the next call. */
  drain(): ExecutionReport[] {
    const now = this.#out.splice(0, this.#out.length);
    for (const o of this.orders.splice(0, this.orders.length)) {
      this.#out.push({ kind: 'fill', clientOrderId: o.clientOrderId, symbol: o.symbol, time: 2, price: 100, qty: o.qty, fee: 0.1, liquidity: 'taker', leavesQty: 0, reason: null });
    }
    return now;
  }
}

describe('createEngine: reports after an order is finished', () => {
  it('books a fill that arrives after the final report of its order and shows it to the strategy', async () => {
    const venue = new LateFillVenue();
    const seen: string[] = [];
    let sent = false;
    const strategy: engine.Strategy = {
      name: 'once',
      onBar: () => {
        if (sent) return;
        sent = true;
        return [{ side: 'buy', quantity: 2 }];
      },
      onExecution: (r) => seen.push(r.kind),
    };
    const e = await engine.createEngine({ strategy, symbols: ['BTC'], venue, clock: new engine.HistoricalClock(), store: null, sink: null, metrics: null, cache: null, source: null });
    await e.start();
    for (const b of barEvents('BTC', 5, 1)) await e.processValidated(b);
    expect(seen).toEqual(['accepted', 'cancelled', 'fill']);
    expect(e.stats().fills).toBe(1);
    expect(e.portfolio.positionOf('BTC')).toBe(2);
    await e.stop();
  });
});
