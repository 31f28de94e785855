// RoutingVenue: orders split across two simulated L2 venues by the core router, children sent
// as <parent>@<venue>, reports mapped back to the parent with venue attribution.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError, InvalidInputError } from '../../src/errors.js';
import { engine, store } from '../../src/index.js';
import type { Level, MarketEvent } from '../../src/events/index.js';
import type { JournalEntry, Store } from '../../src/store/index.js';

const T0 = Date.UTC(2024, 0, 1);
const at = (venue: string, ms: number) => ({ venue, symbol: 'BTC', exchangeTime: T0 + ms, receiveTime: T0 + ms });
const snapshot = (venue: string, ms: number, bids: Level[], asks: Level[]): MarketEvent => ({ type: 'book_snapshot', ...at(venue, ms), lastUpdateId: 1, bids, asks });
const delta = (venue: string, ms: number, bids: Level[], asks: Level[], id: number): MarketEvent => ({ type: 'book_delta', ...at(venue, ms), firstUpdateId: id, finalUpdateId: id, prevFinalUpdateId: null, bids, asks });
const trade = (venue: string, ms: number, price: number): MarketEvent => ({ type: 'trade', ...at(venue, ms), tradeId: String(ms), price, qty: 0.1, side: 'buy' });

/** A: taker 10 bps, best ask 100.00; B: taker 1 bp and a maker rebate, best ask 100.02, deep ask 100.20. */
const BOOKS = [snapshot('A', 0, [[99.99, 2]], [[100, 1], [100.01, 5]]), snapshot('B', 0, [[99.98, 3]], [[100.02, 1.5], [100.2, 5]])];
/** A level update on each venue: the simulators' clocks move, orders sent before it arrive. */
const TICK = (ms: number, id: number) => [delta('A', ms, [[99.99, 2]], [], id), delta('B', ms, [[99.98, 3]], [], id)];

function venues(): engine.RoutedVenue[] {
  return [
    { venue: new engine.SimVenue({ name: 'A', exchange: { mode: 'l2', tickSize: '0.01', fees: { takerBps: 10, makerBps: 0 } } }), takerFeeBps: 10, makerFeeBps: 0 },
    { venue: new engine.SimVenue({ name: 'B', exchange: { mode: 'l2', tickSize: '0.01', fees: { takerBps: 1, makerBps: -0.5 } } }), takerFeeBps: 1, makerFeeBps: -0.5 },
  ];
}

function router(options: Partial<engine.RoutingVenueOptions> = {}) {
  const decisions: engine.RouteDecision[] = [];
  const rv = new engine.RoutingVenue({ venues: venues(), onRoute: (d) => decisions.push(d), ...options });
  for (const e of BOOKS) rv.onMarket(e);
  return { rv, decisions };
}

const order = (id: string, o: Partial<engine.VenueOrder>): engine.VenueOrder => ({ clientOrderId: id, symbol: 'BTC', side: 'buy', type: 'market', qty: 1, ...o });
const brief = (rs: engine.ExecutionReport[]) => rs.map((r) => [r.kind, r.clientOrderId, r.venue ?? null, r.price, r.qty, r.leavesQty]);

/** Records what the engine journals (through the real write-behind journal). */
class RecordingStore implements Store {
  readonly name = 'recording';
  readonly entries: JournalEntry[] = [];
  migrate = () => Promise.resolve({ applied: [], alreadyApplied: [] });
  insert = (entries: readonly JournalEntry[]) => Promise.resolve(void this.entries.push(...entries));
  ping = () => Promise.resolve();
  latestPositions = () => Promise.resolve([]);
  latestBreakerSnapshot = () => Promise.resolve(undefined);
  recentBars = () => Promise.resolve([]);
  sentClientOrderIds = () => Promise.resolve([]);
  countRows = () => Promise.resolve(0);
  close = () => Promise.resolve();
}

/** Buys 3 at market on the first trade. */
const buyThree: engine.Strategy = { name: 'sor', onTick: (ctx) => (ctx.event.type === 'trade' ? [{ side: 'buy', quantity: 3, tag: 'split me' }] : undefined) };

async function routedEngine(options: Partial<engine.EngineOptions> = {}) {
  const decisions: engine.RouteDecision[] = [];
  const recording = new RecordingStore();
  const journal = new store.WriteBehindJournal(recording, { spillPath: join(mkdtempSync(join(tmpdir(), 'smc-route-')), 'spill.jsonl') });
  const e = await engine.createEngine({
    strategy: buyThree,
    routing: { venues: venues(), onRoute: (d) => decisions.push(d) },
    clock: new engine.HistoricalClock(),
    sink: null, metrics: null, cache: null, source: null,
    store: { store: recording, journal },
    ...options,
  });
  const fills: engine.EngineFill[] = [];
  e.onFill((f) => fills.push(f));
  for (const ev of [...BOOKS, trade('A', 10, 100), ...TICK(20, 2)]) await e.process(ev);
  await e.stop();
  return { e, fills, decisions, rows: recording.entries };
}

