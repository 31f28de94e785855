import { randomUUID } from 'node:crypto';

import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';

import { serviceGate, within } from './services.js';

const gate = serviceGate('kafka', 'KAFKA_BROKERS');

const PARTITIONS = 3;
const MESSAGES = 1_000;
const KEYS = 50;

describe.skipIf(gate.skip)('kafka (KAFKA_BROKERS)', () => {
  // Fresh topic and group per run, so offsets start at 0 and nothing is inherited.
  const topic = `smc-it-${randomUUID()}`;
  const groupId = `smc-it-${randomUUID()}`;

  const cluster = gate.use(
    async (brokers) => {
      const kafka = new Kafka({
        clientId: 'smc-engine-integration',
        brokers: brokers.split(',').map((b) => b.trim()),
        logLevel: logLevel.NOTHING, // failures surface as rejected promises; the logs are noise
        connectionTimeout: 5_000,
      });
      const admin = kafka.admin();
      await admin.connect();
      // waitForLeaders: producing right after creation would otherwise hit LEADER_NOT_AVAILABLE.
      await admin.createTopics({
        topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      return { kafka, admin };
    },
    async ({ admin }) => {
      await admin.deleteGroups([groupId]).catch(() => undefined); // absent if the test failed early
      await admin.deleteTopics({ topics: [topic] });
      await admin.disconnect();
    },
  );

  it(`produces ${MESSAGES} keyed messages and consumes them all in a group, committing offsets`, async () => {
    const { kafka, admin } = cluster();
    // The Java-compatible (murmur2) partitioner: a key lands where a JVM producer would put it.
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId });
    try {
      await producer.connect();
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: MESSAGES }, (_, seq) => ({
          key: `key-${seq % KEYS}`,
          value: JSON.stringify({ seq }),
        })),
      });

      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });

      const seqs = new Set<number>();
      const partitionOfKey = new Map<string, number>();
      const lastSeqOfKey = new Map<string, number>();
      // Collected, not asserted, in the handler: kafkajs would catch a throw there and retry.
      const violations: string[] = [];
      const all = new Promise<void>((resolve, reject) => {
        // kafkajs restarts the consumer after a retriable crash, e.g. NOT_COORDINATOR while a
        // fresh broker is still creating __consumer_offsets; only a final crash is a failure.
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (!payload.restart) reject(payload.error);
        });
        consumer
          .run({
            // Commit explicitly, once a batch is processed: that is what the test checks.
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              for (const m of batch.messages) {
                const key = m.key!.toString();
                const { seq } = JSON.parse(m.value!.toString()) as { seq: number };
                seqs.add(seq);
                const seen = partitionOfKey.get(key) ?? batch.partition;
                if (seen !== batch.partition) violations.push(`${key} in partitions ${seen} and ${batch.partition}`);
                partitionOfKey.set(key, batch.partition);
                // Order is only guaranteed within a partition, hence per key.
                const last = lastSeqOfKey.get(key) ?? -1;
                if (seq <= last) violations.push(`${key}: seq ${seq} after ${last}`);
                lastSeqOfKey.set(key, seq);
              }
              const next = (BigInt(batch.lastOffset()) + 1n).toString();
              await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
              if (seqs.size === MESSAGES) resolve();
            },
          })
          .catch(reject);
      });
      // The first join of a new group takes a few seconds; a hang becomes a readable failure.
      await within(all, 45_000, () => `consumed ${seqs.size}/${MESSAGES} messages within 45 s`);

      expect(violations).toEqual([]);
      expect(seqs.size).toBe(MESSAGES);
      expect(partitionOfKey.size).toBe(KEYS);
      expect(new Set(partitionOfKey.values()).size).toBe(PARTITIONS);
    } finally {
      await consumer.disconnect(); // leaves the group, so it can be deleted afterwards
      await producer.disconnect();
    }

    // Committed offsets (the next offset to read) must equal each partition's high watermark.
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const watermarks = await admin.fetchTopicOffsets(topic);
    const byPartition = (xs: { partition: number; offset: string }[]) =>
      Object.fromEntries(xs.map((p) => [p.partition, p.offset]));
    expect(byPartition(committed!.partitions)).toEqual(
      byPartition(watermarks.map(({ partition, high }) => ({ partition, offset: high }))),
    );
    expect(watermarks.reduce((sum, w) => sum + Number(w.high), 0)).toBe(MESSAGES);
  }, 90_000);
});
