/**
 * Journal rows and how each maps onto its table: column, SQL array type, and the natural key
 * that makes inserts idempotent.
 *
 * Times are epoch milliseconds in TypeScript and `timestamptz` in SQL.
 */

/** An order as sent. `clientOrderId` is deterministic, so a replayed decision maps to the same row. */
export interface OrderRow {
  clientOrderId: string;
  time: number;
  symbol: string;
  side: 'buy' | 'sell';
  orderType: string;
  qty: number;
  price: number | null;
  status: string;
  venue: string;
  details?: Record<string, unknown> | null;
}

/** An execution. */
export interface FillRow {
  fillId: string;
  clientOrderId: string;
  time: number;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  price: number;
  fee: number;
  venue: string;
  liquidity: 'maker' | 'taker' | null;
}

/** A position snapshot. */
export interface PositionRow {
  symbol: string;
  time: number;
  qty: number;
  avgPrice: number;
  realizedPnl: number;
  unrealizedPnl: number;
}

/** A strategy or model signal. */
export interface SignalRow {
  signalId: string;
  time: number;
  symbol: string;
  action: 'buy' | 'sell' | 'hold';
  confidence: number;
  details?: Record<string, unknown> | null;
}

/** A risk event (limit hit, breaker trip, rejected order). */
export interface RiskEventRow {
  eventId: string;
  time: number;
  symbol: string | null;
  kind: string;
  severity: string;
  details?: Record<string, unknown> | null;
}

/** A circuit-breaker state snapshot; the latest is restored on start. */
export interface BreakerSnapshotRow {
  snapshotId: string;
  time: number;
  state: string;
  reason: string | null;
  details?: Record<string, unknown> | null;
}

