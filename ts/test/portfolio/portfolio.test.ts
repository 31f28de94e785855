import { describe, expect, it } from 'vitest';

import {
  portfolio,
  InvalidInputError,
  NonFiniteError,
  NotFoundError,
  OutOfRangeError,
  UnorderedError,
} from '../../src/index.js';

const { Portfolio } = portfolio;

/** Equal to 1e-9 relative: the expected numbers below are hand-computed, the core is f64. */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('portfolio.Portfolio: partial fills and flips', () => {
  it('closes then reopens at the fill price when a sell goes through zero', () => {
    const p = new Portfolio({ initialCash: 100_000, instruments: ['BTC'] });
    p.applyFill({ instrument: 'BTC', side: 'buy', quantity: 5, price: 100, fee: 1, exchangeTime: 1 });
    // A sell order of 8 filled in two parts: -3 @ 91 realises 3 * (91 - 100) = -27 ...
    const first = p.applyFill({ instrument: 'BTC', side: 'sell', quantity: 3, price: 91, fee: 1, exchangeTime: 2 });
    expectClose(first.instrumentRealisedPnl, -27);
    // ... then -5 @ 89 closes the last 2 (2 * -11 = -22) and opens 3 short at 89.
    const second = p.applyFill({ instrument: 'BTC', side: 'sell', quantity: 5, price: 89, fee: 1, exchangeTime: 3 });
    expectClose(second.instrumentRealisedPnl, -22);
    p.mark({ BTC: 85 }, 4);
    const btc = p.position('BTC');
    expectClose(btc.quantity, -3);
    expect(btc.avgEntryPrice).toBe(89);
    expectClose(btc.realisedPnl, -49);
    expectClose(btc.unrealisedPnl, 12); // -3 * (85 - 89)
    expectClose(btc.fees, 3);
    expectClose(btc.totalPnl, -40);
    expect(btc.mark).toBe(85);
    // cash 100000 - 500 - 1 + 273 - 1 + 445 - 1 = 100215; equity 100215 - 3 * 85 = 99960.
    expectClose(p.cash(), 100_215);
    expectClose(p.equity(), 99_960);
    expectClose(p.positionOf('BTC'), -3);
    expectClose(p.notionalOf('BTC'), 255);
  });

  it('applies a contract multiplier to PnL and notional', () => {
    const p = new Portfolio({ initialCash: 1_000_000, instruments: { ES: { multiplier: 50 } } });
    p.applyFill({ instrument: 'ES', side: 'buy', quantity: 2, price: 5000, fee: 4.2, exchangeTime: 1 });
    p.mark({ ES: 5012.25 }, 2);
    // 2 contracts * 12.25 points * 50 = 1225, minus 4.2 fees.
    expectClose(p.position('ES').totalPnl, 1220.8);
    expectClose(p.grossNotional(), 2 * 5012.25 * 50);
    expect(p.multiplierOf('ES')).toBe(50);
  });
});

