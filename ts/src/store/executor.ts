/**
 * The small SQL surface both stores share, so one implementation of migrations, bulk inserts
 * and restore queries runs on PostgreSQL (pg) and on PGlite alike.
 */

/** Runs SQL on one database. */
export interface SqlExecutor {
  /**
   * One parameterised statement. `name` makes it a named prepared statement where the driver
   * supports that (pg), parsed and planned once per connection.
   */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], name?: string): Promise<R[]>;
  /** A script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs `fn` in one transaction, committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
