/**
 * Versioned migrations: the SQL files of `sql/migrations/` (`NNNN_name.sql`), applied in order
 * and recorded in `schema_migrations` with a checksum, so an edited migration that already ran is
 * detected instead of silently diverging.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { InvalidStateError } from '../errors.js';
import type { SqlExecutor } from './executor.js';

/** `sql/migrations` of the package: three levels up from both `ts/src/store/` and `dist/lib/store/`. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'sql', 'migrations');

/** One migration file. */
export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

/** What {@link migrate} did. */
export interface MigrationResult {
  /** Versions applied by this call, in order. */
  applied: string[];
  /** Versions that were already there. */
  alreadyApplied: string[];
}

/** Reads the migrations of `dir`, sorted by version. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

const LOCK_KEY = 7_306_485_102; // arbitrary constant: serialises concurrent migrators

/**
 * Applies the pending migrations in one transaction, under an advisory lock so two processes
 * starting together do not both apply them. `prelude` runs first under the lock (creating the
 * store's schema, for instance).
 *
 * @throws InvalidStateError if an applied migration's file has changed since
 */
export async function migrate(
  db: SqlExecutor,
  migrations: readonly Migration[] = loadMigrations(),
  prelude?: string,
): Promise<MigrationResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    if (prelude) await tx.exec(prelude);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations');
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      const checksum = done.get(m.version);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new InvalidStateError(`migration ${m.version}_${m.name} changed after it was applied (checksum differs)`);
        }
        result.alreadyApplied.push(m.version);
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      result.applied.push(m.version);
    }
    return result;
  });
}
