/**
 * The `Cache` interface the pipeline reads through, the TTL policy per data kind and timeframe,
 * and the hit/miss bookkeeping every implementation shares.
 *
 * Values must be JSON-serialisable (plain objects, arrays, numbers, strings, booleans, null):
 * the Redis implementation stores JSON, and the memory implementation accepts the same values so
 * swapping one for the other changes nothing.
 */
import { InvalidInputError } from '../errors.js';

/**
 * What is cached. `ensemble`: model outputs keyed by model version and a quantised feature hash;
 * `var`: VaR tables; `bars`: recent bars of one symbol and timeframe; `custom`: anything else.
 */
export type CacheKind = 'ensemble' | 'var' | 'bars' | 'custom';

/** Per-call options. */
export interface CacheEntryOptions {
  /** Bar timeframe (`1m`, `15m`, `4h`); part of the key and, for `bars`, the default TTL. */
  timeframe?: string;
  /** Overrides the kind's TTL for this entry, ms. */
  ttlMs?: number;
}

/** Reads since start. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 before the first read. */
  hitRate: number;
}

/** A key-value cache with TTLs; implementations: MemoryCache, RedisCache, ResilientCache. */
export interface Cache {
  /** Name used in metrics and logs. */
  readonly name: string;
  /** The cached value, or undefined when absent or expired. */
  get<T>(kind: CacheKind, key: string, options?: CacheEntryOptions): Promise<T | undefined>;
  /** Stores `value` for the kind's TTL (or `options.ttlMs`). */
  set<T>(kind: CacheKind, key: string, value: T, options?: CacheEntryOptions): Promise<void>;
  delete(kind: CacheKind, key: string, options?: CacheEntryOptions): Promise<void>;
  /**
   * The cached value, or the result of `fetch` (stored, then returned). Concurrent calls for the
   * same key share one `fetch`.
   */
  getOrFetch<T>(kind: CacheKind, key: string, fetch: () => Promise<T>, options?: CacheEntryOptions): Promise<T>;
  stats(): CacheStats;
  close(): Promise<void>;
}

/** Default TTLs per kind, ms. `bars` defaults to one bar length of the entry's timeframe. */
export interface TtlPolicy {
  ensemble: number;
  var: number;
  /** Used for `bars` without a timeframe. */
  bars: number;
  custom: number;
}

/** 60 s for ensemble results (the default), 5 min for VaR tables, 1 min otherwise. */
export const DEFAULT_TTL: TtlPolicy = { ensemble: 60_000, var: 300_000, bars: 60_000, custom: 60_000 };

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Length of a timeframe in ms (`15m` -> 900000).
 *
 * @throws InvalidInputError for anything but `<positive int><s|m|h|d>`
 */
export function timeframeMs(timeframe: string): number {
  const match = /^([1-9][0-9]*)([smhd])$/.exec(timeframe);
  if (!match) throw new InvalidInputError(`timeframe ${JSON.stringify(timeframe)}: expected like 1m, 15m, 4h, 1d`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** The TTL of an entry: explicit, else one bar for timeframed bars, else the kind's default. */
export function ttlFor(policy: TtlPolicy, kind: CacheKind, options?: CacheEntryOptions): number {
  if (options?.ttlMs !== undefined) return options.ttlMs;
  if (kind === 'bars' && options?.timeframe) return timeframeMs(options.timeframe);
  return policy[kind];
}

/** The key inside a namespace: `<kind>:<timeframe>:<key>` or `<kind>:<key>`. */
export function entryKey(kind: CacheKind, key: string, options?: CacheEntryOptions): string {
  return options?.timeframe ? `${kind}:${options.timeframe}:${key}` : `${kind}:${key}`;
}

/** Hit/miss counters, and coalescing of concurrent fetches of one key. */
export class CacheBookkeeping {
  hits = 0;
  misses = 0;
  private readonly pending = new Map<string, Promise<unknown>>();

  record(hit: boolean): void {
    if (hit) this.hits += 1;
    else this.misses += 1;
  }

  stats(): CacheStats {
    const reads = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, hitRate: reads === 0 ? 0 : this.hits / reads };
  }

  /** Runs `load` once per key at a time; later callers for the same key await the same promise. */
  singleFlight<T>(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running as Promise<T>;
    const promise = load().finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }
}

/** The shared get-or-fetch algorithm over a cache's own get and set. */
export async function getOrFetchWith<T>(
  cache: Cache,
  book: CacheBookkeeping,
  kind: CacheKind,
  key: string,
  fetch: () => Promise<T>,
  options?: CacheEntryOptions,
): Promise<T> {
  const cached = await cache.get<T>(kind, key, options);
  if (cached !== undefined) return cached;
  return book.singleFlight(entryKey(kind, key, options), async () => {
    const value = await fetch();
    await cache.set(kind, key, value, options);
    return value;
  });
}
