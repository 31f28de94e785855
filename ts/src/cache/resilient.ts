/**
 * A two-tier cache that keeps trading when Redis is down: memory first, Redis second.
 *
 * Reads answer from memory when they can; a memory miss asks Redis only while it is connected,
 * bounded by the Redis command timeout, and falls back to a miss on any failure. Writes go to
 * memory synchronously and to Redis in the background (never awaited by the caller's decision).
 * A lost connection is logged once; ioredis reconnects in the background and the recovery is
 * logged once; meanwhile Redis is not even attempted, so no decision pays a timeout per call.
 */
import {
  CacheBookkeeping,
  getOrFetchWith,
  type Cache,
  type CacheEntryOptions,
  type CacheKind,
  type CacheStats,
} from './cache.js';
import type { EventLog } from '../metrics/logger.js';
import type { MemoryCache } from './memory.js';
import type { RedisCache } from './redis.js';

/** Options of {@link ResilientCache}. */
export interface ResilientCacheOptions {
  memory: MemoryCache;
  redis: RedisCache;
  /** Receives the one-line "down" and "back" messages. */
  logger?: Pick<EventLog, 'warn' | 'info'>;
  name?: string;
}

/** Memory + Redis, degrading to memory alone while Redis is unreachable. */
export class ResilientCache implements Cache {
  readonly name: string;
  private readonly memory: MemoryCache;
  private readonly redis: RedisCache;
  private readonly logger: Pick<EventLog, 'warn' | 'info'> | undefined;
  private readonly book = new CacheBookkeeping();
  private remoteUp = true;
  /** Redis failures seen (reads and background writes), for diagnostics and tests. */
  remoteFailures = 0;

  constructor(options: ResilientCacheOptions) {
    this.name = options.name ?? 'resilient';
    this.memory = options.memory;
    this.redis = options.redis;
    this.logger = options.logger;
  }

  /** Whether Redis is currently used. */
  get remoteAvailable(): boolean {
    return this.checkRemote();
  }

  private checkRemote(): boolean {
    const ready = this.redis.isReady();
    if (ready && !this.remoteUp) {
      this.remoteUp = true;
      this.logger?.info({ cache: this.name }, 'redis is back; using it again');
    } else if (!ready && this.remoteUp) {
      this.markDown(this.redis.lastFailure);
    }
    return ready;
  }

  private markDown(err: unknown): void {
    this.remoteFailures += 1;
    if (!this.remoteUp) return;
    this.remoteUp = false;
    this.logger?.warn(
      { cache: this.name, err: (err as Error | undefined)?.message },
      'redis unavailable; continuing on the memory cache',
    );
  }

  async get<T>(kind: CacheKind, key: string, options?: CacheEntryOptions): Promise<T | undefined> {
    const local = this.memory.getSync<T>(kind, key, options);
    if (local !== undefined) {
      this.book.record(true);
      return local;
    }
    if (!this.checkRemote()) {
      this.book.record(false);
      return undefined;
    }
    try {
      const remote = await this.redis.get<T>(kind, key, options);
      if (remote !== undefined) this.memory.setSync(kind, key, remote, options);
      this.book.record(remote !== undefined);
      return remote;
    } catch (err) {
      this.markDown(err);
      this.book.record(false);
      return undefined;
    }
  }

  async set<T>(kind: CacheKind, key: string, value: T, options?: CacheEntryOptions): Promise<void> {
    this.memory.setSync(kind, key, value, options);
    if (!this.checkRemote()) return;
    // Not awaited: the caller's decision does not wait for Redis to acknowledge.
    this.redis.set(kind, key, value, options).catch((err: unknown) => this.markDown(err));
  }

  async delete(kind: CacheKind, key: string, options?: CacheEntryOptions): Promise<void> {
    await this.memory.delete(kind, key, options);
    if (this.checkRemote()) await this.redis.delete(kind, key, options).catch((err: unknown) => this.markDown(err));
  }

  getOrFetch<T>(kind: CacheKind, key: string, fetch: () => Promise<T>, options?: CacheEntryOptions): Promise<T> {
    return getOrFetchWith(this, this.book, kind, key, fetch, options);
  }

  stats(): CacheStats {
    return this.book.stats();
  }

  async close(): Promise<void> {
    await Promise.all([this.memory.close(), this.redis.close()]);
  }
}
