/**
 * The risk circuit breaker: the gate every order intent passes before execution.
 */
import { InvalidInputError, OutOfRangeError } from '../errors.js';
import { mintApproved, NO_REASONS } from './approved.js';
import { type AccountReadings, type CheckContext, CheckRun, runChecks } from './checks.js';
import { LimitResolver, validateLimits } from './limits.js';
import { TokenBucket } from './rate-limiter.js';
import { parseSnapshot } from './snapshot.js';
import {
  DEFAULT_TRIP_CODES,
  type BreakerEvent,
  type BreakerListener,
  type BreakerOptions,
  type BreakerSnapshot,
  type BreakerState,
  type Decision,
  type OrderIntent,
  type RefusalReason,
} from './types.js';

const DAY_MS = 86_400_000;

function nonNegative(name: string, value: number): number {
  if (!(value >= 0 && value < Infinity)) {
    throw new OutOfRangeError(`${name} = ${value} is out of range: expected a finite number >= 0`);
  }
  return value;
}

/**
 * Evaluates every order intent against all risk checks and mints {@link ApprovedOrder}s, the
 * only orders an execution layer accepts.
 *
 * Checks, all evaluated every time, all failures reported: kill switch, max drawdown, daily
 * loss, VaR, max position and notional per instrument, total notional, max order quantity and
 * notional, price band against mid, order rate. Missing data fails closed
 * (`RISK_DATA_UNAVAILABLE`, `MID_UNAVAILABLE`, `VAR_UNAVAILABLE`).
 *
 * States: `closed` (orders flow) -> a failure whose code is in `tripOn` (drawdown, daily loss,
 * VaR by default) -> `open` (only reducing orders pass, when `allowReducing`) -> after
 * `cooldownMs` -> `half-open` (orders pass as probes; a trip reopens) -> `halfOpenProbes`
 * approved probes without a new trip -> `closed`. Transitions are evaluated lazily on the
 * injected clock, so a backtest can drive the breaker with historical time.
 *
 * Every decision and state change is emitted as a {@link BreakerEvent}; {@link snapshot} and
 * {@link restore} persist the state as versioned JSON.
 */
export class CircuitBreaker {
  readonly #ctx: CheckContext;
  readonly #run = new CheckRun();
  readonly #clock: () => number;
  readonly #cooldownMs: number;
  readonly #halfOpenProbes: number;
  readonly #dayStartOffsetMs: number;
  readonly #onListenerError: (error: unknown) => void;
  readonly #listeners: BreakerListener[] = [];
  readonly #account: AccountReadings = { equity: 0, highWaterMark: 0, dayStartEquity: 0, error: null };
  #state: BreakerState = 'closed';
  #openedAt: number | null = null;
  #tripReasons: readonly RefusalReason[] = NO_REASONS;
  #probesApproved = 0;
  #killSwitch = false;
  #killSwitchReason: string | null = null;
  #dayKey: number | null = null;
  #dayStartEquity: number | null = null;
  #decisions = 0;
  #approved = 0;
  #refused = 0;
  #trips = 0;

