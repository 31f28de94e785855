/**
 * A Redis-backed cache (ioredis 6), standalone or Redis Cluster.
 *
 * Choices, and why:
 * - RESP2 (`protocol: 2`) by default, set explicitly because ioredis 6 defaults to RESP3. We use
 *   GET / SET PX / DEL only, whose replies are identical in both protocols, so RESP3 buys nothing
 *   here, while RESP2 works with every Redis and Redis-compatible server and proxy (Redis < 6,
 *   twemproxy/Envoy, some managed offerings) and skips the HELLO negotiation on every reconnect.
 *   `protocol: 3` remains selectable.
 * - Auto-pipelining: concurrent commands issued in one event-loop tick go out in one write, which
 *   is what a burst of per-symbol lookups looks like.
 * - Offline queue off and `maxRetriesPerRequest: 0`: while disconnected a command fails at once
 *   instead of waiting for a reconnect, so a decision never waits on Redis; ioredis keeps
 *   reconnecting in the background (capped back-off).
 * - `commandTimeout`: an answer later than this is treated as a failure.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

import { UnavailableError } from '../errors.js';
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

/** Options of {@link RedisCache}. */
export interface RedisCacheOptions {
  /** `redis://[user:pass@]host:port[/db]`; for a cluster, only its credentials are used. */
  url?: string;
  /** Cluster seed nodes as `host:port`; set to use Redis Cluster. */
  clusterNodes?: readonly string[];
  /** Prefix of every key (`<namespace>:<kind>:...`), so several engines can share one Redis. */
  namespace?: string;
  /** RESP protocol version; 2 by default (see the module comment). */
  protocol?: 2 | 3;
  /** Longest wait for one command, ms; 5 by default. */
  commandTimeoutMs?: number;
  /** Longest wait for a TCP connection, ms; 2000 by default. */
  connectTimeoutMs?: number;
  ttl?: Partial<TtlPolicy>;
  name?: string;
}

type Client = Redis | Cluster;

function reconnectDelay(times: number): number {
  return Math.min(50 * 2 ** Math.min(times, 6), 2_000);
}

function createClient(options: RedisCacheOptions): Client {
  const common = {
    enableAutoPipelining: true,
    enableOfflineQueue: false,
  };
  const connection: RedisOptions = {
    ...common,
    protocol: options.protocol ?? 2,
    commandTimeout: options.commandTimeoutMs ?? 5,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: reconnectDelay,
    connectionName: 'smc-engine-cache',
  };
  if (options.clusterNodes?.length) {
    const auth = options.url ? new URL(options.url) : undefined;
    const nodes = options.clusterNodes.map((node) => {
      const [host, port] = node.split(':');
      return { host: host as string, port: Number(port) };
    });
    const clusterOptions: ClusterOptions = {
      ...common,
      clusterRetryStrategy: reconnectDelay,
      redisOptions: {
        ...connection,
        username: auth?.username ? decodeURIComponent(auth.username) : undefined,
        password: auth?.password ? decodeURIComponent(auth.password) : undefined,
      },
    };
    return new Cluster(nodes, clusterOptions);
  }
  return new Redis(options.url ?? 'redis://127.0.0.1:6379', connection);
}

/** A cache in Redis. Failures reject with {@link UnavailableError}; wrap it in ResilientCache to degrade. */
export class RedisCache implements Cache {
  readonly name: string;
  readonly namespace: string;
  private readonly client: Client;
  private readonly policy: TtlPolicy;
  private readonly book = new CacheBookkeeping();
  private lastError: Error | undefined;

  constructor(options: RedisCacheOptions = {}) {
    this.name = options.name ?? 'redis';
    this.namespace = options.namespace ?? 'smc';
    this.policy = { ...DEFAULT_TTL, ...options.ttl };
    this.client = createClient(options);
    // Without a listener ioredis prints every reconnect failure; we keep the last one instead and
    // let the owner (ResilientCache) decide what to log.
    this.client.on('error', (err: Error) => {
      this.lastError = err;
    });
  }

  /** Whether the connection is up and ready for commands right now. */
  isReady(): boolean {
    return this.client.status === 'ready';
  }

  /** Resolves once connected, or rejects with UnavailableError after `timeoutMs`. */
  async waitReady(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isReady()) {
      if (Date.now() >= deadline) {
        throw new UnavailableError(`redis not ready after ${timeoutMs} ms: ${this.lastError?.message ?? this.client.status}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The most recent connection or command error, for diagnostics. */
  get lastFailure(): Error | undefined {
    return this.lastError;
  }

  /** The full Redis key of an entry. */
  redisKey(kind: CacheKind, key: string, options?: CacheEntryOptions): string {
    return `${this.namespace}:${entryKey(kind, key, options)}`;
  }

  private async run<T>(what: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      this.lastError = err as Error;
      throw new UnavailableError(`redis ${what} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async get<T>(kind: CacheKind, key: string, options?: CacheEntryOptions): Promise<T | undefined> {
    const raw = await this.run('GET', () => this.client.get(this.redisKey(kind, key, options)));
    this.book.record(raw !== null);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set<T>(kind: CacheKind, key: string, value: T, options?: CacheEntryOptions): Promise<void> {
    const ttl = ttlFor(this.policy, kind, options);
    const redisKey = this.redisKey(kind, key, options);
    const json = JSON.stringify(value);
    await this.run('SET', () => (ttl > 0 ? this.client.set(redisKey, json, 'PX', ttl) : this.client.set(redisKey, json)));
  }

  async delete(kind: CacheKind, key: string, options?: CacheEntryOptions): Promise<void> {
    await this.run('DEL', () => this.client.del(this.redisKey(kind, key, options)));
  }

  /** Remaining TTL of an entry in ms (-1 without TTL, -2 when absent), as Redis PTTL reports it. */
  async ttlMs(kind: CacheKind, key: string, options?: CacheEntryOptions): Promise<number> {
    return this.run('PTTL', () => this.client.pttl(this.redisKey(kind, key, options)));
  }

  getOrFetch<T>(kind: CacheKind, key: string, fetch: () => Promise<T>, options?: CacheEntryOptions): Promise<T> {
    return getOrFetchWith(this, this.book, kind, key, fetch, options);
  }

  stats(): CacheStats {
    return this.book.stats();
  }

  /** Closes the connection (pending commands are answered first when connected). */
  async close(): Promise<void> {
    if (this.client.status === 'end') return;
    if (this.isReady()) {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      this.client.disconnect();
    }
  }
}
