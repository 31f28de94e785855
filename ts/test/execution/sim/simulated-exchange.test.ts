import { describe, expect, it } from 'vitest';

import {
  CrossedBookError,
  InvalidInputError,
  InvalidStateError,
  NonFiniteError,
  NotFoundError,
  OutOfRangeError,
  UnorderedError,
} from '../../../src/index.js';
import {
  eventList,
  levelColumns,
  MARKET_ROW,
  SimulatedExchange,
  type MarketBatch,
} from '../../../src/execution/sim/index.js';

/** Bids 100.00 x 2, 99.99 x 3; asks 100.01 x 1, 100.02 x 2, 100.05 x 4, at t = 0. */
function venue(options: Partial<ConstructorParameters<typeof SimulatedExchange>[0]> = {}): SimulatedExchange {
  const v = new SimulatedExchange({ mode: 'l2', tickSize: '0.01', ...options } as ConstructorParameters<
    typeof SimulatedExchange
  >[0]);
  v.snapshot(
    0n,
    levelColumns([
      ['100.00', '2'],
      ['99.99', '3'],
    ]),
    levelColumns([
      ['100.01', '1'],
      ['100.02', '2'],
      ['100.05', '4'],
    ]),
  );
  return v;
}

function rows(r: [number, bigint, number, number][]): MarketBatch {
  return {
    kind: Uint8Array.from(r.map((x) => x[0])),
    tsNs: BigInt64Array.from(r.map((x) => x[1])),
    price: Float64Array.from(r.map((x) => x[2])),
    qty: Float64Array.from(r.map((x) => x[3])),
  };
}

