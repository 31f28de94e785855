import { describe, expect, it } from 'vitest';

import { breaker, portfolio, InvalidInputError } from '../../src/index.js';
import type { BreakerEvent, OrderIntent } from '../../src/breaker/index.js';
import { codes, harness, LIMITS, MapVarSource } from './fixtures.js';

const buyOne: OrderIntent = { instrument: 'BTC', side: 'buy', quantity: 1 };
const sellOne: OrderIntent = { instrument: 'BTC', side: 'sell', quantity: 1 };

function transitions(events: BreakerEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'state' ? [`${e.from}->${e.to}: ${e.reason}`] : []));
}

describe('breaker.CircuitBreaker: closed / open / half-open', () => {
  it('trips, lets reducing orders through, cools down, probes and closes', () => {
    const h = harness();
    expect(h.breaker.evaluate(buyOne).approved).toBe(true); // the day starts at equity 100000
    h.portfolio.equityValue = 94_000; // drawdown 0.06 > 0.05, daily loss 6000 > 5000
    expect(codes(h.breaker.evaluate(buyOne))).toEqual(['MAX_DRAWDOWN', 'DAILY_LOSS', 'BREAKER_OPEN']);
    expect(h.breaker.state).toBe('open');

    // Selling 1 of the 2 held reduces risk: approved, with the breaches it was exempted from.
    const reducing = h.breaker.evaluate(sellOne);
    expect(reducing.approved).toBe(true);
    if (reducing.approved) {
      expect(reducing.order.reducing).toBe(true);
      expect(reducing.order.probe).toBe(false);
      expect(reducing.order.waived.map((r) => r.code)).toEqual(['MAX_DRAWDOWN', 'DAILY_LOSS']);
    }
    // Selling 3 flips the position to short: not reducing.
    expect(codes(h.breaker.evaluate({ ...sellOne, quantity: 2.5 }))).toContain('BREAKER_OPEN');

    h.clock.now += 9_999;
    expect(h.breaker.state).toBe('open');
    h.portfolio.equityValue = 99_000; // recovered: drawdown 0.01, daily loss 1000
    h.clock.now += 1;
    expect(h.breaker.state).toBe('half-open');
    const probe1 = h.breaker.evaluate(buyOne);
    expect(probe1.approved && probe1.order.probe).toBe(true);
    expect(h.breaker.state).toBe('half-open');
    const probe2 = h.breaker.evaluate(buyOne);
    expect(probe2.approved && probe2.order.probe).toBe(true);
    expect(h.breaker.state).toBe('closed');
    const after = h.breaker.evaluate(buyOne);
    expect(after.approved && after.order.probe).toBe(false);

    expect(transitions(h.events)).toEqual([
      'closed->open: trip',
      'open->half-open: cooldown elapsed',
      'half-open->closed: 2 probes approved without a trip',
    ]);
    const trip = h.events.find((e) => e.type === 'state' && e.to === 'open');
    expect(trip?.type === 'state' && trip.reasons.map((r) => r.code)).toEqual(['MAX_DRAWDOWN', 'DAILY_LOSS']);
    const decisions = h.events.filter((e) => e.type === 'decision');
    expect(decisions.map((e) => e.type === 'decision' && e.approved)).toEqual([true, false, true, false, true, true, true]);
  });

  it('reopens when a probe trips, and honours manual trip and reset', () => {
    const h = harness();
    h.breaker.trip('exchange incident');
    expect(h.breaker.state).toBe('open');
    h.clock.now += 10_000;
    h.vars.values.set('book@0.01', 0.05); // VaR 0.05 * 1100 = 55 > 20
    expect(codes(h.breaker.evaluate(buyOne))).toEqual(['VAR_LIMIT', 'BREAKER_OPEN']);
    expect(h.breaker.state).toBe('open');
    h.breaker.reset('risk manager override');
    expect(h.breaker.state).toBe('closed');
    expect(transitions(h.events)).toEqual([
      'closed->open: manual trip: exchange incident',
      'open->half-open: cooldown elapsed',
      'half-open->open: probe tripped',
      'open->closed: risk manager override',
    ]);
  });

  it('refuses reducing orders too when allowReducing is false', () => {
    const h = harness({ allowReducing: false });
    h.breaker.trip('test');
    expect(codes(h.breaker.evaluate(sellOne))).toEqual(['BREAKER_OPEN']);
  });

  it('blocks everything under the kill switch unless reducing orders are allowed through it', () => {
    const strict = harness();
    strict.breaker.engageKillSwitch('runaway strategy');
    expect(strict.breaker.killSwitchEngaged).toBe(true);
    expect(codes(strict.breaker.evaluate(sellOne))).toEqual(['KILL_SWITCH']);
    strict.breaker.releaseKillSwitch('fixed');
    expect(strict.breaker.evaluate(buyOne).approved).toBe(true);
    expect(strict.events.filter((e) => e.type === 'kill-switch')).toEqual([
      { type: 'kill-switch', time: strict.clock.now, engaged: true, reason: 'runaway strategy' },
      { type: 'kill-switch', time: strict.clock.now, engaged: false, reason: 'fixed' },
    ]);
    const lenient = harness({ killSwitchAllowsReducing: true });
    lenient.breaker.engageKillSwitch('flatten only');
    expect(lenient.breaker.evaluate(sellOne).approved).toBe(true);
    expect(codes(lenient.breaker.evaluate(buyOne))).toEqual(['KILL_SWITCH']);
  });

  it('rolls the daily loss at the configured start of day', () => {
    // Day starts at 22:00 UTC; no trips, so DAILY_LOSS only refuses.
    const h = harness({ dayStartOffsetMs: 22 * 3_600_000, tripOn: [] }, { maxDrawdown: Infinity });
    expect(h.breaker.evaluate(buyOne).approved).toBe(true); // 12:00, start equity 100000
    h.portfolio.equityValue = 94_000;
    h.clock.now += 9 * 3_600_000 + 59 * 60_000; // 21:59, same trading day
    expect(codes(h.breaker.evaluate(buyOne))).toEqual(['DAILY_LOSS']);
    h.clock.now += 60_000; // 22:00: a new day starts at 94000
    expect(h.breaker.evaluate(buyOne).approved).toBe(true);
    expect(h.breaker.state).toBe('closed');
  });

  it('isolates listener failures and supports unsubscribing', () => {
    const errors: unknown[] = [];
    const h = harness({ onListenerError: (e) => errors.push(e) });
    const off = h.breaker.on(() => {
      throw new Error('listener bug');
    });
    expect(h.breaker.evaluate(buyOne).approved).toBe(true);
    expect(errors).toHaveLength(1);
    off();
    h.breaker.evaluate(buyOne);
    expect(errors).toHaveLength(1);
    expect(h.events.filter((e) => e.type === 'decision')).toHaveLength(2);
  });
});

