import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka, Producer } from 'kafkajs';

import type { MarketEvent } from '../../src/events/index.js';
import { createEngineMetrics } from '../../src/metrics/index.js';
import { DLQ_HEADERS, KafkaSource } from '../../src/sources/index.js';
import { createTopics, header, readTopic, testKafka, tradeEvent } from './kafka-helpers.js';
import { serviceUrl, uniqueName, waitFor } from './service-env.js';

const BROKERS = serviceUrl('KAFKA_BROKERS', 'KafkaSource integration');
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'];

describe.skipIf(!BROKERS)('KafkaSource on a real Kafka', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const topics: string[] = [];

  beforeAll(async () => {
    kafka = testKafka(BROKERS as string);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  async function produce(topic: string, from: number, to: number): Promise<void> {
    const messages = [];
    for (let seq = from; seq < to; seq++) {
      const symbol = SYMBOLS[seq % SYMBOLS.length] as string;
      messages.push({ key: symbol, value: JSON.stringify(tradeEvent(symbol, seq)) });
    }
    await producer.send({ topic, messages });
  }

  it('consumes through a group at least once, in order per symbol, dead-letters malformed messages with reasons, commits', async () => {
    const topic = uniqueName('smc-md');
    const dlq = `${topic}.dlq`;
    const groupId = uniqueName('smc-group');
    topics.push(topic, dlq);
    await createTopics(admin, [
      { topic, numPartitions: 3 },
      { topic: dlq, numPartitions: 1 },
    ]);
    await produce(topic, 0, 300);
    await producer.send({
      topic,
      messages: [
        { key: 'BTCUSDT', value: '{"type":"trade",', headers: { origin: 'feed-7' } },
        { key: 'ETHUSDT', value: JSON.stringify({ ...tradeEvent('ETHUSDT', 999), price: -5 }) },
        { key: 'BTCUSDT', value: JSON.stringify(tradeEvent('SOLUSDT', 998)) },
      ],
    });

    const metrics = createEngineMetrics();
    const seen: MarketEvent[] = [];
    let failOnce = true;
    const source = new KafkaSource({ brokers: [BROKERS as string], groupId, topics: [topic], fromBeginning: true, metrics });
    await source.start(async (event) => {
      if (event.type === 'trade' && event.tradeId === '150' && failOnce) {
        failOnce = false; // a processing failure: the offset must not be resolved, the event comes back
        throw new Error('transient failure');
      }
      seen.push(event);
    });
    await waitFor(() => new Set(seen.map((e) => (e.type === 'trade' ? e.tradeId : ''))).size >= 300, 30_000, '300 events');
    await waitFor(() => source.stats().rejected >= 3, 10_000, 'dead letters');

    const ids = seen.map((e) => (e.type === 'trade' ? Number(e.tradeId) : -1));
    expect(new Set(ids).size).toBe(300);
    expect(ids).toContain(150); // redelivered after the failure
    for (const symbol of SYMBOLS) {
      const perSymbol = seen.filter((e) => e.symbol === symbol).map((e) => (e.type === 'trade' ? Number(e.tradeId) : -1));
      const firstPass = perSymbol.filter((id, i) => i === 0 || id > (perSymbol[i - 1] as number));
      expect(new Set(firstPass).size).toBe(new Set(perSymbol).size); // increasing except a redelivered tail
    }

    const letters = await readTopic(kafka, dlq, 3);
    const reasons = letters.map((m) => header(m.headers, DLQ_HEADERS.reason)).sort();
    expect(reasons).toEqual(['key_mismatch', 'malformed_json', 'schema_violation']);
    const malformed = letters.find((m) => header(m.headers, DLQ_HEADERS.reason) === 'malformed_json');
    expect(malformed?.value?.toString()).toBe('{"type":"trade",');
    expect(header(malformed?.headers, 'origin')).toBe('feed-7'); // original headers kept
    expect(header(malformed?.headers, DLQ_HEADERS.topic)).toBe(topic);
    expect(header(letters.find((m) => header(m.headers, DLQ_HEADERS.reason) === 'schema_violation')?.headers, DLQ_HEADERS.error)).toContain('price');
    const deadLetterMetric = await metrics.registry.getSingleMetricAsString('smc_dead_letters_total');
    expect(deadLetterMetric).toContain('reason="key_mismatch"} 1');
    await waitFor(async () => [...source.lag().values()].every((l) => l === 0), 10_000, 'zero lag');
    expect(await metrics.registry.getSingleMetricAsString('smc_kafka_consumer_lag')).toContain(`topic="${topic}"`);

    await source.stop();
    // Offsets were committed: a new member of the group gets only what arrives afterwards.
    await produce(topic, 300, 340);
    const after: number[] = [];
    const restarted = new KafkaSource({ brokers: [BROKERS as string], groupId, topics: [topic], fromBeginning: true });
    await restarted.start((e) => void after.push(e.type === 'trade' ? Number(e.tradeId) : -1));
    await waitFor(() => after.length >= 40, 30_000, '40 new events');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(after.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => 300 + i));
    await restarted.stop();
  });

  it('two sources in one group split the partitions and together process everything once', async () => {
    const topic = uniqueName('smc-md');
    const groupId = uniqueName('smc-group');
    topics.push(topic, `${topic}.dlq`);
    await createTopics(admin, [{ topic, numPartitions: 4 }]);
    const got = { a: [] as MarketEvent[], b: [] as MarketEvent[] };
    const a = new KafkaSource({ brokers: [BROKERS as string], groupId, topics: [topic], fromBeginning: true });
    const b = new KafkaSource({ brokers: [BROKERS as string], groupId, topics: [topic], fromBeginning: true });
    await a.start((e) => void got.a.push(e));
    await b.start((e) => void got.b.push(e));
    await waitFor(
      () => a.assignment.length > 0 && b.assignment.length > 0 && new Set([...a.assignment, ...b.assignment]).size === 4,
      30_000,
      'both members assigned',
    );
    expect(a.assignment.filter((p) => b.assignment.includes(p))).toEqual([]);
    await produce(topic, 0, 800);
    await waitFor(() => got.a.length + got.b.length >= 800, 30_000, '800 events');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = [...got.a, ...got.b].map((e) => (e.type === 'trade' ? e.tradeId : ''));
    expect(ids).toHaveLength(800);
    expect(new Set(ids).size).toBe(800);
    expect(got.a.length).toBeGreaterThan(0);
    expect(got.b.length).toBeGreaterThan(0);
    const symbolsA = new Set(got.a.map((e) => e.symbol));
    expect(got.b.filter((e) => symbolsA.has(e.symbol))).toEqual([]); // a symbol lives on one member
    await Promise.all([a.stop(), b.stop()]);
  });

  it('pauses fetching when the in-flight backlog exceeds its bound and resumes when it drains', async () => {
    const topic = uniqueName('smc-md');
    topics.push(topic, `${topic}.dlq`);
    await createTopics(admin, [{ topic, numPartitions: 1 }]);
    await produce(topic, 0, 2_000);
    let sawPause = false;
    let maxInFlight = 0;
    const source = new KafkaSource({
      brokers: [BROKERS as string],
      groupId: uniqueName('smc-group'),
      topics: [topic],
      fromBeginning: true,
      maxInFlight: 100,
    });
    let n = 0;
    await source.start(async () => {
      n += 1;
      if (source.paused) sawPause = true;
      maxInFlight = Math.max(maxInFlight, source.inFlight);
      if (n % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 5)); // a slow pipeline
    });
    await waitFor(() => n >= 2_000, 30_000, '2000 events');
    expect(sawPause).toBe(true);
    await waitFor(() => !source.paused, 5_000, 'resumed');
    await source.stop();
  });
});
