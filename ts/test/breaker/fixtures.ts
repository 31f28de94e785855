// Test doubles for the breaker: a portfolio whose readings the test sets, a VaR table, mids and
// a clock the test moves.
import { breaker } from '../../src/index.js';
import type {
  BreakerEvent,
  BreakerLimits,
  BreakerOptions,
  BreakerPortfolio,
  MidPriceSource,
  VarSource,
} from '../../src/breaker/index.js';

/** A portfolio whose readings are plain fields. */
export class FakePortfolio implements BreakerPortfolio {
  equityValue = 100_000;
  hwm = 100_000;
  gross = 1_000;
  positions = new Map<string, number>([['BTC', 2]]);
  notionals = new Map<string, number>([['BTC', 200]]);
  multipliers = new Map<string, number>();
  failWith: Error | null = null;

  equity(): number {
    if (this.failWith) throw this.failWith;
    return this.equityValue;
  }
  highWaterMark(): number {
    return this.hwm;
  }
  positionOf(instrument: string): number {
    return this.positions.get(instrument) ?? 0;
  }
  notionalOf(instrument: string): number {
    return this.notionals.get(instrument) ?? 0;
  }
  grossNotional(): number {
    return this.gross;
  }
  multiplierOf(instrument: string): number {
    return this.multipliers.get(instrument) ?? 1;
  }
}

/** The VarSource a `risk.VarTable` provides, as a map from `key@alpha` to a loss fraction. */
export class MapVarSource implements VarSource {
  readonly values = new Map<string, number>();
  var(key: string, alpha: number): number {
    const v = this.values.get(`${key}@${alpha}`);
    if (v === undefined) throw new Error(`no VaR for ${key}@${alpha}`);
    return v;
  }
}

export class MapMids implements MidPriceSource {
  readonly values = new Map<string, number>([['BTC', 100]]);
  mid(instrument: string): number {
    return this.values.get(instrument) ?? NaN;
  }
}

/** Limits the fixtures' default state (position 2 BTC at 100, gross 1000) comfortably passes. */
export const LIMITS: BreakerLimits = {
  maxDrawdown: 0.05,
  dailyLossLimit: 5_000,
  maxPosition: 4,
  maxInstrumentNotional: 400,
  maxTotalNotional: 1_200,
  maxOrderQuantity: 2,
  maxOrderNotional: 250,
  priceBand: 0.05,
  maxOrdersPerSecond: 100,
};

export interface Harness {
  portfolio: FakePortfolio;
  vars: MapVarSource;
  mids: MapMids;
  clock: { now: number };
  events: BreakerEvent[];
  breaker: breaker.CircuitBreaker;
}

/** A breaker over the fakes, at 2026-01-05 12:00 UTC, recording its events. */
export function harness(overrides: Partial<BreakerOptions> = {}, limits: Partial<BreakerLimits> = {}): Harness {
  const portfolio = new FakePortfolio();
  const vars = new MapVarSource();
  vars.values.set('book@0.01', 0.01);
  const mids = new MapMids();
  const clock = { now: Date.UTC(2026, 0, 5, 12) };
  const events: BreakerEvent[] = [];
  const b = new breaker.CircuitBreaker({
    limits: { ...LIMITS, ...limits },
    var: { source: vars, key: 'book', alpha: 0.01, maxLoss: 20 },
    portfolio,
    mids,
    clock: () => clock.now,
    cooldownMs: 10_000,
    halfOpenProbes: 2,
    ...overrides,
  });
  b.on((e) => events.push(e));
  return { portfolio, vars, mids, clock, events, breaker: b };
}

/** Codes of a refused decision (fails the test if it was approved). */
export function codes(decision: breaker.Decision): string[] {
  if (decision.approved) throw new Error(`expected a refusal, got approval of ${JSON.stringify(decision.order)}`);
  return decision.reasons.map((r) => r.code);
}
