/**
 * The default journal: PGlite, PostgreSQL compiled to WebAssembly, so the same SQL and
 * migrations work with no server. In memory unless given a data directory. By default it runs
 * in a child process of its own (see pglite-process.ts): its WebAssembly memory (300-600 MB)
 * and query time then never weigh on the engine's heap or event loop.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';

import type { SqlExecutor } from './executor.js';
import { PgliteProcessExecutor } from './pglite-process.js';
import { SqlStore } from './sql-store.js';

/** Options of {@link PgliteStore}. */
export interface PgliteStoreOptions {
  /** Directory to persist into; in memory when omitted. */
  dataDir?: string;
  name?: string;
  /**
   * `'process'` (default): the database runs in a child process; `'inline'`: in this thread
   * (one process, but ~300-600 MB more RSS here and queries on this event loop).
   */
  isolation?: 'process' | 'inline';
}

class PgliteExecutor implements SqlExecutor {
  constructor(private readonly db: PGlite | Transaction) {}

  async query<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    const result = await this.db.query<R>(text, params as unknown[]);
    return result.rows;
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    if (!(this.db instanceof PGlite)) return fn(this);
    return this.db.transaction((tx) => fn(new PgliteExecutor(tx)));
  }

  async close(): Promise<void> {
    if (this.db instanceof PGlite && !this.db.closed) await this.db.close();
  }
}

/** The journal in an embedded PGlite database. Call `migrate()` once before writing. */
export class PgliteStore extends SqlStore {
  readonly #process: PgliteProcessExecutor | undefined;

  constructor(options: PgliteStoreOptions = {}) {
    const child = options.isolation === 'inline' ? undefined : new PgliteProcessExecutor({ dataDir: options.dataDir });
    super(options.name ?? 'pglite', child ?? new PgliteExecutor(new PGlite(options.dataDir)));
    this.#process = child;
  }

  /** Process id of the journal process; undefined when inline. */
  get pid(): number | undefined {
    return this.#process?.pid;
  }
}
