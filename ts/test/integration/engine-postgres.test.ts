// Issue 6 §7, Postgres stopped mid-run, through createEngine: the journal reaches the real
// Postgres through a TcpRelay, which is stopped mid-run (the shared server keeps running) and
// started again. Trading never waits for the database; once it is back, every order the engine
// sent is in the journal exactly once, counted by client order id.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { parseConfig } from '../../src/config/index.js';
import { engine, io } from '../../src/index.js';
import { cleanUp, everyTenth, journalOrders, RecordingVenue } from './engine-support.js';
import { tradeEvent } from './kafka-helpers.js';
import { closedPort, serviceUrl, TcpRelay, uniqueName, waitFor } from './service-env.js';

const DATABASE_URL = serviceUrl('DATABASE_URL', 'engine postgres outage');
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const PHASE = 500;

describe.skipIf(!DATABASE_URL)('createEngine with Postgres stopped mid-run', () => {
  const schema = uniqueName('smc_e2e_pg');
  afterAll(() => cleanUp(undefined, [], DATABASE_URL, [schema]));

  it('loses no journal row: every sent order is journaled once after the database returns', async () => {
    const target = new URL(DATABASE_URL as string);
    const relay = new TcpRelay(await closedPort(), { host: target.hostname, port: Number(target.port || 5432) });
    await relay.start();
    const viaRelay = new URL(DATABASE_URL as string);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(relay.listenPort);
    const config = parseConfig({
      postgres: { url: viaRelay.toString(), schema, connectionTimeoutMs: 500 },
      store: { spillDir: mkdtempSync(join(tmpdir(), 'smc-e2e-spill-')), flushIntervalMs: 50, retryIntervalMs: 100 },
    });
    // The store is created here (not by the engine) so the test can watch its journal.
    const store = await io.createStore(config);
    const venue = new RecordingVenue();
    const e = await engine.createEngine({ strategy: everyTenth(), symbols: SYMBOLS, venue, store, sink: null, cache: null, metrics: null, source: null, clock: new engine.HistoricalClock() });
    await e.start();
    let seq = 0;
    const phase = async () => {
      for (let i = 0; i < PHASE; i++, seq++) for (const s of SYMBOLS) await e.process(tradeEvent(s, seq));
    };

    await phase();
    await store.journal.flush();
    expect(store.journal.stats().written).toBeGreaterThan(0);

    await relay.stop();
    const sentBefore = venue.sent.length;
    await phase();
    const sentWhileDown = venue.sent.length - sentBefore;
    // The journal found the database gone and put the rows aside instead of dropping them.
    await waitFor(() => !store.journal.stats().databaseUp, 30_000, 'the journal to see the database down');
    await store.journal.flush();
    const spilled = store.journal.stats().spilled;

    await relay.start();
    await waitFor(() => store.journal.stats().databaseUp, 30_000, 'the journal to reach the database again');
    await phase();
    await e.stop(); // flushes the journal
    await relay.stop();

    expect(e.stats().events).toBe(3 * PHASE * SYMBOLS.length);
    expect(sentWhileDown).toBeGreaterThan(0);
    expect(spilled).toBeGreaterThan(0);
    expect(store.journal.stats().replayed).toBeGreaterThanOrEqual(spilled);
    const journaled = await journalOrders(DATABASE_URL as string, schema);
    expect(venue.sent.length).toBeGreaterThan(200);
    expect(journaled.n).toBe(venue.sent.length);
    expect(new Set(journaled.ids)).toEqual(new Set(venue.sent));
  }, 120_000);
});
