import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';

import { createEngineMetrics } from '../../src/metrics/index.js';
import { KafkaSink } from '../../src/sinks/index.js';
import { createTopics, readTopic, testKafka } from './kafka-helpers.js';
import { serviceUrl, uniqueName } from './service-env.js';

const BROKERS = serviceUrl('KAFKA_BROKERS', 'KafkaSink integration');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!BROKERS)('KafkaSink on a real Kafka', () => {
  let kafka: Kafka;
  let admin: Admin;
  const topics: string[] = [];
  beforeAll(async () => {
    kafka = testKafka(BROKERS as string);
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  it('adapts the batch to the rate: small and prompt when slow, 1,000 to 5,000 in a burst; keyed, gzip, all delivered', async () => {
    const orders = uniqueName('smc-orders');
    const other = uniqueName('smc-out');
    topics.push(orders, other);
    await createTopics(admin, [
      { topic: orders, numPartitions: 3 },
      { topic: other, numPartitions: 1 },
    ]);
    const metrics = createEngineMetrics();
    const sink = new KafkaSink({
      brokers: [BROKERS as string],
      topics: { order: orders, signal: other, fill: other, risk_event: other },
      gzip: true,
      metrics,
    });
    await sink.connect();
    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

    // Slow phase: one record every 40 ms (longer than a broker round trip, so nothing is in
    // flight when the next arrives). Each goes out after the 2 ms linger, not after 1,000 pile up.
    for (let i = 0; i < 40; i++) {
      sink.publish({ kind: 'order', symbol: symbols[i % 3] as string, time: i, payload: { seq: i } });
      await sleep(40);
    }
    await sink.flush();
    const slow = sink.recentBatches.slice();
    expect(slow.length).toBeGreaterThan(20);
    expect(Math.max(...slow.map((b) => b.size))).toBeLessThan(5);
    const waits = slow.map((b) => b.waitedMs).sort((a, b) => a - b);
    expect(waits[Math.floor(waits.length / 2)]).toBeLessThan(6); // median wait: the 2 ms linger plus timer slack

    // Burst: 60,000 records as fast as the loop goes.
    const burstFrom = sink.recentBatches.length;
    for (let i = 40; i < 60_040; i++) {
      sink.publish({ kind: 'order', symbol: symbols[i % 3] as string, time: i, payload: { seq: i } });
    }
    await sink.flush();
    const burst = sink.recentBatches.slice(burstFrom).map((b) => b.size);
    expect(burst.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(Math.max(...burst)).toBe(5_000);
    expect(burst.slice(0, -1).every((n) => n >= 1_000 && n <= 5_000)).toBe(true); // all but the remainder
    expect(sink.stats()).toMatchObject({ published: 60_040, delivered: 60_040 });
    expect(await metrics.registry.getSingleMetricAsString('smc_sink_batch_size')).toContain('le="5000"');

    sink.publish({ kind: 'fill', symbol: 'BTCUSDT', time: 1, payload: { fillId: 'f1' } });
    await sink.close();

    const messages = await readTopic(kafka, orders, 60_040, 60_000);
    expect(messages).toHaveLength(60_040);
    const lastSeq = new Map<string, number>();
    let ordered = true;
    for (const m of messages) {
      const body = JSON.parse(String(m.value)) as { symbol: string; payload: { seq: number } };
      expect(String(m.key)).toBe(body.symbol);
      if (body.payload.seq <= (lastSeq.get(body.symbol) ?? -1)) ordered = false;
      lastSeq.set(body.symbol, body.payload.seq);
    }
    expect(ordered).toBe(true); // one partition per symbol, read in order
    const fills = await readTopic(kafka, other, 1);
    expect(JSON.parse(String(fills[0]?.value))).toEqual({ kind: 'fill', symbol: 'BTCUSDT', time: 1, payload: { fillId: 'f1' } });
  });
});