describe('RoutingVenue in the engine', () => {
  it('splits an order by fee-inclusive price across two venues, and the fills reach the portfolio as the parent', async () => {
    const { e, fills, decisions, rows } = await routedEngine();
    // With fees, B's 1.5 at 100.02 (100.03 all-in) beats A's 100.00 (100.10); A's levels beat B's 100.20.
    expect(decisions).toHaveLength(1);
    const parent = decisions[0]!.parent;
    expect(decisions[0]!.children.map((c) => [c.venue, c.id, c.qty])).toEqual([
      ['A', `${parent}@A`, 1.5],
      ['B', `${parent}@B`, 1.5],
    ]);
    expect(fills.map((f) => [f.report.clientOrderId, f.report.venue, f.report.venueOrderId, f.report.price, f.report.qty, f.report.liquidity])).toEqual([
      [parent, 'A', `${parent}@A`, 100, 1, 'taker'],
      [parent, 'A', `${parent}@A`, 100.01, 0.5, 'taker'],
      [parent, 'B', `${parent}@B`, 100.02, 1.5, 'taker'],
    ]);
    expect(fills.map((f) => f.report.leavesQty)).toEqual([2, 1.5, 0]);
    // Each venue charged its own fee.
    expect(fills.map((f) => f.report.fee)).toEqual([expect.closeTo(0.1, 12), expect.closeTo(0.050005, 12), expect.closeTo(0.015003, 12)]);
    const pos = e.portfolio.position('BTC');
    expect(pos.quantity).toBe(3);
    expect(pos.fees).toBeCloseTo(0.165008, 9);
    expect(e.stats()).toMatchObject({ orders: 1, fills: 3 });
    // The journal has the parent order at the router and each fill at the venue that executed it.
    const table = (name: string) => rows.filter((r) => r.table === name).map((r) => r.row as { clientOrderId: string; venue: string; qty: number });
    expect(table('orders').map((o) => [o.clientOrderId, o.venue, o.qty])).toEqual([[parent, 'router', 3]]);
    expect(table('fills').map((f) => [f.clientOrderId, f.venue, f.qty])).toEqual([
      [parent, 'A', 1],
      [parent, 'A', 0.5],
      [parent, 'B', 1.5],
    ]);
  });

  it('is deterministic: the same events give the same parent and child ids and fills', async () => {
    const a = await routedEngine();
    const b = await routedEngine();
    expect(b.decisions).toEqual(a.decisions);
    expect(b.fills.map((f) => f.report)).toEqual(a.fills.map((f) => f.report));
  });

  it('routes across the simulated venues of the configuration file', async () => {
    const routing = {
      venues: [
        { name: 'A', takerFeeBps: 10, tickSize: '0.01' },
        { name: 'B', takerFeeBps: 1, makerFeeBps: -0.5, tickSize: '0.01' },
      ],
    };
    const { e, fills } = await routedEngine({ routing: undefined, config: { routing } });
    expect(e.venue).toBeInstanceOf(engine.RoutingVenue);
    expect(fills.map((f) => [f.report.venue, f.report.qty])).toEqual([
      ['A', 1],
      ['A', 0.5],
      ['B', 1.5],
    ]);
    // The simulators charge the configured fees.
    expect(fills[2]!.report.fee).toBeCloseTo(1.5 * 100.02 * 1e-4, 12);
    await expect(engine.createEngine({ strategy: buyThree, config: { routing: { venues: [{ name: 'A' }, { name: 'A' }] } } })).rejects.toThrow(ConfigError);
    await expect(engine.createEngine({ strategy: buyThree, venue: new engine.SimVenue(), routing: { venues: venues() } })).rejects.toThrow(InvalidInputError);
  });
});