describe('portfolio.Portfolio: out-of-order and duplicate fills', () => {
  // Exchange order: buy 10 @ 100 (t=1000), buy 6 @ 104 (t=1002), sell 4 @ 110 (t=1005).
  const buy10 = { instrument: 'X', side: 'buy', quantity: 10, price: 100, exchangeTime: 1000 } as const;
  const buy6 = { instrument: 'X', side: 'buy', quantity: 6, price: 104, exchangeTime: 1002 } as const;
  const sell4 = { instrument: 'X', side: 'sell', quantity: 4, price: 110, exchangeTime: 1005 } as const;

  it('accounts a late fill on arrival, reports how late, and keeps totals order-independent', () => {
    const late = new Portfolio({ initialCash: 100_000, instruments: ['X'] });
    expect(late.applyFill(buy10).lateByMs).toBe(0);
    expectClose(late.applyFill(sell4).instrumentRealisedPnl, 40); // 4 * (110 - 100)
    expect(late.applyFill(buy6).lateByMs).toBe(3);
    late.mark({ X: 108 }, 2000);

    const ordered = new Portfolio({ initialCash: 100_000, instruments: ['X'] });
    for (const f of [buy10, buy6, sell4]) expect(ordered.applyFill(f).lateByMs).toBe(0);
    ordered.mark({ X: 108 }, 2000);

    // By arrival: 6 left @ 100 plus 6 @ 104 -> average 102, unrealised 12 * 6 = 72.
    const a = late.position('X');
    expectClose(a.avgEntryPrice, 102);
    expectClose(a.realisedPnl, 40);
    expectClose(a.unrealisedPnl, 72);
    // In exchange order: average 1624 / 16 = 101.5, realised 4 * 8.5 = 34, unrealised 12 * 6.5 = 78.
    const b = ordered.position('X');
    expectClose(b.avgEntryPrice, 101.5);
    expectClose(b.realisedPnl, 34);
    expectClose(b.unrealisedPnl, 78);
    // Quantity, cash, equity and total PnL agree: 112.
    expectClose(a.totalPnl, 112);
    expectClose(b.totalPnl, 112);
    expectClose(late.equity(), 100_112);
    expectClose(ordered.equity(), 100_112);
    expect(late.account().outOfOrderFills).toBe(1);
    expect(ordered.account().outOfOrderFills).toBe(0);
  });

  it('ignores a fill id it has applied before', () => {
    const p = new Portfolio({ initialCash: 10_000, instruments: ['X'] });
    const fill = { ...buy10, id: 'venue-7781' };
    expect(p.applyFill(fill).duplicate).toBe(false);
    const replay = p.applyFill(fill);
    expect(replay).toEqual({
      duplicate: true,
      strategyRealisedPnl: 0,
      instrumentRealisedPnl: 0,
      slippage: 0,
      lateByMs: 0,
    });
    expect(p.positionOf('X')).toBe(10);
    expect(p.cash()).toBe(9_000);
    expect(p.account().duplicateFills).toBe(1);
  });

  it('remembers the ids of the last maxFillIds fills only, the oldest forgotten first', () => {
    const p = new Portfolio({ initialCash: 1e9, instruments: ['X'], maxFillIds: 2 });
    const fill = (id: string) => ({ ...buy10, quantity: 1, id });
    for (const id of ['f1', 'f2', 'f3']) expect(p.applyFill(fill(id)).duplicate).toBe(false);
    expect(p.applyFill(fill('f3')).duplicate).toBe(true);
    expect(p.applyFill(fill('f2')).duplicate).toBe(true);
    // f1 is older than the last two fills with ids: its replay is booked again (documented).
    expect(p.applyFill(fill('f1')).duplicate).toBe(false);
    expect(p.positionOf('X')).toBe(4);
    expect(p.account().duplicateFills).toBe(2);
    // Infinity keeps every id; a bound must be a whole number >= 0.
    const all = new Portfolio({ initialCash: 1e9, instruments: ['X'], maxFillIds: Infinity });
    for (let i = 0; i < 200; i++) all.applyFill(fill(`g${i}`));
    expect(all.applyFill(fill('g0')).duplicate).toBe(true);
    for (const bad of [-1, 1.5, NaN]) {
      expect(() => new Portfolio({ initialCash: 1, maxFillIds: bad })).toThrow(OutOfRangeError);
    }
  });
});

describe('portfolio.Portfolio: attribution, slippage, equity curve', () => {
  it('attributes PnL per strategy and per instrument, and slippage against decision prices', () => {
    const p = new Portfolio({
      initialCash: 1_000_000,
      instruments: { BTC: {}, ES: { multiplier: 50 } },
      strategies: ['trend', 'meanrev'],
    });
    p.applyFill({ instrument: 'BTC', strategy: 'trend', side: 'buy', quantity: 10, price: 100.5, exchangeTime: 1, decisionPrice: 100 });
    const sell = p.applyFill({
      instrument: 'BTC', strategy: 'meanrev', side: 'sell', quantity: 4, price: 101.8, exchangeTime: 2, decisionPrice: 102,
    });
    expectClose(sell.slippage, 0.8); // (101.8 - 102) * -4
    expectClose(sell.instrumentRealisedPnl, 5.2); // the net book closes 4 of trend's 10 @ 100.5
    expect(sell.strategyRealisedPnl).toBe(0); // meanrev only opened a short
    p.applyFill({ instrument: 'ES', strategy: 'trend', side: 'buy', quantity: 1, price: 5000, fee: 2.5, exchangeTime: 3 });
    p.mark({ BTC: 101, ES: 5010 }, 10);

    const { byInstrument, byStrategy } = p.attribution();
    expectClose(byInstrument.BTC!.totalPnl, 8.2); // 5.2 realised + 6 * (101 - 100.5)
    expectClose(byInstrument.BTC!.slippage, 5.8); // 0.5 * 10 + 0.8
    expectClose(byInstrument.ES!.totalPnl, 497.5); // 10 * 50 - 2.5
    expectClose(byStrategy.trend!.totalPnl, 5 + 497.5);
    expectClose(byStrategy.meanrev!.totalPnl, 3.2); // -4 * (101 - 101.8)
    expect(byStrategy.default!.fills).toBe(0);
    expectClose(p.strategyPosition('meanrev', 'BTC').quantity, -4);
    const account = p.account();
    expectClose(account.totals.totalPnl, account.equity - account.initialCash);
    expectClose(account.totals.totalPnl, 8.2 + 497.5);
  });

  it('tracks the high-water mark, drawdown and equity curve', () => {
    const p = new Portfolio({ initialCash: 1_000, instruments: ['X'] });
    p.applyFill({ instrument: 'X', side: 'buy', quantity: 10, price: 100, exchangeTime: 0 });
    p.mark({ X: 110 }, 1); // 1100, new high
    p.mark(new Map([['X', 88]]), 2); // 880: drawdown 0.2
    p.mark({ X: 99 }, 3); // 990: drawdown 0.1
    expectClose(p.highWaterMark(), 1_100);
    expectClose(p.drawdown(), 0.1);
    expectClose(p.account().maxDrawdown, 0.2);
    const curve = p.equityCurve();
    expect(Array.from(curve.time)).toEqual([1, 2, 3]);
    expect(curve.equity).toBeInstanceOf(Float64Array);
    [1100, 880, 990].forEach((e, i) => expectClose(curve.equity[i]!, e));
  });

  it('takes a JSON-serialisable snapshot', () => {
    const p = new Portfolio({ initialCash: 1_000, instruments: ['X', 'Y'] });
    p.applyFill({ instrument: 'X', side: 'sell', quantity: 2, price: 50, exchangeTime: 0 });
    const snap = p.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap.positions.X!.quantity).toBe(-2);
    expect(snap.positions.Y!.mark).toBeUndefined(); // never marked nor filled
    expect(Object.keys(snap.strategies)).toEqual(['default']);
  });
});

