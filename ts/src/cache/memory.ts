/**
 * The default cache: an in-process LRU with per-entry TTL (lru-cache).
 */
import { LRUCache } from 'lru-cache';

import {
  CacheBookkeeping,
  DEFAULT_TTL,
  entryKey,
  getOrFetchWith,
  ttlFor,
  type Cache,
  type CacheEntryOptions,
  type CacheKind,
  type CacheStats,
  type TtlPolicy,
} from './cache.js';

/** Options of {@link MemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first. 10,000 by default. */
  maxEntries?: number;
  ttl?: Partial<TtlPolicy>;
  name?: string;
}

/** An LRU-with-TTL cache in this process. Values are stored by reference: do not mutate them. */
export class MemoryCache implements Cache {
  readonly name: string;
  private readonly lru: LRUCache<string, { value: unknown }>;
  private readonly policy: TtlPolicy;
  private readonly book = new CacheBookkeeping();

  constructor(options: MemoryCacheOptions = {}) {
    this.name = options.name ?? 'memory';
    this.policy = { ...DEFAULT_TTL, ...options.ttl };
    // ttlAutopurge is off: expired entries are dropped lazily on read, which avoids one timer
    // per entry on the hot path.
    this.lru = new LRUCache({ max: options.maxEntries ?? 10_000, ttlAutopurge: false, allowStale: false });
  }

  async get<T>(kind: CacheKind, key: string, options?: CacheEntryOptions): Promise<T | undefined> {
    return this.getSync<T>(kind, key, options);
  }

  /** {@link get} without the promise, for callers already on the memory tier. */
  getSync<T>(kind: CacheKind, key: string, options?: CacheEntryOptions): T | undefined {
    const entry = this.lru.get(entryKey(kind, key, options));
    this.book.record(entry !== undefined);
    return entry?.value as T | undefined;
  }

  async set<T>(kind: CacheKind, key: string, value: T, options?: CacheEntryOptions): Promise<void> {
    this.setSync(kind, key, value, options);
  }

  /** {@link set} without the promise. */
  setSync<T>(kind: CacheKind, key: string, value: T, options?: CacheEntryOptions): void {
    const ttl = ttlFor(this.policy, kind, options);
    // Wrapped so that a cached `undefined`-like value is still distinguishable from a miss.
    this.lru.set(entryKey(kind, key, options), { value }, { ttl: ttl > 0 ? ttl : undefined });
  }

  async delete(kind: CacheKind, key: string, options?: CacheEntryOptions): Promise<void> {
    this.lru.delete(entryKey(kind, key, options));
  }

  getOrFetch<T>(kind: CacheKind, key: string, fetch: () => Promise<T>, options?: CacheEntryOptions): Promise<T> {
    return getOrFetchWith(this, this.book, kind, key, fetch, options);
  }

  stats(): CacheStats {
    return this.book.stats();
  }

  /** Entries currently held (expired ones may count until read). */
  get size(): number {
    return this.lru.size;
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}