describe('RoutingVenue order types and reports', () => {
  it('rests what a gtc limit cannot take on the venue with the lowest maker fee', async () => {
    const { rv, decisions } = router();
    rv.submit(order('p1', { type: 'limit', price: 100.01, qty: 8 }));
    // A has 6 within the limit; the other 2 rest on B (maker rebate), as one child per venue.
    expect(decisions[0]!.children.map((c) => [c.venue, c.qty])).toEqual([
      ['A', 6],
      ['B', 2],
    ]);
    expect(decisions[0]!.unfilled).toBe(2);
    for (const ev of TICK(10, 2)) rv.onMarket(ev);
    expect(brief(rv.drain()).filter((r) => r[0] === 'fill')).toEqual([
      ['fill', 'p1', 'A', 100, 1, 7],
      ['fill', 'p1', 'A', 100.01, 5, 2],
    ]);
    expect(rv.working('BTC')).toEqual(['p1']);
    expect(rv.children('p1').map((c) => [c.venue, c.done])).toEqual([
      ['A', true],
      ['B', false],
    ]);
    // B's offer comes down to 100.01: the resting bid fills as maker, and the parent is done.
    rv.onMarket(delta('B', 20, [], [[100.01, 4]], 3));
    const last = rv.drain();
    expect(brief(last)).toEqual([['fill', 'p1', 'B', 100.01, 2, 0]]);
    expect(last[0]!.liquidity).toBe('maker');
    expect(rv.working('BTC')).toEqual([]);
  });

  it('cancels every open child, and reports the parent cancelled once they all are', () => {
    const { rv } = router({ restVenue: 'A' });
    rv.submit(order('p2', { type: 'limit', price: 99, qty: 2 }));
    for (const ev of TICK(10, 2)) rv.onMarket(ev);
    expect(brief(rv.drain())).toEqual([['accepted', 'p2', 'A', 99, 0, 2]]);
    rv.cancel('BTC', 'p2');
    for (const ev of TICK(20, 3)) rv.onMarket(ev);
    expect(brief(rv.drain())).toEqual([['cancelled', 'p2', 'A', NaN, 2, 0]]);
  });

  it('sends post-only orders whole to the rest venue; a parent whose every child is rejected is rejected', () => {
    const { rv, decisions } = router();
    rv.submit(order('p3', { type: 'limit', price: 99.5, qty: 3, postOnly: true }));
    rv.submit(order('p3x', { type: 'limit', price: 100.05, qty: 1, postOnly: true }));
    expect(decisions.map((d) => d.children.map((c) => [c.venue, c.qty]))).toEqual([[['B', 3]], [['B', 1]]]);
    for (const ev of TICK(10, 2)) rv.onMarket(ev);
    // 100.05 would take B's offer: the venue rejects the child, so the parent is rejected, with its reason.
    expect(rv.drain().map((r) => [r.kind, r.clientOrderId, r.reason, r.leavesQty])).toEqual([
      ['accepted', 'p3', null, 3],
      ['rejected', 'p3x', 'postOnlyWouldTake', 0],
    ]);
    expect(rv.working('BTC')).toEqual(['p3']);
  });

  it('expires what a market order cannot find, rejects an unfillable FOK, and rejects without books', () => {
    const { rv } = router();
    rv.submit(order('p4', { qty: 20 }));
    for (const ev of TICK(10, 2)) rv.onMarket(ev);
    const r = rv.drain();
    expect(r.filter((x) => x.kind === 'fill').reduce((s, x) => s + x.qty, 0)).toBeCloseTo(12.5, 9);
    expect(brief(r).at(-1)).toEqual(['expired', 'p4', 'B', NaN, 7.5, 0]);

    rv.submit(order('p5', { qty: 100, tif: 'fok' }));
    expect(rv.drain().map((x) => [x.kind, x.clientOrderId, x.reason])).toEqual([['rejected', 'p5', 'fokUnfillable']]);

    const bare = new engine.RoutingVenue({ venues: venues() });
    bare.submit(order('p6', {}));
    expect(bare.drain().map((x) => [x.kind, x.reason, x.leavesQty])).toEqual([['rejected', 'noLiquidity', 0]]);
  });

  it('does not route to books older than maxBookAgeMs', () => {
    const { rv } = router({ maxBookAgeMs: 1_000 });
    rv.onMarket(delta('A', 5_000, [[99.99, 2]], [], 2)); // only A's book is fresh
    rv.submit(order('p7', { qty: 1 }));
    for (const ev of TICK(6_000, 3)) rv.onMarket(ev);
    expect(rv.drain().filter((x) => x.kind === 'fill').map((x) => x.venue)).toEqual(['A']);
    rv.onMarket(trade('elsewhere', 60_000, 1)); // time moves on; both books are now stale
    rv.submit(order('p8', { qty: 1 }));
    expect(rv.drain().map((x) => [x.kind, x.reason])).toEqual([['rejected', 'staleBook']]);
  });

  it('refuses bad configurations with typed errors', () => {
    expect(() => new engine.RoutingVenue({ venues: [] })).toThrow(InvalidInputError);
    expect(() => new engine.RoutingVenue({ venues: venues(), restVenue: 'C' })).toThrow(InvalidInputError);
    expect(() => new engine.RoutingVenue({ venues: venues(), depth: 0 })).toThrow(InvalidInputError);
    const twice = venues();
    twice[1]!.venue = new engine.SimVenue({ name: 'A' });
    expect(() => new engine.RoutingVenue({ venues: twice })).toThrow(InvalidInputError);
  });
});
