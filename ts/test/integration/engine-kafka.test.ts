// Issue 6 §7, first item, through createEngine: 10,000 market events through real Kafka (two
// partitions, four symbols) into the engine with its journal in Postgres. Every event is
// processed, the orders are exactly those of an offline run of the same strategy on the same
// events, and a consumer killed mid-stream and replaced by a new engine in the same group sends
// no order twice (deterministic ids, read back from the journal on restore).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';

import { engine, io } from '../../src/index.js';
import { parseConfig } from '../../src/config/index.js';
import { KafkaSource } from '../../src/sources/index.js';
import { cleanUp, everyTenth, journalOrders, KillableSource, offlineOrders, RecordingVenue, tradeMessages } from './engine-support.js';
import { createTopics, testKafka } from './kafka-helpers.js';
import { within } from './services.js';
import { serviceUrl, uniqueName, waitFor } from './service-env.js';

const BROKERS = serviceUrl('KAFKA_BROKERS', 'engine kafka e2e');
const DATABASE_URL = serviceUrl('DATABASE_URL', 'engine kafka e2e');
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'];
const PER_SYMBOL = 2_500;
const TOTAL = SYMBOLS.length * PER_SYMBOL;

describe.skipIf(!BROKERS || !DATABASE_URL)('createEngine on real Kafka and Postgres: 10,000 events', () => {
  let kafka: Kafka;
  let admin: Admin;
  const topics: string[] = [];
  const schemas: string[] = [];
  const messages = tradeMessages(SYMBOLS, PER_SYMBOL);
  let reference: Awaited<ReturnType<typeof offlineOrders>>;

  const config = (schema: string) => ({
    postgres: { url: DATABASE_URL, schema },
    store: { spillDir: mkdtempSync(join(tmpdir(), 'smc-e2e-spill-')) },
    sink: { jsonlPath: join(tmpdir(), `${schema}.jsonl`) },
  });
  const source = (topic: string, groupId: string) =>
    new KafkaSource({ brokers: (BROKERS as string).split(','), groupId, topics: [topic], fromBeginning: true, sessionTimeoutMs: 6_000 });

  async function topicWithEvents(): Promise<string> {
    const topic = uniqueName('smc-e2e-md');
    topics.push(topic, `${topic}.dlq`);
    await createTopics(admin, [{ topic, numPartitions: 2 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages });
    await producer.disconnect();
    return topic;
  }

  beforeAll(async () => {
    kafka = testKafka(BROKERS as string);
    admin = kafka.admin();
    await admin.connect();
    reference = await offlineOrders(everyTenth(), SYMBOLS, messages);
  });
  afterAll(async () => {
    await admin.disconnect();
    await cleanUp(kafka, topics, DATABASE_URL, schemas);
  });

  it('processes every event once and sends exactly the offline run\'s orders, all journaled', async () => {
    const topic = await topicWithEvents();
    const schema = uniqueName('smc_e2e');
    schemas.push(schema);
    const venue = new RecordingVenue();
    const src = new KillableSource(source(topic, uniqueName('smc-e2e-group')));
    const e = await engine.createEngine({ strategy: everyTenth(), symbols: SYMBOLS, source: src, venue, cache: null, metrics: null, clock: new engine.HistoricalClock(), config: config(schema) });
    const running = e.run();
    await waitFor(() => src.processed.length >= TOTAL, 90_000, `${TOTAL} events processed`);
    await e.stop();
    await running;

    expect(e.stats().events).toBe(TOTAL);
    expect(new Set(src.processed).size).toBe(TOTAL);
    expect(reference.ids.length).toBeGreaterThan(1_000);
    // Partitions interleave symbols differently from the offline order: compare as sets, and
    // the count shows no id was sent twice.
    expect(venue.sent.length).toBe(reference.ids.length);
    expect(new Set(venue.sent)).toEqual(new Set(reference.ids));
    expect(e.stats().duplicates).toBe(0);
    const journal = await journalOrders(DATABASE_URL as string, schema);
    expect(journal.n).toBe(reference.ids.length);
    expect(new Set(journal.ids)).toEqual(new Set(reference.ids));
  }, 120_000);

  it('a consumer killed mid-stream and replaced by a new engine in the group sends no order twice', async () => {
    const topic = await topicWithEvents();
    const schema = uniqueName('smc_e2e');
    schemas.push(schema);
    const groupId = uniqueName('smc-e2e-group');

    // Engine A: its store handle is kept so the test can see its journal flushed before the kill
    // (the crash this covers: orders journaled, offsets not yet committed).
    const storeA = await io.createStore(parseConfig(config(schema)));
    const venueA = new RecordingVenue();
    const srcA = new KillableSource(source(topic, groupId), 4_000);
    const a = await engine.createEngine({ strategy: everyTenth(), symbols: SYMBOLS, source: srcA, venue: venueA, store: storeA, sink: null, cache: null, metrics: null, clock: new engine.HistoricalClock() });
    const runningA = a.run().catch(() => undefined);
    await waitFor(() => srcA.killed, 60_000, 'engine A killed mid-stream');
    await storeA.journal.flush();
    // A's frozen consumer sends no heartbeats: the group drops it when its session expires.
    await waitFor(async () => (await admin.describeGroups([groupId])).groups[0]!.members.length === 0, 60_000, 'the killed member to leave the group');

    const venueB = new RecordingVenue();
    const srcB = new KillableSource(source(topic, groupId));
    const b = await engine.createEngine({ strategy: everyTenth(), symbols: SYMBOLS, source: srcB, venue: venueB, sink: null, cache: null, metrics: null, clock: new engine.HistoricalClock(), config: config(schema) });
    const runningB = b.run();
    const all = () => new Set([...srcA.processed, ...srcB.processed]).size;
    await waitFor(() => all() === TOTAL, 90_000, 'every event processed by A or B');
    await b.stop();
    await runningB;
    await within(srcA.abandon(), 30_000, () => 'abandoning the killed consumer');
    await runningA;

    // Events A completed whose offsets were never committed came to B again.
    const seenByA = new Set(srcA.processed);
    const redelivered = srcB.processed.filter((id) => seenByA.has(id));
    expect(redelivered.length).toBeGreaterThan(0);
    const redeliveredOrders = redelivered.reduce((n, id) => n + (reference.orderOf.get(id)?.length ?? 0), 0);
    expect(b.stats().duplicates).toBe(redeliveredOrders);

    const sent = [...venueA.sent, ...venueB.sent];
    expect(sent.length).toBe(reference.ids.length); // no id sent twice
    expect(new Set(sent)).toEqual(new Set(reference.ids));
    const journal = await journalOrders(DATABASE_URL as string, schema);
    expect(journal.n).toBe(reference.ids.length);
    expect(new Set(journal.ids)).toEqual(new Set(reference.ids));
  }, 180_000);
});