describe('breaker.CircuitBreaker: snapshot and restore', () => {
  it('round-trips through JSON into a new breaker', () => {
    const h = harness();
    h.breaker.evaluate(buyOne);
    h.portfolio.equityValue = 94_000;
    h.breaker.evaluate(buyOne); // trips
    h.breaker.engageKillSwitch('post-trip review');
    const snap = h.breaker.snapshot();
    expect(snap).toMatchObject({ version: 1, state: 'open', openedAt: h.clock.now, probesApproved: 0 });
    expect(snap.counters).toEqual({ decisions: 2, approved: 1, refused: 1, trips: 1 });
    const stored = JSON.stringify(snap);

    const fresh = harness();
    fresh.clock.now = h.clock.now;
    fresh.breaker.restore(JSON.parse(stored));
    expect(fresh.breaker.snapshot()).toEqual(snap);
    expect(transitions(fresh.events)).toEqual(['closed->open: restored']);
    expect(fresh.breaker.killSwitchEngaged).toBe(true);
    fresh.breaker.releaseKillSwitch('reviewed');
    fresh.clock.now += 10_000;
    expect(fresh.breaker.state).toBe('half-open');
  });

  it('rejects anything that is not a version-1 snapshot', () => {
    const { breaker: b } = harness();
    const good = JSON.parse(JSON.stringify(b.snapshot())) as Record<string, unknown>;
    const bad = (patch: Record<string, unknown>) => () => b.restore({ ...good, ...patch });
    expect(bad({ version: 2 })).toThrow(InvalidInputError);
    expect(bad({ state: 'ajar' })).toThrow(/state/);
    expect(bad({ state: 'open', openedAt: null })).toThrow(/openedAt/);
    expect(bad({ tripReasons: [{ code: 'NOPE', message: '', limit: null, observed: null }] })).toThrow(/tripReasons\[0\]\.code/);
    expect(bad({ probesApproved: -1 })).toThrow(/probesApproved/);
    expect(bad({ rateLimiter: { tokens: 'x', updatedAt: null } })).toThrow(/rateLimiter\.tokens/);
    expect(() => b.restore(null)).toThrow(InvalidInputError);
    expect(b.state).toBe('closed');
  });
});

