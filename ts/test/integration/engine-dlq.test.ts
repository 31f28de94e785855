// Issue 6 §7, malformed messages, through createEngine: the engine's own source (created from
// its configuration, KAFKA_BROKERS-style) dead-letters malformed messages with the reason in
// headers, counts them in the engine's metrics, and processes the valid messages around them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka, Producer } from 'kafkajs';

import { engine } from '../../src/index.js';
import { DLQ_HEADERS } from '../../src/sources/index.js';
import { cleanUp, RecordingVenue } from './engine-support.js';
import { createTopics, header, readTopic, testKafka, tradeEvent } from './kafka-helpers.js';
import { serviceUrl, uniqueName, waitFor } from './service-env.js';

const BROKERS = serviceUrl('KAFKA_BROKERS', 'engine dead letters');

describe.skipIf(!BROKERS)('createEngine: malformed messages end in the dead-letter topic', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const topic = uniqueName('smc-e2e-dlq-md');
  const dlq = `${topic}.dlq`;

  beforeAll(async () => {
    kafka = testKafka(BROKERS as string);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await createTopics(admin, [
      { topic, numPartitions: 1 },
      { topic: dlq, numPartitions: 1 },
    ]);
  });
  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
    await cleanUp(kafka, [topic, dlq], undefined, []);
  });

  it('dead-letters them with their reasons while the valid events around them are processed', async () => {
    const seen: string[] = [];
    const recorder: engine.Strategy = { name: 'recorder', onTick: (ctx) => void seen.push(ctx.event.type === 'trade' ? ctx.event.tradeId ?? '' : '') };
    const e = await engine.createEngine({
      strategy: recorder,
      venue: new RecordingVenue(),
      symbols: ['BTCUSDT'],
      store: null,
      sink: null,
      cache: null,
      clock: new engine.HistoricalClock(),
      config: { kafka: { brokers: (BROKERS as string).split(','), groupId: uniqueName('smc-e2e-dlq'), topics: { marketData: topic, deadLetter: dlq } } },
    });
    const running = e.run();
    // The configured source starts at the latest offset: probe until the consumer is assigned.
    let seq = 0;
    await waitFor(
      async () => {
        if (e.stats().events > 0) return true;
        await producer.send({ topic, messages: [{ key: 'BTCUSDT', value: JSON.stringify(tradeEvent('BTCUSDT', seq++)) }] });
        await new Promise((r) => setTimeout(r, 200));
        return e.stats().events > 0;
      },
      60_000,
      'the engine consuming',
    );
    const probes = seq;
    const valid = (n: number) => ({ key: 'BTCUSDT', value: JSON.stringify(tradeEvent('BTCUSDT', n)) });
    await producer.send({
      topic,
      messages: [
        valid(probes),
        { key: 'BTCUSDT', value: '{"type":"trade",', headers: { origin: 'feed-9' } },
        valid(probes + 1),
        { key: 'BTCUSDT', value: JSON.stringify({ ...tradeEvent('BTCUSDT', 999), price: -1 }) },
        { key: 'ETHUSDT', value: JSON.stringify(tradeEvent('BTCUSDT', 998)) },
        valid(probes + 2),
      ],
    });
    const wanted = [probes, probes + 1, probes + 2].map(String);
    await waitFor(() => wanted.every((id) => seen.includes(id)), 30_000, 'the valid events processed');
    const letters = await readTopic(kafka, dlq, 3);
    await e.stop();
    await running;

    // Only the valid events reached the strategy; none of the refused ones did.
    expect(seen.filter((id) => Number(id) >= probes)).toEqual(wanted);
    expect(e.stats().events).toBe(seen.length);
    expect(letters.map((m) => header(m.headers, DLQ_HEADERS.reason)).sort()).toEqual(['key_mismatch', 'malformed_json', 'schema_violation']);
    const malformed = letters.find((m) => header(m.headers, DLQ_HEADERS.reason) === 'malformed_json')!;
    expect(malformed.value?.toString()).toBe('{"type":"trade",');
    expect(header(malformed.headers, 'origin')).toBe('feed-9');
    expect(header(malformed.headers, DLQ_HEADERS.topic)).toBe(topic);
    const schema = letters.find((m) => header(m.headers, DLQ_HEADERS.reason) === 'schema_violation')!;
    expect(header(schema.headers, DLQ_HEADERS.error)).toContain('price');
    // The engine's own metrics count them by reason.
    const counted = (await e.metrics!.deadLetters.get()).values;
    expect(counted.map((v) => [v.labels.reason, v.value]).sort()).toEqual([
      ['key_mismatch', 1],
      ['malformed_json', 1],
      ['schema_violation', 1],
    ]);
  }, 90_000);
});
