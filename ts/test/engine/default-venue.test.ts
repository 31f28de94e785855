// The default venue of createEngine on tick data: each symbol gets the simulator its events can
// drive (L2 on its book, L2 on quotes, bar mode on bars), so an engine without a `venue` option
// trades on quotes, trades and book events.
import { describe, expect, it } from 'vitest';

import { engine } from '../../src/index.js';
import type { MarketEvent } from '../../src/events/index.js';

const quiet = { store: null, sink: null, metrics: null, cache: null, source: null } as const;
const T0 = Date.UTC(2024, 0, 1);

const at = (ms: number) => ({ venue: 'test', exchangeTime: T0 + ms, receiveTime: T0 + ms });
const quote = (symbol: string, ms: number, bid: number, ask: number, qty = 2): MarketEvent => ({ type: 'quote', symbol, ...at(ms), bidPrice: bid, bidQty: qty, askPrice: ask, askQty: qty, updateId: null });
const trade = (symbol: string, ms: number, price: number, side: 'buy' | 'sell', qty = 1): MarketEvent => ({ type: 'trade', symbol, ...at(ms), tradeId: String(ms), price, qty, side });

/** Buys 1 on the first tick with a top of book, sells it back once the position shows. */
function roundTrip(): engine.Strategy {
  const sent = new Set<string>();
  return {
    name: 'round-trip',
    onTick(ctx) {
      if (!ctx.top) return;
      const key = `${ctx.symbol}:${ctx.positionQuantity}`;
      if (sent.has(key)) return;
      sent.add(key);
      if (ctx.positionQuantity === 0) return [{ side: 'buy', quantity: 1 }];
      if (ctx.positionQuantity === 1) return [{ side: 'sell', quantity: 1 }];
    },
  };
}

async function run(strategy: engine.Strategy, events: MarketEvent[], options: Partial<engine.EngineOptions> = {}) {
  const e = await engine.createEngine({ strategy, clock: new engine.HistoricalClock(), ...quiet, ...options });
  const fills: engine.EngineFill[] = [];
  e.onFill((f) => fills.push(f));
  await e.start();
  for (const ev of events) await e.process(ev);
  await e.stop();
  return { e, fills };
}