describe('breaker.CircuitBreaker over portfolio.Portfolio', () => {
  it('reads equity, drawdown and positions from the Rust portfolio', () => {
    const book = new portfolio.Portfolio({ initialCash: 10_000, instruments: { BTC: {}, ES: { multiplier: 50 } } });
    book.applyFill({ instrument: 'BTC', side: 'buy', quantity: 2, price: 100, exchangeTime: 0 });
    const mids = new Map([['BTC', 100], ['ES', 5000]]);
    const vars = new MapVarSource();
    vars.values.set('book@0.01', 0.03);
    let now = Date.UTC(2026, 0, 5);
    const b = new breaker.CircuitBreaker({
      limits: { ...LIMITS, maxDrawdown: 0.1, dailyLossLimit: 300, maxTotalNotional: 1e6, maxOrderNotional: 1e6, maxInstrumentNotional: 1e6 },
      var: { source: vars, key: 'book', alpha: 0.01, maxLoss: 20 },
      portfolio: book,
      mids: { mid: (i) => mids.get(i) ?? NaN },
      clock: () => now,
    });
    // ES: 1 contract * 5000 * 50 = 250000 notional; gross 200 + 250000; VaR 0.03 * 250200 = 7506.
    expect(codes(b.evaluate({ instrument: 'ES', side: 'buy', quantity: 1 }))).toEqual(['VAR_LIMIT', 'BREAKER_OPEN']);
    b.reset();
    vars.values.set('book@0.01', 0.0001);
    // BTC: position 2, buy 2 -> 4 (limit 4): gross 400, VaR 0.04.
    expect(b.evaluate({ instrument: 'BTC', side: 'buy', quantity: 2 }).approved).toBe(true);
    book.applyFill({ instrument: 'BTC', side: 'buy', quantity: 2, price: 100, exchangeTime: 1 });
    expect(codes(b.evaluate({ instrument: 'BTC', side: 'buy', quantity: 1 }))).toEqual(['MAX_POSITION']);
    // BTC crashes to 0.5: equity 10000 - 4 * 99.5 = 9602, drawdown 0.0398 (< 0.1), but the
    // day's loss 398 exceeds 300: the breaker trips, and only reducing orders pass.
    now += 1;
    book.mark({ BTC: 0.5 }, now);
    expectClose(book.drawdown(), 0.0398);
    const reducing = b.evaluate(sellOne);
    expect(reducing.approved && reducing.order.waived.map((r) => r.code)).toEqual(['DAILY_LOSS']);
    expect(b.state).toBe('open');
    expect(codes(b.evaluate(buyOne))).toEqual(['DAILY_LOSS', 'MAX_POSITION', 'BREAKER_OPEN']);
    // The next day starts at 9602: no daily loss any more, and the cooldown has long elapsed.
    now += 86_400_000;
    const next = b.evaluate({ instrument: 'BTC', side: 'sell', quantity: 2 });
    expect(next.approved && next.order.waived).toEqual([]);
    expect(b.state).toBe('half-open');
    // An instrument the portfolio does not know: refused (fail closed), not thrown.
    const unknown = b.evaluate({ instrument: 'DOGE', side: 'buy', quantity: 1, price: 0.1 });
    expect(codes(unknown)).toEqual(['RISK_DATA_UNAVAILABLE', 'MID_UNAVAILABLE']);
    expect(unknown.approved || unknown.reasons[0]!.message).toContain("'DOGE' is not registered");
  });
});

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12);
}
