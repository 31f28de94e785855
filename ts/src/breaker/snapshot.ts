/**
 * Validation of persisted breaker snapshots: whatever comes back from storage is checked field
 * by field before it can change the breaker's state.
 */
import { InvalidInputError } from '../errors.js';
import type { BreakerSnapshot, BreakerState, RefusalCode, RefusalReason } from './types.js';

const STATES: ReadonlySet<string> = new Set<BreakerState>(['closed', 'open', 'half-open']);

const CODES: ReadonlySet<string> = new Set<RefusalCode>([
  'KILL_SWITCH',
  'BREAKER_OPEN',
  'MAX_DRAWDOWN',
  'DAILY_LOSS',
  'VAR_LIMIT',
  'VAR_UNAVAILABLE',
  'MAX_POSITION',
  'MAX_INSTRUMENT_NOTIONAL',
  'MAX_TOTAL_NOTIONAL',
  'MAX_ORDER_QUANTITY',
  'MAX_ORDER_NOTIONAL',
  'PRICE_BAND',
  'MID_UNAVAILABLE',
  'RATE_LIMIT',
  'INVALID_ORDER',
  'RISK_DATA_UNAVAILABLE',
]);

function fail(path: string, expected: string, value: unknown): never {
  throw new InvalidInputError(`invalid breaker snapshot: ${path} must be ${expected}, got ${JSON.stringify(value)}`);
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Record<string, unknown>;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number', value);
  return value;
}

function count(value: unknown, path: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) fail(path, 'a whole number >= 0', value);
  return value as number;
}

function finiteOrNull(value: unknown, path: string): number | null {
  return value === null ? null : finite(value, path);
}

function stringOrNull(value: unknown, path: string): string | null {
  if (value !== null && typeof value !== 'string') fail(path, 'a string or null', value);
  return value;
}

function refusalReason(value: unknown, path: string): RefusalReason {
  const r = record(value, path);
  if (typeof r.code !== 'string' || !CODES.has(r.code)) fail(`${path}.code`, 'a refusal code', r.code);
  if (typeof r.message !== 'string') fail(`${path}.message`, 'a string', r.message);
  return {
    code: r.code as RefusalCode,
    message: r.message,
    limit: finiteOrNull(r.limit, `${path}.limit`),
    observed: finiteOrNull(r.observed, `${path}.observed`),
  };
}

/**
 * Checks that `value` is a version-1 {@link BreakerSnapshot} and returns a clean copy.
 * @throws InvalidInputError naming the first bad field
 */
export function parseSnapshot(value: unknown): BreakerSnapshot {
  const s = record(value, 'snapshot');
  if (s.version !== 1) fail('version', '1 (the only version this release reads)', s.version);
  if (typeof s.state !== 'string' || !STATES.has(s.state)) fail('state', "'closed', 'open' or 'half-open'", s.state);
  const state = s.state as BreakerState;
  const openedAt = finiteOrNull(s.openedAt, 'openedAt');
  if (state !== 'closed' && openedAt === null) fail('openedAt', `a time when the state is '${state}'`, null);
  if (!Array.isArray(s.tripReasons)) fail('tripReasons', 'an array', s.tripReasons);
  const kill = record(s.killSwitch, 'killSwitch');
  if (typeof kill.engaged !== 'boolean') fail('killSwitch.engaged', 'a boolean', kill.engaged);
  const day = record(s.day, 'day');
  const bucket = record(s.rateLimiter, 'rateLimiter');
  const counters = record(s.counters, 'counters');
  return {
    version: 1,
    takenAt: finite(s.takenAt, 'takenAt'),
    state,
    openedAt,
    tripReasons: s.tripReasons.map((r, i) => refusalReason(r, `tripReasons[${i}]`)),
    probesApproved: count(s.probesApproved, 'probesApproved'),
    killSwitch: { engaged: kill.engaged, reason: stringOrNull(kill.reason, 'killSwitch.reason') },
    day: { key: finiteOrNull(day.key, 'day.key'), startEquity: finiteOrNull(day.startEquity, 'day.startEquity') },
    rateLimiter: {
      tokens: finite(bucket.tokens, 'rateLimiter.tokens'),
      updatedAt: finiteOrNull(bucket.updatedAt, 'rateLimiter.updatedAt'),
    },
    counters: {
      decisions: count(counters.decisions, 'counters.decisions'),
      approved: count(counters.approved, 'counters.approved'),
      refused: count(counters.refused, 'counters.refused'),
      trips: count(counters.trips, 'counters.trips'),
    },
  };
}
