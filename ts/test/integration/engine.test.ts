// The coordinator on the real services: bars through Kafka (two partitions, keyed by symbol),
// the journal in Postgres, the ensemble-free strategy's orders counted in the database, the
// cache chosen by REDIS_URL. Compared with the same events processed offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka, Producer } from 'kafkajs';
import pg from 'pg';

import { engine } from '../../src/index.js';
import { KafkaSource } from '../../src/sources/index.js';
import { barEvents, smaCross } from '../engine/support.js';
import { createTopics, testKafka } from './kafka-helpers.js';
import { serviceUrl, uniqueName, waitFor } from './service-env.js';

const BROKERS = serviceUrl('KAFKA_BROKERS', 'engine integration');
const DATABASE_URL = serviceUrl('DATABASE_URL', 'engine integration');
const REDIS_URL = serviceUrl('REDIS_URL', 'engine integration');
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const PER_SYMBOL = 1_000;

describe.skipIf(!BROKERS || !DATABASE_URL || !REDIS_URL)('createEngine on Kafka, Postgres and Redis', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const topic = uniqueName('smc-engine-md');
  const schema = uniqueName('smc_engine');

  beforeAll(async () => {
    kafka = testKafka(BROKERS as string);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await createTopics(admin, [{ topic, numPartitions: 2 }]);
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  it('processes every event once, journals every order in Postgres, and matches the offline run', async () => {
    const events = SYMBOLS.map((s, i) => barEvents(s, PER_SYMBOL, 30 + i));
    // Offline reference: the same events through an engine without any service.
    const offline = await engine.createEngine({ strategy: smaCross(), symbols: SYMBOLS, store: null, sink: null, metrics: null, cache: null, source: null, clock: new engine.HistoricalClock() });
    for (let i = 0; i < PER_SYMBOL; i++) for (const list of events) await offline.processValidated(list[i]!);
    const expected = offline.stats().orders;
    await offline.stop();

    const messages = [];
    for (let i = 0; i < PER_SYMBOL; i++) for (const list of events) messages.push({ key: list[i]!.symbol, value: JSON.stringify(list[i]) });
    await producer.send({ topic, messages });

    const source = new KafkaSource({ brokers: (BROKERS as string).split(','), groupId: uniqueName('smc-engine-group'), topics: [topic], fromBeginning: true });
    const e = await engine.createEngine({
      strategy: smaCross(),
      symbols: SYMBOLS,
      source,
      clock: new engine.HistoricalClock(),
      config: { postgres: { url: DATABASE_URL, schema }, redis: { url: REDIS_URL }, sink: { jsonlPath: `/tmp/${schema}.jsonl` } },
    });
    const running = e.run();
    await waitFor(() => e.stats().events === SYMBOLS.length * PER_SYMBOL, 60_000, 'all events processed');
    await e.stop();
    await running;
    const s = e.stats();
    expect(s.events).toBe(SYMBOLS.length * PER_SYMBOL);
    expect(s.orders).toBe(expected);
    expect(s.duplicates).toBe(0);

    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    const rows = await db.query(`SELECT count(*)::int AS n, count(DISTINCT client_order_id)::int AS d FROM "${schema}".orders`);
    await db.end();
    expect(rows.rows[0]).toEqual({ n: expected, d: expected });
  }, 120_000);
});