describe('portfolio.Portfolio: batches', () => {
  it('applies typed-array batches like single fills, with ids and NaN as "no decision price"', () => {
    const batch = new Portfolio({ initialCash: 100_000, instruments: ['X', 'Y'], strategies: ['s'] });
    const single = new Portfolio({ initialCash: 100_000, instruments: ['X', 'Y'], strategies: ['s'] });
    const rows = [
      { instrument: 'X', side: 'buy', quantity: 3, price: 10, fee: 0.1, exchangeTime: 1, decisionPrice: 9.9, id: 'a' },
      { instrument: 'Y', side: 'sell', quantity: 1.5, price: 20, fee: 0, exchangeTime: 2, id: 'b' },
      { instrument: 'X', side: 'sell', quantity: 5, price: 11, fee: 0.1, exchangeTime: 0.5, decisionPrice: 11.2, id: 'c' },
      { instrument: 'X', side: 'sell', quantity: 5, price: 11, fee: 0.1, exchangeTime: 0.5, decisionPrice: 11.2, id: 'c' },
    ] as const;
    const result = batch.applyFills({
      instrument: Uint32Array.from(rows, (r) => batch.instrumentId(r.instrument)),
      strategy: Uint32Array.from(rows, () => batch.strategyId('s')),
      quantity: Float64Array.from(rows, (r) => (r.side === 'buy' ? r.quantity : -r.quantity)),
      price: Float64Array.from(rows, (r) => r.price),
      fee: Float64Array.from(rows, (r) => r.fee),
      exchangeTime: Float64Array.from(rows, (r) => r.exchangeTime),
      decisionPrice: Float64Array.from(rows, (r) => ('decisionPrice' in r ? r.decisionPrice : NaN)),
      fillIds: rows.map((r) => r.id),
    });
    expect(result).toEqual({ applied: 3, duplicates: 1, outOfOrder: 1 });
    for (const r of rows) single.applyFill({ ...r, strategy: 's' });
    expect(batch.snapshot()).toEqual(single.snapshot());
    // X: +3 @ 10 then -5 @ 11: realises 3, flips to -2 @ 11; slippage 0.1 * 3 + (-0.2) * -5 = 1.3.
    const x = batch.position('X');
    expectClose(x.realisedPnl, 3);
    expectClose(x.quantity, -2);
    expectClose(x.slippage, 1.3);
  });

  it('rejects a bad batch before applying any row', () => {
    const p = new Portfolio({ initialCash: 1_000, instruments: ['X'] });
    const good = {
      instrument: new Uint32Array([0, 0]),
      strategy: new Uint32Array([0, 0]),
      quantity: new Float64Array([1, 1]),
      price: new Float64Array([10, 10]),
      exchangeTime: new Float64Array([0, 1]),
    };
    expect(() => p.applyFills({ ...good, price: new Float64Array([10, NaN]) })).toThrow(NonFiniteError);
    expect(() => p.applyFills({ ...good, instrument: new Uint32Array([0, 7]) })).toThrow(NotFoundError);
    expect(() => p.applyFills({ ...good, quantity: new Float64Array([1, 0]) })).toThrow(OutOfRangeError);
    expect(p.positionOf('X')).toBe(0);
    expect(p.applyFills(good).applied).toBe(2);
  });
});

