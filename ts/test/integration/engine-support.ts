/**
 * Helpers of the engine end-to-end suites (engine-*.test.ts): a stateless strategy whose orders
 * depend on the event alone (so an engine restarted mid-stream decides exactly what an
 * uninterrupted one would), a venue that records what was sent, and a source wrapper that can
 * "kill" the consumer.
 */
import type { Kafka } from 'kafkajs';
import pg from 'pg';

import { engine } from '../../src/index.js';
import type { MarketEvent } from '../../src/events/index.js';
import type { EventHandler, Source, SourceStats } from '../../src/sources/index.js';
import { tradeEvent } from './kafka-helpers.js';

/** Buys on every 10th trade id, sells on the 5th after: decisions need no history. */
export function everyTenth(name = 'every-tenth'): engine.Strategy {
  return {
    name,
    onTick(ctx) {
      const e = ctx.event;
      if (e.type !== 'trade') return;
      const n = Number(e.tradeId);
      if (n % 10 === 0) return [{ side: 'buy', quantity: 1 }];
      if (n % 10 === 5) return [{ side: 'sell', quantity: 1 }];
    },
  };
}

/** `perSymbol` trade events of every symbol, interleaved, keyed by symbol. */
export function tradeMessages(symbols: readonly string[], perSymbol: number): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (let i = 0; i < perSymbol; i++) for (const s of symbols) out.push({ key: s, value: JSON.stringify(tradeEvent(s, i)) });
  return out;
}

/** The same events through an engine without any service: the reference count and ids of orders. */
export async function offlineOrders(strategy: engine.Strategy, symbols: readonly string[], messages: readonly { value: string }[]) {
  const venue = new RecordingVenue();
  const e = await engine.createEngine({ strategy, symbols: [...symbols], venue, store: null, sink: null, metrics: null, cache: null, source: null, clock: new engine.HistoricalClock() });
  const orderOf = new Map<string, string[]>();
  for (const m of messages) {
    const before = venue.sent.length;
    await e.process(JSON.parse(m.value));
    const ev = JSON.parse(m.value) as { symbol: string; tradeId: string };
    if (venue.sent.length > before) orderOf.set(eventId(ev), venue.sent.slice(before));
  }
  await e.stop();
  return { ids: venue.sent, orderOf };
}

/** `symbol:tradeId`, the identity of a test trade. */
export function eventId(e: { symbol: string; tradeId?: string }): string {
  return `${e.symbol}:${e.tradeId ?? ''}`;
}

/**
 * The simulated exchange in L2 mode (these suites stream trades, which bar mode refuses),
 * recording every client order id submitted to it.
 */
export class RecordingVenue extends engine.SimVenue {
  readonly sent: string[] = [];

  constructor() {
    super({ exchange: { mode: 'l2', tickSize: '0.01' } });
  }

  override submit(order: Parameters<engine.SimVenue['submit']>[0]): void {
    this.sent.push(order.clientOrderId);
    super.submit(order);
  }
}

/**
 * Wraps a source to record which events the engine completed and to simulate a crash: after
 * `kill()`, the next event never completes (the process "froze" mid-batch), so its batch is
 * never resolved or committed and the group only moves on when the member's session expires.
 */
export class KillableSource implements Source {
  readonly name: string;
  /** Ids (`symbol:tradeId`) of the events the engine completed, in completion order. */
  readonly processed: string[] = [];
  #killed = false;
  #release: ((err: Error) => void) | undefined;

  constructor(
    readonly inner: Source,
    private readonly killAfter = Infinity,
  ) {
    this.name = inner.name;
  }

  /** Whether the kill point was reached (the frozen event is the first one not processed). */
  get killed(): boolean {
    return this.#killed;
  }

  start(handler: EventHandler): Promise<void> {
    return this.inner.start((event: MarketEvent, meta) => {
      if (this.#killed || this.processed.length >= this.killAfter) {
        this.#killed = true;
        return new Promise<void>((_, reject) => (this.#release = reject));
      }
      const done = (): void => {
        this.processed.push(eventId(event as { symbol: string; tradeId?: string }));
      };
      const pending = handler(event, meta);
      if (pending) return pending.then(done);
      done();
    });
  }

  /** Lets the frozen handler fail (its commit is refused by then: the group has moved on), then disconnects. */
  async abandon(): Promise<void> {
    this.#release?.(new Error('killed'));
    await this.inner.stop().catch(() => undefined);
  }

  done(): Promise<SourceStats> {
    return this.inner.done();
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  stats(): SourceStats {
    return this.inner.stats();
  }
}

/** Drops a test schema and topics; failures are ignored (cleanup must not mask the result). */
export async function cleanUp(kafka: Kafka | undefined, topics: string[], databaseUrl: string | undefined, schemas: string[]): Promise<void> {
  if (kafka && topics.length > 0) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
  if (databaseUrl && schemas.length > 0) {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (const s of schemas) await db.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    await db.end();
  }
}

/** Rows and distinct client order ids of a schema's orders journal. */
export async function journalOrders(databaseUrl: string, schema: string): Promise<{ n: number; ids: string[] }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const r = await db.query<{ client_order_id: string }>(`SELECT client_order_id FROM "${schema}".orders`);
    return { n: r.rowCount ?? r.rows.length, ids: r.rows.map((x) => x.client_order_id) };
  } finally {
    await db.end();
  }
}
