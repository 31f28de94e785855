import { describe, expect, it } from 'vitest';

import { breaker, InvalidInputError, InvalidStateError, OutOfRangeError } from '../../src/index.js';
import type { OrderIntent, RefusalReason } from '../../src/breaker/index.js';
import { codes, harness, LIMITS, MapMids, MapVarSource, FakePortfolio } from './fixtures.js';

const buyOne: OrderIntent = { instrument: 'BTC', side: 'buy', quantity: 1 };

describe('breaker.CircuitBreaker: checks', () => {
  it('approves a clean order as a frozen, registered ApprovedOrder', () => {
    const { breaker: b } = harness();
    const decision = b.evaluate({ ...buyOne, price: 101, strategy: 'trend', clientOrderId: 'c-1' });
    expect(decision.approved).toBe(true);
    if (!decision.approved) return;
    const order = decision.order;
    expect(order).toMatchObject({ instrument: 'BTC', side: 'buy', quantity: 1, price: 101, strategy: 'trend', clientOrderId: 'c-1' });
    expect(order.reducing).toBe(false);
    expect(order.probe).toBe(false);
    expect(order.waived).toEqual([]);
    expect(order.decisionId).toBe(1);
    expect(Object.isFrozen(order)).toBe(true);
    expect(breaker.isApprovedOrder(order)).toBe(true);
    expect(() => breaker.assertApproved(order)).not.toThrow();
    // A copy, or a plain object cast to the type, is not approved.
    const copy = { ...order };
    expect(breaker.isApprovedOrder(copy)).toBe(false);
    expect(() => breaker.assertApproved(copy)).toThrow(InvalidStateError);
    expect(breaker.isApprovedOrder(null)).toBe(false);
  });

  it('evaluates every check and reports every failure with its limit and observed value', () => {
    const h = harness({}, { maxOrdersPerSecond: 1 });
    // First order of the day at equity 100000: sets the day's start equity, uses the only token.
    expect(h.breaker.evaluate(buyOne).approved).toBe(true);
    h.portfolio.equityValue = 90_000; // drawdown 10000 / 100000 = 0.1; daily loss 10000
    h.vars.values.set('book@0.01', 0.02);
    h.breaker.engageKillSwitch('desk halt');
    // Buy 3 @ 110 with mid 100: position 2 -> 5, notional 5 * 100 = 500,
    // gross 1000 - 200 + 500 = 1300, VaR 0.02 * 1300 = 26, band |110 - 100| / 100 = 0.1.
    const decision = h.breaker.evaluate({ instrument: 'BTC', side: 'buy', quantity: 3, price: 110 });
    expect(decision.approved).toBe(false);
    if (decision.approved) return;
    const observed = Object.fromEntries(decision.reasons.map((r: RefusalReason) => [r.code, [r.limit, r.observed]]));
    expect(observed).toEqual({
      KILL_SWITCH: [null, null],
      MAX_DRAWDOWN: [0.05, 0.1],
      DAILY_LOSS: [5_000, 10_000],
      PRICE_BAND: [0.05, expect.closeTo(0.1, 12)],
      MAX_ORDER_QUANTITY: [2, 3],
      MAX_POSITION: [4, 5],
      MAX_ORDER_NOTIONAL: [250, 300],
      MAX_INSTRUMENT_NOTIONAL: [400, 500],
      MAX_TOTAL_NOTIONAL: [1_200, 1_300],
      VAR_LIMIT: [20, 26],
      RATE_LIMIT: [1, 1],
      // Drawdown, daily loss and VaR trip the breaker in the same evaluation.
      BREAKER_OPEN: [10_000, 0],
    });
    expect(decision.reasons).toHaveLength(12);
    for (const r of decision.reasons) expect(r.message.length).toBeGreaterThan(10);
  });

  it('values market orders at the mid and applies the contract multiplier', () => {
    const h = harness({}, { maxOrderNotional: 1e9, maxInstrumentNotional: 1e9, maxTotalNotional: 1e9 });
    h.portfolio.multipliers.set('BTC', 50);
    h.portfolio.notionals.set('BTC', 2 * 100 * 50);
    h.portfolio.gross = 10_000;
    h.vars.values.set('book@0.01', 0.001);
    // Buy 1: notional after 3 * 100 * 50 = 15000; VaR 0.001 * 15000 = 15 <= 20.
    expect(h.breaker.evaluate(buyOne).approved).toBe(true);
    // Buy 2: 4 * 100 * 50 = 20000 gross; VaR 20 is not above 20 either.
    expect(h.breaker.evaluate({ ...buyOne, quantity: 2 }).approved).toBe(true);
    h.portfolio.positions.set('BTC', 3);
    h.portfolio.notionals.set('BTC', 15_000);
    h.portfolio.gross = 15_000;
    // Now buying 1 more gives 20000 -> VaR 20 (passes); 2 more gives 25000 -> VaR 25 (fails).
    const refused = h.breaker.evaluate({ ...buyOne, quantity: 2 });
    expect(codes(refused)).toContain('VAR_LIMIT');
  });

  it('applies per-instrument overrides', () => {
    const h = harness({}, { instruments: { ETH: { maxOrderQuantity: 10, priceBand: 0.2 } } });
    h.mids.values.set('ETH', 10);
    const eth = h.breaker.evaluate({ instrument: 'ETH', side: 'sell', quantity: 4, price: 11.5 });
    expect(eth.approved).toBe(true);
    // ETH's band is 0.2: 12.5 against 10 is 0.25 away.
    expect(codes(h.breaker.evaluate({ instrument: 'ETH', side: 'sell', quantity: 4, price: 12.5 }))).toEqual(['PRICE_BAND']);
    // BTC keeps the defaults: buy 4 @ 100 -> quantity 4 > 2, position 6 > 4, order notional 400 > 250,
    // instrument notional 600 > 400, gross 1000 - 200 + 600 = 1400 > 1200 (VaR 14 <= 20 passes).
    expect(codes(h.breaker.evaluate({ ...buyOne, quantity: 4, price: 100 }))).toEqual([
      'MAX_ORDER_QUANTITY',
      'MAX_POSITION',
      'MAX_ORDER_NOTIONAL',
      'MAX_INSTRUMENT_NOTIONAL',
      'MAX_TOTAL_NOTIONAL',
    ]);
  });

  it('limits the order rate with a token bucket', () => {
    const h = harness({}, { maxOrdersPerSecond: 3 });
    for (let i = 0; i < 3; i++) expect(h.breaker.evaluate(buyOne).approved).toBe(true);
    expect(codes(h.breaker.evaluate(buyOne))).toEqual(['RATE_LIMIT']);
    // Refused orders take no token; 334 ms refill 3 * 0.334 = 1.002 tokens.
    h.clock.now += 333;
    expect(codes(h.breaker.evaluate(buyOne))).toEqual(['RATE_LIMIT']);
    h.clock.now += 1;
    expect(h.breaker.evaluate(buyOne).approved).toBe(true);
    expect(codes(h.breaker.evaluate(buyOne))).toEqual(['RATE_LIMIT']);
  });

  it('fails closed when data is missing, and refuses malformed orders instead of throwing', () => {
    const h = harness();
    h.mids.values.delete('BTC');
    expect(codes(h.breaker.evaluate(buyOne))).toEqual(['MID_UNAVAILABLE', 'VAR_UNAVAILABLE']);
    h.mids.values.set('BTC', 100);
    h.vars.values.set('book@0.01', NaN);
    expect(codes(h.breaker.evaluate(buyOne))).toEqual(['VAR_UNAVAILABLE']);
    h.vars.values.delete('book@0.01');
    const missing = h.breaker.evaluate(buyOne);
    expect(codes(missing)).toEqual(['VAR_UNAVAILABLE']);
    expect(missing.approved || missing.reasons[0]!.message).toContain('no VaR for book@0.01');
    h.vars.values.set('book@0.01', 0.01);
    h.portfolio.failWith = new Error('addon reload');
    expect(codes(h.breaker.evaluate(buyOne))).toEqual(['RISK_DATA_UNAVAILABLE']);
    h.portfolio.failWith = null;
    expect(codes(h.breaker.evaluate({ ...buyOne, quantity: 0 }))).toEqual(['INVALID_ORDER']);
    expect(codes(h.breaker.evaluate({ ...buyOne, quantity: NaN }))).toEqual(['INVALID_ORDER']);
    expect(codes(h.breaker.evaluate({ ...buyOne, side: 'long' as 'buy' }))).toEqual(['INVALID_ORDER']);
    expect(codes(h.breaker.evaluate({ ...buyOne, price: -5 }))).toEqual(['INVALID_ORDER']);
    expect(codes(h.breaker.evaluate(null as unknown as OrderIntent))).toEqual(['INVALID_ORDER']);
  });

  it('rejects incomplete or invalid configuration', () => {
    const base = { portfolio: new FakePortfolio(), mids: new MapMids(), var: null };
    const withoutDrawdown: Partial<typeof LIMITS> = { ...LIMITS };
    delete withoutDrawdown.maxDrawdown;
    expect(() => new breaker.CircuitBreaker({ ...base, limits: withoutDrawdown as typeof LIMITS })).toThrow(InvalidInputError);
    expect(() => new breaker.CircuitBreaker({ ...base, limits: { ...LIMITS, priceBand: -1 } })).toThrow(OutOfRangeError);
    expect(() => new breaker.CircuitBreaker({ ...base, limits: { ...LIMITS, maxPosition: NaN } })).toThrow(OutOfRangeError);
    expect(() => new breaker.CircuitBreaker({ ...base, limits: { ...LIMITS, instruments: { X: { maxPosition: 0 } } } })).toThrow(OutOfRangeError);
    expect(() => new breaker.CircuitBreaker({ ...base, limits: LIMITS, halfOpenProbes: 0 })).toThrow(OutOfRangeError);
    expect(() => new breaker.CircuitBreaker({ ...base, limits: LIMITS, cooldownMs: -1 })).toThrow(OutOfRangeError);
    const vars = new MapVarSource();
    expect(() => new breaker.CircuitBreaker({ ...base, limits: LIMITS, var: { source: vars, key: 'k', alpha: 0, maxLoss: 1 } })).toThrow(OutOfRangeError);
    expect(() => new breaker.CircuitBreaker({ ...base, var: undefined as unknown as null, limits: LIMITS })).toThrow(InvalidInputError);
    // Infinity disables a limit explicitly.
    expect(() => new breaker.CircuitBreaker({ ...base, limits: { ...LIMITS, maxOrdersPerSecond: Infinity } })).not.toThrow();
  });
});