describe('portfolio.Portfolio: bad input', () => {
  it('throws typed errors', () => {
    expect(() => new Portfolio({ initialCash: 0 })).toThrow(OutOfRangeError);
    expect(() => new Portfolio({ initialCash: NaN })).toThrow(NonFiniteError);
    const p = new Portfolio({ initialCash: 1_000, instruments: ['X'] });
    expect(() => p.registerInstrument('X')).toThrow(InvalidInputError);
    expect(() => p.registerInstrument('Z', { multiplier: -1 })).toThrow(OutOfRangeError);
    const fill = { instrument: 'X', side: 'buy', quantity: 1, price: 10, exchangeTime: 0 } as const;
    expect(() => p.applyFill({ ...fill, instrument: 'nope' })).toThrow(NotFoundError);
    expect(() => p.applyFill({ ...fill, strategy: 'nope' })).toThrow(NotFoundError);
    expect(() => p.applyFill({ ...fill, quantity: -1 })).toThrow(OutOfRangeError);
    expect(() => p.applyFill({ ...fill, quantity: NaN })).toThrow(OutOfRangeError);
    expect(() => p.applyFill({ ...fill, side: 'long' as 'buy' })).toThrow(InvalidInputError);
    expect(() => p.applyFill({ ...fill, price: Infinity })).toThrow(NonFiniteError);
    expect(() => p.applyFill({ ...fill, decisionPrice: NaN })).toThrow(NonFiniteError);
    expect(() => p.mark({ nope: 1 }, 0)).toThrow(NotFoundError);
    expect(() => p.mark({ X: NaN }, 0)).toThrow(NonFiniteError);
    p.mark({ X: 10 }, 5);
    expect(() => p.mark({ X: 10 }, 4)).toThrow(UnorderedError);
    expect(() => p.positionOf('nope')).toThrow(NotFoundError);
    expect(p.positionOf('X')).toBe(0);
  });
});

describe('portfolio.Portfolio.markDeferred', () => {
  it('equals one markIds per bar: equity curve, high-water mark, fills in between', () => {
    const eager = new Portfolio({ initialCash: 10_000, instruments: ['A', 'B'], recordEquityCurve: true });
    const lazy = new Portfolio({ initialCash: 10_000, instruments: ['A', 'B'], recordEquityCurve: true });
    const ids = new Uint32Array(1);
    const px = new Float64Array(1);
    for (let i = 0; i < 3_000; i++) {
      const id = i % 2;
      const price = 100 + Math.sin(i / 50) * 10 + id;
      ids[0] = id;
      px[0] = price;
      eager.markIds(ids, px, i);
      lazy.markDeferred(id, price, i);
      if (i % 97 === 0) {
        const fill = { instrument: id ? 'B' : 'A', side: i % 3 ? ('buy' as const) : ('sell' as const), quantity: 1 + (i % 5), price, exchangeTime: i };
        eager.applyFill(fill);
        lazy.applyFill(fill);
      }
      if (i % 501 === 0) expect(lazy.equity()).toBe(eager.equity());
    }
    expect(lazy.equityCurve()).toEqual(eager.equityCurve());
    expect(lazy.highWaterMark()).toBe(eager.highWaterMark());
    expect(lazy.position('A')).toEqual(eager.position('A'));
    expect(lazy.avgEntryPrice('B')).toBe(eager.position('B').avgEntryPrice);
  });

  it('throws the typed error of a bad mark at its own call and keeps the good ones', () => {
    const p = new Portfolio({ initialCash: 10_000, instruments: ['A'], recordEquityCurve: true });
    p.markDeferred(0, 100, 10);
    expect(() => p.markDeferred(0, 101, 5)).toThrow(UnorderedError);
    expect(() => p.markDeferred(0, NaN, 20)).toThrow(NonFiniteError);
    expect(() => p.markDeferred(7, 100, 30)).toThrow(NotFoundError);
    expect(() => p.markDeferred(0.5, 100, 30)).toThrow(NotFoundError);
    p.markDeferred(0, 102, 40);
    expect(Array.from(p.equityCurve().time)).toEqual([10, 40]);
    p.markIds(Uint32Array.of(0), Float64Array.of(103), 50);
    expect(() => p.markDeferred(0, 104, 45)).toThrow(UnorderedError);
  });
});