  /** @throws InvalidInputError (missing limit or source), OutOfRangeError (bad value) */
  constructor(options: BreakerOptions) {
    validateLimits(options.limits, options.var);
    if (typeof options.portfolio?.equity !== 'function') throw new InvalidInputError('option portfolio is required');
    if (typeof options.mids?.mid !== 'function') throw new InvalidInputError('option mids must have a mid(instrument) method');
    this.#clock = options.clock ?? Date.now;
    this.#cooldownMs = nonNegative('cooldownMs', options.cooldownMs ?? 60_000);
    const probes = options.halfOpenProbes ?? 3;
    if (!(Number.isInteger(probes) && probes >= 1)) {
      throw new OutOfRangeError(`halfOpenProbes = ${probes} is out of range: expected an integer >= 1`);
    }
    this.#halfOpenProbes = probes;
    this.#dayStartOffsetMs = nonNegative('dayStartOffsetMs', options.dayStartOffsetMs ?? 0);
    this.#onListenerError = options.onListenerError ?? ((error) => console.error('smc-engine breaker listener failed:', error));
    this.#ctx = {
      limits: options.limits,
      resolver: new LimitResolver(options.limits),
      varLimit: options.var,
      portfolio: options.portfolio,
      mids: options.mids,
      bucket: new TokenBucket(options.limits.maxOrdersPerSecond),
      tripCodes: new Set(options.tripOn ?? DEFAULT_TRIP_CODES),
      allowReducing: options.allowReducing ?? true,
      killSwitchAllowsReducing: options.killSwitchAllowsReducing ?? false,
    };
  }

  /**
   * Runs every check on `order` and returns the typed decision: an {@link ApprovedOrder} to
   * hand to execution, or every reason for the refusal. Never throws for a bad order or a
   * failing data source: those are refusals.
   */
  evaluate(order: OrderIntent): Decision {
    const now = this.#clock();
    this.#advance(now);
    this.#readAccount(now);
    const run = this.#run;
    runChecks(this.#ctx, run, order, now, this.#account, this.#killSwitch);
    const decisionId = ++this.#decisions;

    if (run.trips !== null && this.#state !== 'open') {
      this.#open(now, this.#state === 'closed' ? 'trip' : 'probe tripped', run.trips);
    }
    const passesOpen = run.reducing && this.#ctx.allowReducing;
    let refusals = run.refusals;
    if (this.#state === 'open' && !passesOpen) {
      const elapsed = now - (this.#openedAt ?? now);
      (refusals ??= []).push({
        code: 'BREAKER_OPEN',
        message: `the breaker is open (${elapsed} of ${this.#cooldownMs} ms cooldown elapsed)`,
        limit: this.#cooldownMs,
        observed: elapsed,
      });
    }
    if (refusals !== null) {
      this.#refused++;
      if (this.#listeners.length > 0) this.#emitDecision(now, decisionId, order, false, refusals, run.reducing, false);
      return { approved: false, reasons: refusals };
    }

    const probe = this.#state === 'half-open' && !passesOpen;
    this.#ctx.bucket.take();
    this.#approved++;
    const approved = mintApproved(order, decisionId, now, run.reducing, probe, run.waived ?? NO_REASONS);
    if (this.#listeners.length > 0) {
      this.#emitDecision(now, decisionId, order, true, approved.waived, run.reducing, probe);
    }
    if (probe && ++this.#probesApproved >= this.#halfOpenProbes) {
      this.#transition(now, 'closed', `${this.#probesApproved} probes approved without a trip`, NO_REASONS);
    }
    return { approved: true, order: approved };
  }

  /** The current state (advancing open -> half-open if the cooldown has elapsed). */
  get state(): BreakerState {
    this.#advance(this.#clock());
    return this.#state;
  }

  get killSwitchEngaged(): boolean {
    return this.#killSwitch;
  }

  /** Opens the breaker by hand (an operator, an external alarm). */
  trip(reason: string): void {
    this.#open(this.#clock(), `manual trip: ${reason}`, NO_REASONS);
  }

  /** Closes the breaker by hand, whatever its state. */
  reset(reason = 'manual reset'): void {
    this.#probesApproved = 0;
    if (this.#state !== 'closed') this.#transition(this.#clock(), 'closed', reason, NO_REASONS);
  }

  /** Refuses every order (reducing ones too unless `killSwitchAllowsReducing`) until released. */
  engageKillSwitch(reason: string): void {
    this.#setKillSwitch(true, reason);
  }

  releaseKillSwitch(reason: string): void {
    this.#setKillSwitch(false, reason);
  }

  /** Subscribes to every decision and state change; returns the unsubscribe function. */
  on(listener: BreakerListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  /** The state to persist (JSON-serialisable, versioned). */
  snapshot(): BreakerSnapshot {
    return {
      version: 1,
      takenAt: this.#clock(),
      state: this.#state,
      openedAt: this.#openedAt,
      tripReasons: this.#tripReasons.map((r) => ({ ...r })),
      probesApproved: this.#probesApproved,
      killSwitch: { engaged: this.#killSwitch, reason: this.#killSwitchReason },
      day: { key: this.#dayKey, startEquity: this.#dayStartEquity },
      rateLimiter: this.#ctx.bucket.state(),
      counters: { decisions: this.#decisions, approved: this.#approved, refused: this.#refused, trips: this.#trips },
    };
  }

  /**
   * Resumes from a {@link snapshot} (for example read back from Postgres). The configuration
   * (limits, sources, clock) is this breaker's own.
   * @throws InvalidInputError for anything that is not a valid version-1 snapshot
   */
  restore(snapshot: unknown): void {
    const s = parseSnapshot(snapshot);
    const from = this.#state;
    this.#state = s.state;
    this.#openedAt = s.openedAt;
    this.#tripReasons = s.tripReasons;
    this.#probesApproved = s.probesApproved;
    this.#killSwitch = s.killSwitch.engaged;
    this.#killSwitchReason = s.killSwitch.reason;
    this.#dayKey = s.day.key;
    this.#dayStartEquity = s.day.startEquity;
    this.#ctx.bucket.restore(s.rateLimiter.tokens, s.rateLimiter.updatedAt);
    this.#decisions = s.counters.decisions;
    this.#approved = s.counters.approved;
    this.#refused = s.counters.refused;
    this.#trips = s.counters.trips;
    this.#emit({ type: 'state', time: this.#clock(), from, to: s.state, reason: 'restored', reasons: s.tripReasons });
  }

  #advance(now: number): void {
    if (this.#state === 'open' && this.#openedAt !== null && now - this.#openedAt >= this.#cooldownMs) {
      this.#probesApproved = 0;
      this.#transition(now, 'half-open', 'cooldown elapsed', NO_REASONS);
    }
  }

  /** Equity and high-water mark, and the start-of-day equity (rolled on the first read of a day). */
  #readAccount(now: number): void {
    const account = this.#account;
    account.error = null;
    try {
      account.equity = this.#ctx.portfolio.equity();
      account.highWaterMark = this.#ctx.portfolio.highWaterMark();
      if (!(Number.isFinite(account.equity) && account.highWaterMark > 0 && account.highWaterMark < Infinity)) {
        account.error = `unusable account readings: equity ${account.equity}, high-water mark ${account.highWaterMark}`;
      }
    } catch (err) {
      account.error = `portfolio readings failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (account.error !== null) return;
    const day = Math.floor((now - this.#dayStartOffsetMs) / DAY_MS);
    if (day !== this.#dayKey) {
      this.#dayKey = day;
      this.#dayStartEquity = account.equity;
    }
    account.dayStartEquity = this.#dayStartEquity ?? account.equity;
  }

  #open(now: number, reason: string, reasons: readonly RefusalReason[]): void {
    this.#trips++;
    this.#openedAt = now;
    this.#tripReasons = reasons;
    this.#probesApproved = 0;
    this.#transition(now, 'open', reason, reasons);
  }

  #transition(now: number, to: BreakerState, reason: string, reasons: readonly RefusalReason[]): void {
    const from = this.#state;
    this.#state = to;
    if (this.#listeners.length > 0) this.#emit({ type: 'state', time: now, from, to, reason, reasons });
  }

  #setKillSwitch(engaged: boolean, reason: string): void {
    this.#killSwitch = engaged;
    this.#killSwitchReason = engaged ? reason : null;
    this.#emit({ type: 'kill-switch', time: this.#clock(), engaged, reason });
  }

  #emitDecision(
    time: number,
    decisionId: number,
    order: OrderIntent,
    approved: boolean,
    reasons: readonly RefusalReason[],
    reducing: boolean,
    probe: boolean,
  ): void {
    this.#emit({ type: 'decision', time, decisionId, order, approved, reasons, state: this.#state, reducing, probe });
  }

  #emit(event: BreakerEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