/** An OHLCV bar; `time` is its open time. */
export interface BarRow {
  symbol: string;
  timeframe: string;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Rows by table name. */
export interface JournalRows {
  orders: OrderRow;
  fills: FillRow;
  positions: PositionRow;
  signals: SignalRow;
  risk_events: RiskEventRow;
  breaker_snapshots: BreakerSnapshotRow;
  bars: BarRow;
}

/** A journal table. */
export type JournalTable = keyof JournalRows;

/** One row bound for one table. */
export type JournalEntry = { [T in JournalTable]: { table: T; row: JournalRows[T] } }[JournalTable];

interface Column<R> {
  name: string;
  /** SQL element type of the unnest() array parameter. */
  sqlType: 'text' | 'double precision' | 'timestamptz' | 'jsonb';
  value: (row: R) => unknown;
}

/** How rows of one table are written. */
export interface TableSpec<R> {
  table: JournalTable;
  columns: readonly Column<R>[];
  conflictKey: readonly string[];
  /** Columns overwritten when the key exists (bars still forming); others keep the first write. */
  updateOnConflict?: readonly string[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const json = (v: Record<string, unknown> | null | undefined) => (v == null ? null : JSON.stringify(v));

function spec<R>(s: TableSpec<R>): TableSpec<R> {
  return s;
}

/** Every journal table's mapping. */
export const TABLES: { [T in JournalTable]: TableSpec<JournalRows[T]> } = {
  orders: spec<OrderRow>({
    table: 'orders',
    conflictKey: ['client_order_id'],
    columns: [
      { name: 'client_order_id', sqlType: 'text', value: (r) => r.clientOrderId },
      { name: 'time', sqlType: 'timestamptz', value: (r) => iso(r.time) },
      { name: 'symbol', sqlType: 'text', value: (r) => r.symbol },
      { name: 'side', sqlType: 'text', value: (r) => r.side },
      { name: 'order_type', sqlType: 'text', value: (r) => r.orderType },
      { name: 'qty', sqlType: 'double precision', value: (r) => r.qty },
      { name: 'price', sqlType: 'double precision', value: (r) => r.price },
      { name: 'status', sqlType: 'text', value: (r) => r.status },
      { name: 'venue', sqlType: 'text', value: (r) => r.venue },
      { name: 'details', sqlType: 'jsonb', value: (r) => json(r.details) },
    ],
  }),
  fills: spec<FillRow>({
    table: 'fills',
    conflictKey: ['fill_id'],
    columns: [
      { name: 'fill_id', sqlType: 'text', value: (r) => r.fillId },
      { name: 'client_order_id', sqlType: 'text', value: (r) => r.clientOrderId },
      { name: 'time', sqlType: 'timestamptz', value: (r) => iso(r.time) },
      { name: 'symbol', sqlType: 'text', value: (r) => r.symbol },
      { name: 'side', sqlType: 'text', value: (r) => r.side },
      { name: 'qty', sqlType: 'double precision', value: (r) => r.qty },
      { name: 'price', sqlType: 'double precision', value: (r) => r.price },
      { name: 'fee', sqlType: 'double precision', value: (r) => r.fee },
      { name: 'venue', sqlType: 'text', value: (r) => r.venue },
      { name: 'liquidity', sqlType: 'text', value: (r) => r.liquidity },
    ],
  }),
  positions: spec<PositionRow>({
    table: 'positions',
    conflictKey: ['symbol', 'time'],
    columns: [
      { name: 'symbol', sqlType: 'text', value: (r) => r.symbol },
      { name: 'time', sqlType: 'timestamptz', value: (r) => iso(r.time) },
      { name: 'qty', sqlType: 'double precision', value: (r) => r.qty },
      { name: 'avg_price', sqlType: 'double precision', value: (r) => r.avgPrice },
      { name: 'realized_pnl', sqlType: 'double precision', value: (r) => r.realizedPnl },
      { name: 'unrealized_pnl', sqlType: 'double precision', value: (r) => r.unrealizedPnl },
    ],
  }),
  signals: spec<SignalRow>({
    table: 'signals',
    conflictKey: ['signal_id'],
    columns: [
      { name: 'signal_id', sqlType: 'text', value: (r) => r.signalId },
      { name: 'time', sqlType: 'timestamptz', value: (r) => iso(r.time) },
      { name: 'symbol', sqlType: 'text', value: (r) => r.symbol },
      { name: 'action', sqlType: 'text', value: (r) => r.action },
      { name: 'confidence', sqlType: 'double precision', value: (r) => r.confidence },
      { name: 'details', sqlType: 'jsonb', value: (r) => json(r.details) },
    ],
  }),
  risk_events: spec<RiskEventRow>({
    table: 'risk_events',
    conflictKey: ['event_id'],
    columns: [
      { name: 'event_id', sqlType: 'text', value: (r) => r.eventId },
      { name: 'time', sqlType: 'timestamptz', value: (r) => iso(r.time) },
      { name: 'symbol', sqlType: 'text', value: (r) => r.symbol },
      { name: 'kind', sqlType: 'text', value: (r) => r.kind },
      { name: 'severity', sqlType: 'text', value: (r) => r.severity },
      { name: 'details', sqlType: 'jsonb', value: (r) => json(r.details) },
    ],
  }),
  breaker_snapshots: spec<BreakerSnapshotRow>({
    table: 'breaker_snapshots',
    conflictKey: ['snapshot_id'],
    columns: [
      { name: 'snapshot_id', sqlType: 'text', value: (r) => r.snapshotId },
      { name: 'time', sqlType: 'timestamptz', value: (r) => iso(r.time) },
      { name: 'state', sqlType: 'text', value: (r) => r.state },
      { name: 'reason', sqlType: 'text', value: (r) => r.reason },
      { name: 'details', sqlType: 'jsonb', value: (r) => json(r.details) },
    ],
  }),
  bars: spec<BarRow>({
    table: 'bars',
    conflictKey: ['symbol', 'timeframe', 'time'],
    updateOnConflict: ['open', 'high', 'low', 'close', 'volume'],
    columns: [
      { name: 'symbol', sqlType: 'text', value: (r) => r.symbol },
      { name: 'timeframe', sqlType: 'text', value: (r) => r.timeframe },
      { name: 'time', sqlType: 'timestamptz', value: (r) => iso(r.time) },
      { name: 'open', sqlType: 'double precision', value: (r) => r.open },
      { name: 'high', sqlType: 'double precision', value: (r) => r.high },
      { name: 'low', sqlType: 'double precision', value: (r) => r.low },
      { name: 'close', sqlType: 'double precision', value: (r) => r.close },
      { name: 'volume', sqlType: 'double precision', value: (r) => r.volume },
    ],
  }),
};

/**
 * The bulk insert of a table: one statement whatever the batch size, one array parameter per
 * column expanded by unnest(), so it can be a named prepared statement.
 */
export function bulkInsertSql(spec: TableSpec<never>): string {
  const names = spec.columns.map((c) => c.name).join(', ');
  const arrays = spec.columns.map((c, i) => `$${i + 1}::${c.sqlType}[]`).join(', ');
  const onConflict = spec.updateOnConflict?.length
    ? `DO UPDATE SET ${spec.updateOnConflict.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`
    : 'DO NOTHING';
  return `INSERT INTO ${spec.table} (${names}) SELECT * FROM unnest(${arrays}) ON CONFLICT (${spec.conflictKey.join(', ')}) ${onConflict}`;
}

/** Column-major parameters of a bulk insert (one array per column). */
export function bulkInsertParams<R>(spec: TableSpec<R>, rows: readonly R[]): unknown[][] {
  return spec.columns.map((column) => rows.map((row) => column.value(row)));
}

/** The names of all journal tables, in dependency-free order. */
export const JOURNAL_TABLES: readonly JournalTable[] = Object.keys(TABLES) as JournalTable[];