describe('execution.sim.SimulatedExchange (L2)', () => {
  it('walks the book for a market order and reports taker fills with fees', () => {
    const v = venue({ fees: { makerBps: -1, takerBps: 5 } });
    const id = v.submit({ side: 'buy', type: 'market', qty: 2.5 });
    expect(id).toBe('o0');
    const ev = eventList(v.advanceTo(1n));
    expect(ev.map((e) => e.kind)).toEqual(['accepted', 'fill', 'fill']);
    const fills = ev.filter((e) => e.kind === 'fill');
    expect(fills.map((f) => [f.price, f.qty, f.liquidity])).toEqual([
      [100.01, 1, 'taker'],
      [100.02, 1.5, 'taker'],
    ]);
    expect(fills[0]!.fee).toBeCloseTo(100.01 * 5e-4, 12);
    expect(fills.every((f) => f.clientOrderId === 'o0')).toBe(true);
    expect(v.order('o0')).toMatchObject({ status: 'filled', filledQty: 2.5, leavesQty: 0 });
    expect(v.position).toBe(2.5);
  });

  it('queues a limit order and fills it from trades beyond the queue ahead, after latency', () => {
    const v = venue({ latency: { submitNs: 10, cancelNs: 10, responseNs: 5 } });
    v.submit({ clientOrderId: 'bid-1', side: 'buy', type: 'limit', qty: 1, price: 100 });
    expect(v.order('bid-1').status).toBe('inFlight');
    const b1 = v.applyMarket(
      rows([
        [MARKET_ROW.bid, 20n, 100, 2],
        [MARKET_ROW.tradeSell, 30n, 100, 1.5],
        [MARKET_ROW.tradeSell, 40n, 100, 1],
      ]),
    );
    const ev = eventList(b1);
    // The fill happens at 40 and is received at 45: not yet at the end of the batch.
    expect(ev.map((e) => e.kind)).toEqual(['accepted']);
    expect(ev[0]!.exchangeNs).toBe(10n);
    expect(ev[0]!.receiveNs).toBe(15n);
    ev.push(...eventList(v.advanceTo(45n)));
    expect(ev[1]!.receiveNs).toBe(45n);
    expect(ev[1]).toMatchObject({ kind: 'fill', price: 100, liquidity: 'maker', clientOrderId: 'bid-1' });
    expect(ev[1]!.qty).toBeCloseTo(0.5, 12);
    expect(v.queueAhead('bid-1')).toBe(0);
    expect(v.workingOrders()).toEqual(['bid-1']);
    v.cancel('bid-1');
    const done = eventList(v.advanceTo(100n));
    expect(done.map((e) => e.kind)).toEqual(['cancelled']);
    expect(() => v.cancel('bid-1')).toThrow(InvalidStateError);
  });

  it('rejects post-only orders that would take and FOK orders that cannot fill', () => {
    const v = venue();
    v.submit({ clientOrderId: 'po', side: 'buy', type: 'limit', qty: 1, price: 100.01, postOnly: true });
    v.submit({ clientOrderId: 'fok', side: 'buy', type: 'limit', qty: 10, price: 100.05, tif: 'fok' });
    const ev = eventList(v.advanceTo(1n));
    expect(ev.map((e) => [e.clientOrderId, e.kind, e.reason])).toEqual([
      ['po', 'rejected', 'postOnlyWouldTake'],
      ['fok', 'rejected', 'fokUnfillable'],
    ]);
  });

  it('throws typed errors on bad input and never crashes', () => {
    const v = venue();
    expect(() => v.submit({ side: 'buy', type: 'limit', qty: 0, price: 100 })).toThrow(OutOfRangeError);
    expect(() => v.submit({ side: 'buy', type: 'limit', qty: -1, price: 100 })).toThrow(OutOfRangeError);
    expect(() => v.submit({ side: 'buy', type: 'limit', qty: 1, price: Number.NaN })).toThrow(NonFiniteError);
    expect(() => v.submit({ side: 'buy', type: 'limit', qty: 1, price: 100.001 })).toThrow(InvalidInputError);
    expect(() => v.submit({ side: 'sell', type: 'market', qty: 1, reduceOnly: true })).toThrow(InvalidStateError);
    expect(() => v.cancel('nope')).toThrow(NotFoundError);
    v.submit({ clientOrderId: 'x', side: 'buy', type: 'limit', qty: 1, price: 99 });
    expect(() => v.submit({ clientOrderId: 'x', side: 'buy', type: 'limit', qty: 1, price: 99 })).toThrow(
      InvalidInputError,
    );
    v.advanceTo(10n);
    expect(() => v.advanceTo(5n)).toThrow(UnorderedError);
    expect(() => v.applyMarket(rows([[7, 20n, 100, 1]]))).toThrow(InvalidInputError);
    expect(() => v.applyMarket(rows([[0, 20n, 100, Number.NaN]]))).toThrow(NonFiniteError);
    expect(() =>
      v.snapshot(30n, levelColumns([['100.05', '1']]), levelColumns([['100.01', '1']])),
    ).toThrow(CrossedBookError);
    expect(() => new SimulatedExchange({ mode: 'l2', tickSize: '0.01', queue: { model: 'power', power: 0 } })).toThrow(
      OutOfRangeError,
    );
  });

  it('replaces the book with a top-of-book quote; a crossed quote stands and rejects arrivals', () => {
    const v = venue();
    v.quote(5n, { price: 100.02, qty: 1 }, { price: 100.03, qty: 0.5 });
    expect([v.bestBid(), v.bestAsk()]).toEqual([
      { price: 100.02, qty: 1 },
      { price: 100.03, qty: 0.5 },
    ]);
    v.submit({ clientOrderId: 'a', side: 'buy', type: 'market', qty: 2 });
    const ev = eventList(v.advanceTo(6n));
    // The depth of the earlier snapshot is gone: only the quoted 0.5 fills.
    expect(ev.filter((e) => e.kind === 'fill').map((e) => [e.price, e.qty])).toEqual([[100.03, 0.5]]);
    v.quote(7n, { price: 100.04, qty: 1 }, { price: 100.03, qty: 1 });
    v.submit({ clientOrderId: 'b', side: 'sell', type: 'market', qty: 1 });
    expect(eventList(v.advanceTo(8n)).map((e) => [e.clientOrderId, e.kind, e.reason])).toEqual([['b', 'rejected', 'crossedBook']]);
    expect(() => v.quote(9n, { price: 100.001, qty: 1 }, { price: 100.03, qty: 1 })).toThrow(InvalidInputError);
    expect(() => v.quote(9n, { price: 100, qty: Number.NaN }, { price: 100.03, qty: 1 })).toThrow(NonFiniteError);
    expect(() => v.quote(1n, { price: 100, qty: 1 }, { price: 100.03, qty: 1 })).toThrow(UnorderedError);
  });

  it('gives the same events for the same inputs and seed', () => {
    const run = (): string => {
      const v = venue({ seed: 11, queue: { model: 'power', power: 2, sampled: true } });
      v.submit({ side: 'buy', type: 'limit', qty: 1, price: 100 });
      const out: unknown[] = [];
      let t = 1n;
      for (let k = 0; k < 50; k++) {
        t += 1n;
        const q = 1 + ((k * 7) % 5);
        out.push(...eventList(v.applyMarket(rows([[MARKET_ROW.bid, t, 100, q]]))));
        if (k % 3 === 0) out.push(...eventList(v.applyMarket(rows([[MARKET_ROW.tradeSell, t, 100, 0.4]]))));
      }
      return JSON.stringify(out, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
    };
    expect(run()).toBe(run());
  });
});

describe('execution.sim.SimulatedExchange model options', () => {
  it('interpolates latency from feed timestamps', () => {
    // Feed delays 5, 25 (the local clock is 1 s behind: raw delays are negative), floor 100 ns.
    const v = venue({
      latency: {
        feedLocalNs: BigInt64Array.of(1_000n, 2_000n),
        feedExchangeNs: BigInt64Array.of(1_000_000_995n, 1_000_001_975n),
        floorNs: 100,
      },
    });
    v.advanceTo(1_000n);
    v.submit({ side: 'buy', type: 'market', qty: 0.5 });
    // Submit latency at t = 1000 is the floor (the fastest message): arrival at 1100, and the
    // response latency at 1100 is interpolated: 100 + 20 * 0.1 = 102.
    const ev = eventList(v.advanceTo(1_300n));
    expect(ev[0]!.exchangeNs).toBe(1_100n);
    expect(ev[0]!.receiveNs).toBe(1_202n);
  });

  it('charges tiered fees by rolling volume', () => {
    const v = venue({
      fees: {
        tiers: [
          { minVolume: 0, makerBps: 2, takerBps: 10 },
          { minVolume: 50, makerBps: 1, takerBps: 5 },
        ],
        windowNs: 1e9,
      },
    });
    v.submit({ side: 'buy', type: 'market', qty: 1 });
    v.submit({ side: 'buy', type: 'market', qty: 1 });
    const fees = eventList(v.advanceTo(1n))
      .filter((e) => e.kind === 'fill')
      .map((e) => e.fee);
    expect(fees[0]).toBeCloseTo(100.01 * 10e-4, 12); // tier 0
    expect(fees[1]).toBeCloseTo(100.02 * 5e-4, 12); // 100 traded: tier 1
  });

  it('applies square-root impact in bar mode and rejects unknown model names', () => {
    const MIN = 60_000_000_000n;
    const v = new SimulatedExchange({ mode: 'bar', slippage: { model: 'sqrtImpact', k: 1, sigma: 0.02 } });
    const bar = (k: bigint) => ({
      openNs: BigInt64Array.of(k * MIN),
      closeNs: BigInt64Array.of((k + 1n) * MIN),
      open: Float64Array.of(100),
      high: Float64Array.of(101),
      low: Float64Array.of(99),
      close: Float64Array.of(100),
      volume: Float64Array.of(400),
    });
    v.applyBars(bar(0n));
    v.submit({ side: 'sell', type: 'market', qty: 100 });
    const fill = eventList(v.applyBars(bar(1n))).find((e) => e.kind === 'fill')!;
    expect(fill.price).toBeCloseTo(100 * (1 - 0.02 * 0.5), 9);
    expect(
      () => new SimulatedExchange({ mode: 'bar', slippage: { model: 'nope' } as unknown as { model: 'fixed'; bps: number } }),
    ).toThrow(InvalidInputError);
  });
});

describe('execution.sim.SimulatedExchange (bar mode)', () => {
  const MIN = 60_000_000_000n;
  const bars = (k: bigint, o: number, h: number, l: number, c: number, vol: number) => ({
    openNs: BigInt64Array.of(k * MIN),
    closeNs: BigInt64Array.of((k + 1n) * MIN),
    open: Float64Array.of(o),
    high: Float64Array.of(h),
    low: Float64Array.of(l),
    close: Float64Array.of(c),
    volume: Float64Array.of(vol),
  });

  it('fills market orders at the next open with slippage and limits on touch', () => {
    const v = new SimulatedExchange({ mode: 'bar', slippage: { model: 'fixed', bps: 10 } });
    v.applyBars(bars(0n, 100, 101, 99, 100, 1000));
    v.submit({ clientOrderId: 'm', side: 'buy', type: 'market', qty: 1 });
    v.submit({ clientOrderId: 'l', side: 'sell', type: 'limit', qty: 1, price: 101.5 });
    const ev = eventList(v.applyBars(bars(1n, 100.5, 102, 100, 101, 1000))).filter((e) => e.kind === 'fill');
    expect(ev.map((e) => [e.clientOrderId, e.liquidity])).toEqual([
      ['m', 'taker'],
      ['l', 'maker'],
    ]);
    expect(ev[0]!.price).toBeCloseTo(100.5 * 1.001, 9);
    expect(ev[1]!.price).toBe(101.5);
    expect(v.nowNs).toBe(2n * MIN);
    expect(() => v.bestBid()).toThrow(InvalidStateError);
  });

  it('rejects inconsistent bars', () => {
    const v = new SimulatedExchange({ mode: 'bar' });
    expect(() => v.applyBars(bars(0n, 100, 99, 98, 100, 1))).toThrow(InvalidInputError);
  });
});
