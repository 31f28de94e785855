import { Kafka, logLevel, type Admin, type IHeaders, type KafkaMessage } from 'kafkajs';

import { waitFor } from './service-env.js';

/** A kafkajs client for test set-up (topics, raw producing and consuming). */
export function testKafka(brokers: string): Kafka {
  return new Kafka({ clientId: 'smc-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** Creates topics and waits until they have leaders. */
export async function createTopics(admin: Admin, topics: { topic: string; numPartitions: number }[]): Promise<void> {
  await admin.createTopics({ topics: topics.map((t) => ({ ...t, replicationFactor: 1 })), waitForLeaders: true });
}

/** A valid trade event as the producer side would publish it. */
export function tradeEvent(symbol: string, seq: number): Record<string, unknown> {
  return {
    type: 'trade',
    venue: 'test',
    symbol,
    exchangeTime: 1_723_161_300_000 + seq,
    receiveTime: 1_723_161_300_001 + seq,
    tradeId: String(seq),
    price: 100 + (seq % 7),
    qty: 1,
    side: seq % 2 ? 'buy' : 'sell',
  };
}

/** Reads `count` messages of a topic from the beginning with a throw-away group. */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}` });
  const out: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      out.push(message);
    },
  });
  try {
    await waitFor(() => out.length >= count, timeoutMs, `${count} messages on ${topic}`);
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** A header value as text. */
export function header(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return v === undefined ? undefined : Array.isArray(v) ? String(v[0]) : String(v);
}
