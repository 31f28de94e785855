/**
 * The default journal: PGlite, PostgreSQL compiled to WebAssembly and running in this process,
 * so the same SQL and migrations work with no server. In memory unless given a data directory.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';

import type { SqlExecutor } from './executor.js';
import { SqlStore } from './sql-store.js';

/** Options of {@link PgliteStore}. */
export interface PgliteStoreOptions {
  /** Directory to persist into; in memory when omitted. */
  dataDir?: string;
  name?: string;
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
  constructor(options: PgliteStoreOptions = {}) {
    super(options.name ?? 'pglite', new PgliteExecutor(new PGlite(options.dataDir)));
  }
}
