/**
 * The `Store` interface and its one SQL implementation over a {@link SqlExecutor}; PostgresStore
 * and PgliteStore only supply the executor.
 */
import { InvalidInputError, UnavailableError } from '../errors.js';
import type { SqlExecutor } from './executor.js';
import { migrate, type MigrationResult } from './migrations.js';
import {
  TABLES,
  bulkInsertParams,
  bulkInsertSql,
  type BarRow,
  type BreakerSnapshotRow,
  type JournalEntry,
  type JournalTable,
  type PositionRow,
  type TableSpec,
} from './tables.js';

/** The trading journal. Implementations: PostgresStore, PgliteStore. */
export interface Store {
  readonly name: string;
  /** Applies pending migrations. */
  migrate(): Promise<MigrationResult>;
  /**
   * Writes entries in bulk (one statement per table). Idempotent: rows whose natural key exists
   * are skipped (bars are updated), so a batch may safely be written twice.
   * @throws UnavailableError when the database cannot be reached
   */
  insert(entries: readonly JournalEntry[]): Promise<void>;
  /** Resolves when the database answers; rejects with UnavailableError otherwise. */
  ping(): Promise<void>;
  /** The latest position snapshot of every symbol. */
  latestPositions(): Promise<PositionRow[]>;
  /** The latest circuit-breaker snapshot, if any. */
  latestBreakerSnapshot(): Promise<BreakerSnapshotRow | undefined>;
  /** The latest `limit` bars of a symbol and timeframe, newest first. */
  recentBars(symbol: string, timeframe: string, limit: number): Promise<BarRow[]>;
  /**
   * Client order ids in the `orders` journal, optionally only those at or after `sinceMs`
   * (epoch ms). A restarted engine reads them back so an order journaled before a crash is
   * never sent again.
   */
  sentClientOrderIds(sinceMs?: number): Promise<string[]>;
  /** Rows in a journal table. */
  countRows(table: JournalTable): Promise<number>;
  close(): Promise<void>;
}

const ms = (v: unknown): number => (v instanceof Date ? v.getTime() : new Date(String(v)).getTime());
const num = (v: unknown): number => Number(v);
type Raw = Record<string, unknown>;

function keyOf(spec: TableSpec<never>, params: unknown[][], i: number): string {
  return spec.conflictKey.map((k) => String(params[spec.columns.findIndex((c) => c.name === k)]?.[i])).join('\u0000');
}

/** Keeps the last row per natural key: `ON CONFLICT DO UPDATE` may not touch a row twice in one statement. */
function dedupe(spec: TableSpec<never>, params: unknown[][]): unknown[][] {
  const n = params[0]?.length ?? 0;
  const last = new Map<string, number>();
  for (let i = 0; i < n; i++) last.set(keyOf(spec, params, i), i);
  if (last.size === n) return params;
  const keep = [...last.values()].sort((a, b) => a - b);
  return params.map((column) => keep.map((i) => column[i]));
}

/** A {@link Store} over any {@link SqlExecutor}. */
export class SqlStore implements Store {
  constructor(
    readonly name: string,
    protected readonly db: SqlExecutor,
  ) {}

  migrate(): Promise<MigrationResult> {
    return migrate(this.db, undefined, this.migrationPrelude()).catch((err: unknown) => {
      throw this.wrap('migrate', err);
    });
  }

  /** SQL run inside the migration transaction, under its lock, before anything else. */
  protected migrationPrelude(): string | undefined {
    return undefined;
  }

  /** Turns connection-level failures into UnavailableError; SQL errors (bugs, constraint violations) pass through. */
  protected wrap(what: string, err: unknown): unknown {
    const code = (err as { code?: unknown }).code;
    const message = (err as Error).message ?? String(err);
    const connection =
      typeof code === 'string' &&
      (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE)$/.test(code) || code.startsWith('08') || code === '57P01');
    if (connection || /timeout|terminated|Connection|connect/i.test(message)) {
      return new UnavailableError(`${this.name} ${what}: ${message}`, { cause: err });
    }
    return err;
  }

  async insert(entries: readonly JournalEntry[]): Promise<void> {
    const byTable = new Map<JournalTable, unknown[]>();
    for (const e of entries) {
      const rows = byTable.get(e.table);
      if (rows) rows.push(e.row);
      else byTable.set(e.table, [e.row]);
    }
    try {
      for (const [table, rows] of byTable) {
        const spec = TABLES[table] as TableSpec<never>;
        const params = dedupe(spec, bulkInsertParams(spec, rows as never[]));
        await this.db.query(bulkInsertSql(spec), params, `smc_insert_${table}`);
      }
    } catch (err) {
      throw this.wrap('insert', err);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.db.query('SELECT 1', [], 'smc_ping');
    } catch (err) {
      const wrapped = this.wrap('ping', err);
      throw wrapped instanceof UnavailableError ? wrapped : new UnavailableError(`${this.name} ping: ${String(err)}`, { cause: err });
    }
  }

  async latestPositions(): Promise<PositionRow[]> {
    const rows = await this.db.query<Raw>(
      `SELECT DISTINCT ON (symbol) symbol, time, qty, avg_price, realized_pnl, unrealized_pnl
       FROM positions ORDER BY symbol, time DESC`,
      [],
      'smc_latest_positions',
    );
    return rows.map((r) => ({
      symbol: String(r.symbol),
      time: ms(r.time),
      qty: num(r.qty),
      avgPrice: num(r.avg_price),
      realizedPnl: num(r.realized_pnl),
      unrealizedPnl: num(r.unrealized_pnl),
    }));
  }

  async latestBreakerSnapshot(): Promise<BreakerSnapshotRow | undefined> {
    const rows = await this.db.query<Raw>(
      `SELECT snapshot_id, time, state, reason, details FROM breaker_snapshots
       ORDER BY time DESC, snapshot_id DESC LIMIT 1`,
      [],
      'smc_latest_breaker',
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      snapshotId: String(r.snapshot_id),
      time: ms(r.time),
      state: String(r.state),
      reason: r.reason == null ? null : String(r.reason),
      details: (r.details as Record<string, unknown> | null) ?? null,
    };
  }

  async recentBars(symbol: string, timeframe: string, limit: number): Promise<BarRow[]> {
    const rows = await this.db.query<Raw>(
      `SELECT symbol, timeframe, time, open, high, low, close, volume FROM bars
       WHERE symbol = $1 AND timeframe = $2 ORDER BY time DESC LIMIT $3`,
      [symbol, timeframe, limit],
      'smc_recent_bars',
    );
    return rows.map((r) => ({
      symbol: String(r.symbol),
      timeframe: String(r.timeframe),
      time: ms(r.time),
      open: num(r.open),
      high: num(r.high),
      low: num(r.low),
      close: num(r.close),
      volume: num(r.volume),
    }));
  }

  async sentClientOrderIds(sinceMs?: number): Promise<string[]> {
    try {
      const rows = await this.db.query<{ client_order_id: unknown }>(
        `SELECT client_order_id FROM orders WHERE time >= $1 ORDER BY time, client_order_id`,
        [new Date(sinceMs ?? 0).toISOString()],
        'smc_sent_order_ids',
      );
      return rows.map((r) => String(r.client_order_id));
    } catch (err) {
      throw this.wrap('sentClientOrderIds', err);
    }
  }

  async countRows(table: JournalTable): Promise<number> {
    if (!Object.hasOwn(TABLES, table)) throw new InvalidInputError(`unknown journal table ${JSON.stringify(table)}`);
    const rows = await this.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${table}`);
    return Number(rows[0]?.n ?? 0);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
