/**
 * Validation of the breaker's limits and per-instrument resolution (cached, so the hot path
 * does one Map lookup and no allocation after an instrument's first order).
 */
import { InvalidInputError, OutOfRangeError } from '../errors.js';
import type { BreakerLimits, InstrumentLimits, VarLimit } from './types.js';

/** The limits that apply to one instrument. */
export interface ResolvedLimits {
  readonly maxPosition: number;
  readonly maxInstrumentNotional: number;
  readonly maxOrderQuantity: number;
  readonly maxOrderNotional: number;
  readonly priceBand: number;
}

const REQUIRED: readonly (keyof BreakerLimits)[] = [
  'maxDrawdown',
  'dailyLossLimit',
  'maxPosition',
  'maxInstrumentNotional',
  'maxTotalNotional',
  'maxOrderQuantity',
  'maxOrderNotional',
  'priceBand',
  'maxOrdersPerSecond',
];

const OVERRIDABLE: readonly (keyof InstrumentLimits)[] = [
  'maxPosition',
  'maxInstrumentNotional',
  'maxOrderQuantity',
  'maxOrderNotional',
  'priceBand',
];

/** A limit is a positive number or Infinity (disabled); NaN and <= 0 are configuration bugs. */
function checkLimit(name: string, value: unknown): void {
  if (typeof value !== 'number') {
    throw new InvalidInputError(`limit ${name} is required (a positive number, or Infinity to disable it)`);
  }
  if (!(value > 0)) {
    throw new OutOfRangeError(`${name} = ${value} is out of range: expected a positive number or Infinity`);
  }
}

/** @throws InvalidInputError for a missing limit, OutOfRangeError for a bad value */
export function validateLimits(limits: BreakerLimits, varLimit: VarLimit | null): void {
  for (const name of REQUIRED) checkLimit(name, limits[name]);
  for (const [instrument, overrides] of Object.entries(limits.instruments ?? {})) {
    for (const name of OVERRIDABLE) {
      if (overrides[name] !== undefined) checkLimit(`instruments.${instrument}.${name}`, overrides[name]);
    }
  }
  if (varLimit === undefined) {
    throw new InvalidInputError('option var is required: a VarLimit, or null to run without a VaR check');
  }
  if (varLimit !== null) {
    if (typeof varLimit.source?.var !== 'function') {
      throw new InvalidInputError('var.source must have a var(key, alpha) method');
    }
    if (typeof varLimit.key !== 'string') throw new InvalidInputError('var.key must be a string');
    if (!(varLimit.alpha > 0 && varLimit.alpha < 1)) {
      throw new OutOfRangeError(`var.alpha = ${varLimit.alpha} is out of range: expected a number in (0, 1)`);
    }
    checkLimit('var.maxLoss', varLimit.maxLoss);
  }
}

/** Per-instrument limits, merged with the defaults once per instrument. */
export class LimitResolver {
  readonly #defaults: ResolvedLimits;
  readonly #overrides: Readonly<Record<string, InstrumentLimits>>;
  readonly #cache = new Map<string, ResolvedLimits>();

  constructor(limits: BreakerLimits) {
    this.#defaults = Object.freeze({
      maxPosition: limits.maxPosition,
      maxInstrumentNotional: limits.maxInstrumentNotional,
      maxOrderQuantity: limits.maxOrderQuantity,
      maxOrderNotional: limits.maxOrderNotional,
      priceBand: limits.priceBand,
    });
    this.#overrides = limits.instruments ?? {};
  }

  for(instrument: string): ResolvedLimits {
    let resolved = this.#cache.get(instrument);
    if (resolved === undefined) {
      const own = Object.hasOwn(this.#overrides, instrument) ? this.#overrides[instrument] : undefined;
      resolved = own === undefined ? this.#defaults : Object.freeze({ ...this.#defaults, ...definedOnly(own) });
      this.#cache.set(instrument, resolved);
    }
    return resolved;
  }
}

function definedOnly(overrides: InstrumentLimits): InstrumentLimits {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}
