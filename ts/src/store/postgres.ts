/**
 * The journal in PostgreSQL (pg): a bounded pool with timeouts, named prepared statements, and
 * its own schema so several engines (or test runs) share one database without touching each
 * other's tables.
 */
import pg from 'pg';

import type { SqlExecutor } from './executor.js';
import { SqlStore } from './sql-store.js';

/** Options of {@link PostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:pass@host:port/db`, normally DATABASE_URL. */
  url: string;
  /** Schema holding the journal tables; created by `migrate()`. `public` by default. */
  schema?: string;
  /** Most connections; 10 by default. */
  poolMax?: number;
  /** Idle connections are closed after this, ms; 30,000 by default. */
  idleTimeoutMs?: number;
  /** Longest wait for a connection, ms; 2,000 by default, so an unreachable DB fails fast. */
  connectionTimeoutMs?: number;
  /** Server-side statement timeout, ms; 5,000 by default. */
  statementTimeoutMs?: number;
  name?: string;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

class PgExecutor implements SqlExecutor {
  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  async query<R>(text: string, params: readonly unknown[] = [], name?: string): Promise<R[]> {
    const result = await this.client.query({ text, values: params as unknown[], name });
    return result.rows as R[];
  }

  async exec(script: string): Promise<void> {
    await this.client.query(script);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    if (!(this.client instanceof pg.Pool)) return fn(this);
    const client = await this.client.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PgExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.client instanceof pg.Pool && !this.client.ended) await this.client.end();
  }
}

/** The journal in PostgreSQL. Call `migrate()` once before writing. */
export class PostgresStore extends SqlStore {
  readonly schema: string;
  /** The pool, for diagnostics (totalCount, idleCount, waitingCount). */
  readonly pool: pg.Pool;

  constructor(options: PostgresStoreOptions) {
    const schema = options.schema ?? 'public';
    const statementTimeout = options.statementTimeoutMs ?? 5_000;
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 2_000,
      // search_path per connection: every statement (including the prepared ones) resolves the
      // journal tables in this store's schema.
      options: `-c search_path=${schema} -c statement_timeout=${statementTimeout}`,
      query_timeout: statementTimeout + 1_000,
      application_name: 'smc-engine',
    });
    // An idle client losing its connection emits on the pool; unhandled, that would crash the
    // process. The next query reports the outage instead.
    pool.on('error', () => undefined);
    super(options.name ?? 'postgres', new PgExecutor(pool));
    this.schema = schema;
    this.pool = pool;
  }

  protected override migrationPrelude(): string {
    return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema)}`;
  }

  /** Drops this store's schema and everything in it (tests and tear-downs; never `public`). */
  async dropSchema(): Promise<void> {
    if (this.schema === 'public') throw new Error('refusing to drop the public schema');
    await this.db.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(this.schema)} CASCADE`);
  }
}
