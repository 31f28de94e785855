// The simulated exchange keeps working orders and the last `maxFinishedOrders` finished ones, so a
// venue paper-trading for days does not grow with every order (core and client order ids alike).
import { describe, expect, it } from 'vitest';

import { InvalidInputError, NotFoundError, OutOfRangeError } from '../../../src/index.js';
import { eventList, levelColumns, SimulatedExchange, type L2VenueOptions } from '../../../src/execution/sim/index.js';

function venue(options: Partial<L2VenueOptions> = {}): SimulatedExchange {
  const v = new SimulatedExchange({ mode: 'l2', tickSize: '0.01', ...options });
  v.snapshot(0n, levelColumns([['100.00', '1000000']]), levelColumns([['100.01', '1000000']]));
  return v;
}

describe('execution.sim.SimulatedExchange: finished orders kept', () => {
  it('drops finished orders beyond maxFinishedOrders, keeps working ones, and forgets dropped client ids', () => {
    const v = venue({ maxFinishedOrders: 20 });
    const resting = v.submit({ clientOrderId: 'rest', side: 'buy', type: 'limit', qty: 1, price: 90 });
    expect(eventList(v.advanceTo(0n)).map((e) => e.kind)).toEqual(['accepted']);
    let t = 0n;
    for (let k = 0; k < 1_000; k++) {
      const id = v.submit({ clientOrderId: `m${k}`, side: 'buy', type: 'market', qty: 0.01 });
      const ev = eventList(v.advanceTo(++t));
      // Events still name their orders: ids map both ways while the core keeps the order.
      expect(ev.map((e) => [e.kind, e.clientOrderId])).toEqual([
        ['accepted', id],
        ['fill', id],
      ]);
      expect(v.keptOrders).toBeLessThanOrEqual(22);
    }
    expect(v.orderCount).toBe(1_001);
    expect(v.order(resting).status).toBe('open');
    expect(v.workingOrders()).toEqual([resting]);
    expect(v.order('m999').status).toBe('filled');
    expect(v.order('m980').status).toBe('filled');
    // Older ones are gone: a typed NotFoundError, as for an id never used ...
    expect(() => v.order('m0')).toThrow(NotFoundError);
    expect(() => v.cancel('m500')).toThrow(NotFoundError);
    expect(() => v.order('never')).toThrow(NotFoundError);
    // ... and their client order ids were forgotten, so one can be used again: a new order.
    v.submit({ clientOrderId: 'm0', side: 'sell', type: 'market', qty: 0.01 });
    expect(eventList(v.advanceTo(++t)).map((e) => [e.kind, e.clientOrderId, e.orderId])).toEqual([
      ['accepted', 'm0', 1_001],
      ['fill', 'm0', 1_001],
    ]);
    // A kept one is still a duplicate.
    expect(() => v.submit({ clientOrderId: 'm999', side: 'buy', type: 'market', qty: 0.01 })).toThrow(InvalidInputError);
    // The resting order still works and can be cancelled.
    v.cancel(resting);
    expect(eventList(v.advanceTo(t + 1n)).map((e) => [e.kind, e.clientOrderId])).toEqual([['cancelled', resting]]);
  });

  it('keeps an order whose refused cancel is still in flight, so its late event is named', () => {
    // Cancels take 100 ns, responses 10: a cancel sent before the fill reached the client
    // comes back after the client has seen the fill.
    const v = venue({ maxFinishedOrders: 0, latency: { submitNs: 0, cancelNs: 100, responseNs: 10 } });
    const id = v.submit({ side: 'buy', type: 'market', qty: 1 });
    v.advanceTo(5n);
    v.cancel(id);
    expect(eventList(v.advanceTo(10n)).map((e) => e.kind)).toEqual(['accepted', 'fill']);
    // Many orders later (more than the 64 between sweeps of dropped ids), the refusal arrives.
    for (let k = 0; k < 100; k++) v.submit({ side: 'buy', type: 'limit', qty: 1, price: 90 });
    const late = eventList(v.advanceTo(120n)).filter((e) => e.kind === 'cancelRejected');
    expect(late.map((e) => [e.clientOrderId, e.reason])).toEqual([[id, 'tooLateToCancel']]);
    expect(v.order(id).status).toBe('filled');
    for (let k = 0; k < 64; k++) v.submit({ side: 'buy', type: 'limit', qty: 1, price: 90 });
    expect(() => v.order(id)).toThrow(NotFoundError);
  });

  it('validates the bound; Infinity keeps every order', () => {
    for (const bad of [-1, 0.5, NaN]) expect(() => venue({ maxFinishedOrders: bad })).toThrow(OutOfRangeError);
    const all = venue({ maxFinishedOrders: Infinity });
    for (let k = 0; k < 200; k++) all.submit({ side: 'buy', type: 'market', qty: 0.01 });
    all.advanceTo(1n);
    all.submit({ side: 'buy', type: 'market', qty: 0.01 });
    expect(all.keptOrders).toBe(201);
    expect(all.order('o0').status).toBe('filled');
  });
});
