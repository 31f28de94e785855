/**
 * The trading journal behind the {@link Store} interface: PgliteStore (default, embedded),
 * PostgresStore, versioned migrations, and the write-behind journal that keeps database latency
 * off the hot path and spills to disk while the database is down.
 * @module store
 */
export { SqlStore } from './sql-store.js';
export type { Store } from './sql-store.js';
export { PostgresStore } from './postgres.js';
export type { PostgresStoreOptions } from './postgres.js';
export { PgliteStore } from './pglite.js';
export type { PgliteStoreOptions } from './pglite.js';
export { migrate, loadMigrations, MIGRATIONS_DIR } from './migrations.js';
export type { Migration, MigrationResult } from './migrations.js';
export { WriteBehindJournal } from './write-behind.js';
export type { WriteBehindOptions, JournalStats } from './write-behind.js';
export { SpillFile } from './spill-file.js';
export { TABLES, JOURNAL_TABLES } from './tables.js';
export type {
  JournalEntry,
  JournalRows,
  JournalTable,
  OrderRow,
  FillRow,
  PositionRow,
  SignalRow,
  RiskEventRow,
  BreakerSnapshotRow,
  BarRow,
} from './tables.js';
export type { SqlExecutor } from './executor.js';