describe('createEngine without a venue option, on tick data', () => {
  it('fills on an L2 book for a symbol with book settings', async () => {
    const events: MarketEvent[] = [
      { type: 'book_snapshot', symbol: 'BTC', ...at(0), lastUpdateId: 100, bids: [[100, 3], [99.99, 5]], asks: [[100.01, 0.4], [100.02, 5]] },
      { type: 'book_delta', symbol: 'BTC', ...at(10), firstUpdateId: 101, finalUpdateId: 101, prevFinalUpdateId: null, bids: [[100, 2.5]], asks: [] },
      trade('BTC', 20, 100.01, 'buy', 0.1),
      { type: 'book_delta', symbol: 'BTC', ...at(30), firstUpdateId: 102, finalUpdateId: 102, prevFinalUpdateId: null, bids: [[99.99, 4]], asks: [] },
      trade('BTC', 40, 100, 'sell', 0.2),
    ];
    const { e, fills } = await run(roundTrip(), events, { books: { BTC: { tickSize: '0.01' } } });
    // The buy (sent on the snapshot) walks two ask levels; the sell hits the bid at 100.
    expect(fills.map((f) => [f.side, f.report.price, f.report.qty, f.report.liquidity])).toEqual([
      ['buy', 100.01, 0.4, 'taker'],
      ['buy', 100.02, 0.6, 'taker'],
      ['sell', 100, 1, 'taker'],
    ]);
    expect(e.portfolio.position('BTC').quantity).toBe(0);
    expect((e.venue as engine.SimVenue).exchange('BTC').position).toBe(0);
  });

  it('builds the top of book from quotes for a symbol without book settings, trades between them', async () => {
    const events = [quote('ETH', 0, 2000.5, 2000.75), trade('ETH', 5, 2000.75, 'buy'), quote('ETH', 10, 2001, 2001.25), quote('ETH', 20, 2001.5, 2001.75), trade('ETH', 30, 2001.5, 'sell')];
    const { e, fills } = await run(roundTrip(), events);
    // The sell is sent on the trade at 5 and arrives before the quote at 10: it hits 2000.5.
    expect(fills.map((f) => [f.side, f.report.price, f.report.qty])).toEqual([
      ['buy', 2000.75, 1],
      ['sell', 2000.5, 1],
    ]);
    expect(e.portfolio.position('ETH').realisedPnl).toBeCloseTo(-0.25, 9);
    expect(e.stats()).toMatchObject({ events: 5, orders: 2, fills: 2 });
  });

  it('fills no more than the quoted size: the venue knows no depth behind a quote', async () => {
    const big: engine.Strategy = { name: 'big', onTick: (ctx) => (ctx.seq === 0 ? [{ side: 'buy', quantity: 5 }] : undefined) };
    const { e, fills } = await run(big, [quote('ETH', 0, 10, 10.5, 2), quote('ETH', 10, 10, 10.5, 2)]);
    expect(fills.map((f) => [f.report.price, f.report.qty, f.report.leavesQty])).toEqual([[10.5, 2, 3]]);
    expect(e.portfolio.position('ETH').quantity).toBe(2);
  });

  it('on trades only, rests limit orders that trades then fill; market orders find no liquidity', async () => {
    const reports: engine.ExecutionReport[] = [];
    const s: engine.Strategy = {
      name: 'trades-only',
      onTick: (ctx) => (ctx.seq === 0 ? [{ side: 'buy', quantity: 1, type: 'limit', price: 99.5 }, { side: 'buy', quantity: 1 }] : undefined),
      onExecution: (r) => reports.push(r),
    };
    const { e, fills } = await run(s, [trade('SOL', 0, 100, 'buy'), trade('SOL', 10, 99.8, 'sell'), trade('SOL', 20, 99.4, 'sell')]);
    expect(reports.filter((r) => r.kind === 'expired').map((r) => r.qty)).toEqual([1]);
    // The sell through 99.5 fills the resting bid at its price, as maker.
    expect(fills.map((f) => [f.report.price, f.report.qty, f.report.liquidity])).toEqual([[99.5, 1, 'maker']]);
    expect(e.portfolio.position('SOL').quantity).toBe(1);
  });

  it('still runs bar symbols in bar mode beside tick symbols, and skips events a mode cannot use', async () => {
    const bar = (symbol: string, ms: number, close: number): MarketEvent => ({ type: 'bar', symbol, ...at(ms), timeframe: '1m', openTime: T0 + ms, open: close, high: close + 1, low: close - 1, close, volume: 10 });
    const s: engine.Strategy = {
      name: 'mixed',
      onBar: (ctx) => (ctx.symbol === 'BAR' && ctx.barIndex === 0 ? [{ side: 'buy', quantity: 1 }] : undefined),
      onTick: (ctx) => (ctx.symbol === 'ETH' && ctx.seq === 0 ? [{ side: 'sell', quantity: 1 }] : undefined),
    };
    // BAR also gets a trade (skipped by its bar simulator), ETH a bar (skipped by its L2 simulator).
    const events = [bar('BAR', 0, 50), quote('ETH', 0, 10, 10.5), trade('BAR', 30_000, 50, 'buy'), bar('BAR', 60_000, 52), bar('ETH', 60_000, 10), quote('ETH', 60_000, 10, 10.5)];
    const { e, fills } = await run(s, events);
    expect(fills.map((f) => [f.report.symbol, f.side, f.report.price])).toEqual([
      ['BAR', 'buy', 52],
      ['ETH', 'sell', 10],
    ]);
    expect(e.portfolio.position('BAR').quantity).toBe(1);
  });

  it('exposes the working orders of the default venue to the strategy', async () => {
    const seen: (readonly string[])[] = [];
    const s: engine.Strategy = {
      name: 'rest',
      onTick(ctx) {
        seen.push(ctx.workingOrders);
        if (ctx.seq === 0) return [{ side: 'buy', quantity: 1, type: 'limit', price: 9 }];
      },
    };
    await run(s, [quote('ETH', 0, 10, 10.5), quote('ETH', 10, 10, 10.5)]);
    expect(seen[0]).toEqual([]);
    expect(seen[1]).toHaveLength(1);
  });
});

describe('engine.SimVenue: memory of a long paper-trading run', () => {
  it('keeps the last maxFinishedOrders finished orders per simulator, with the same fills as keeping all', async () => {
    // A buy or a sell on every quote, for 300 quotes: 300 orders, each finished at once.
    const churn: engine.Strategy = { name: 'churn', onTick: (ctx) => [{ side: ctx.seq % 2 === 0 ? 'buy' : 'sell', quantity: 1 }] };
    const quotes = Array.from({ length: 300 }, (_, k) => quote('ETH', 10 * k, 10, 10.5, 5));
    const trade = async (maxFinishedOrders: number) => {
      const venue = new engine.SimVenue({ l2: { maxFinishedOrders } });
      const { e, fills } = await run(churn, quotes, { venue });
      return { ex: venue.exchange('ETH'), cash: e.portfolio.cash(), fills: fills.map((f) => [f.report.clientOrderId, f.side, f.report.price, f.report.qty]) };
    };
    const bounded = await trade(5);
    const all = await trade(Infinity);
    expect(bounded.fills.length).toBeGreaterThan(290);
    expect(bounded.fills).toEqual(all.fills);
    expect(bounded.cash).toBe(all.cash);
    expect(bounded.ex.orderCount).toBe(300);
    expect(all.ex.keptOrders).toBe(300);
    // 5 finished, the one finished since the last submit, the last one (still in flight).
    expect(bounded.ex.keptOrders).toBeLessThanOrEqual(7);
  });
});
