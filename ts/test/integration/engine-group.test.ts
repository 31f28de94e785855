// Issue 6 §7, two engines in one consumer group, through createEngine. Both run in this test
// process (each with its own KafkaSource, so its own kafkajs client, connections and group
// member); engine-processes.test.ts runs them as two OS processes from the built package. They split the four
// partitions and together process every event exactly once; the orders are the offline run's,
// each sent once and journaled once in the shared Postgres schema.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';

import { engine } from '../../src/index.js';
import { KafkaSource } from '../../src/sources/index.js';
import { cleanUp, everyTenth, journalOrders, KillableSource, offlineOrders, RecordingVenue, tradeMessages } from './engine-support.js';
import { createTopics, testKafka } from './kafka-helpers.js';
import { serviceUrl, uniqueName, waitFor } from './service-env.js';

const BROKERS = serviceUrl('KAFKA_BROKERS', 'engine consumer group');
const DATABASE_URL = serviceUrl('DATABASE_URL', 'engine consumer group');
const SYMBOLS = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7'];
const PER_SYMBOL = 500;
const TOTAL = SYMBOLS.length * PER_SYMBOL;

describe.skipIf(!BROKERS || !DATABASE_URL)('two engines in one consumer group', () => {
  let kafka: Kafka;
  let admin: Admin;
  const topic = uniqueName('smc-e2e-group-md');
  const schema = uniqueName('smc_e2e_group');

  beforeAll(async () => {
    kafka = testKafka(BROKERS as string);
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [{ topic, numPartitions: 4 }]);
  });
  afterAll(async () => {
    await admin.disconnect();
    await cleanUp(kafka, [topic, `${topic}.dlq`], DATABASE_URL, [schema]);
  });

  it('split the partitions and together process every event, and send every order, exactly once', async () => {
    const messages = tradeMessages(SYMBOLS, PER_SYMBOL);
    const reference = await offlineOrders(everyTenth(), SYMBOLS, messages);
    const groupId = uniqueName('smc-e2e-group');
    const config = {
      postgres: { url: DATABASE_URL, schema },
      store: { spillDir: mkdtempSync(join(tmpdir(), 'smc-e2e-spill-')) },
    };
    const member = async (name: string) => {
      const src = new KillableSource(new KafkaSource({ brokers: (BROKERS as string).split(','), clientId: name, groupId, topics: [topic], fromBeginning: true }));
      const venue = new RecordingVenue();
      const e = await engine.createEngine({ strategy: everyTenth(), symbols: SYMBOLS, source: src, venue, sink: null, cache: null, metrics: null, clock: new engine.HistoricalClock(), config: { ...config, engine: { name } } });
      return { src, venue, e, running: e.run() };
    };
    const a = await member('engine-a');
    const b = await member('engine-b');
    // Produce only once both members hold their share, so no partition changes hands mid-stream
    // (a rebalance would legitimately re-deliver uncommitted events: at least once, not this test).
    await waitFor(
      async () => {
        const g = (await admin.describeGroups([groupId])).groups[0]!;
        return g.state === 'Stable' && g.members.length === 2;
      },
      60_000,
      'both members in a stable group',
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages });
    await producer.disconnect();

    const union = () => new Set([...a.src.processed, ...b.src.processed]).size;
    await waitFor(() => union() === TOTAL, 60_000, 'every event processed by one of the engines');
    await Promise.all([a.e.stop(), b.e.stop()]);
    await Promise.all([a.running, b.running]);

    // Both took part, each symbol (one partition key) went to one engine only, no event twice.
    expect(a.src.processed.length).toBeGreaterThan(0);
    expect(b.src.processed.length).toBeGreaterThan(0);
    expect(a.src.processed.length + b.src.processed.length).toBe(TOTAL);
    expect(a.e.stats().events + b.e.stats().events).toBe(TOTAL);
    const symbolsOf = (ids: string[]) => new Set(ids.map((id) => id.split(':')[0]));
    const inA = symbolsOf(a.src.processed);
    expect([...symbolsOf(b.src.processed)].filter((s) => inA.has(s))).toEqual([]);

    const sent = [...a.venue.sent, ...b.venue.sent];
    expect(sent.length).toBe(reference.ids.length);
    expect(new Set(sent)).toEqual(new Set(reference.ids));
    const journal = await journalOrders(DATABASE_URL as string, schema);
    expect(journal.n).toBe(reference.ids.length);
  }, 120_000);
});
