/**
 * The PGlite journal process: one embedded PostgreSQL (WebAssembly) serving SQL to its parent
 * over the IPC channel, one statement at a time in arrival order. It runs beside the engine,
 * not in it, so the database's ~300-600 MB of WebAssembly memory and its query time stay off
 * the engine's heap and event loop. It exits when the parent goes away.
 */
import { PGlite } from '@electric-sql/pglite';

import type { FromJournalProcess, JournalProcessArgs, ToJournalProcess } from './pglite-protocol.js';

const send = (msg: FromJournalProcess): void => {
  process.send?.(msg);
};
if (!process.send) throw new Error('store/pglite-child.js must be started by PgliteStore (it needs an IPC channel)');

const args = JSON.parse(process.argv[2] ?? '{}') as JournalProcessArgs;
const db = new PGlite(args.dataDir);

let chain: Promise<void> = db.waitReady.then(
  () => send({ id: 0, op: 'ready' }),
  (err: unknown) => {
    send({ id: 0, op: 'error', error: { message: err instanceof Error ? err.message : String(err) } });
    process.exit(1);
  },
);

async function handle(msg: ToJournalProcess): Promise<void> {
  try {
    if (msg.op === 'query') {
      const r = await db.query(msg.text, msg.params as unknown[]);
      send({ id: msg.id, op: 'rows', rows: r.rows });
    } else if (msg.op === 'exec') {
      await db.exec(msg.text);
      send({ id: msg.id, op: 'rows', rows: [] });
    } else {
      if (!db.closed) await db.close();
      send({ id: msg.id, op: 'rows', rows: [] });
      process.disconnect();
    }
  } catch (err) {
    const e = err as { message?: string; code?: unknown; name?: string };
    send({ id: msg.id, op: 'error', error: { message: e.message ?? String(err), code: typeof e.code === 'string' ? e.code : undefined, name: e.name } });
  }
}

// Statements run strictly in arrival order: the parent's transactions rely on it.
process.on('message', (msg: ToJournalProcess) => {
  chain = chain.then(() => handle(msg));
});
process.on('disconnect', () => {
  void chain.finally(async () => {
    if (!db.closed) await db.close().catch(() => undefined);
    process.exit(0);
  });
});
