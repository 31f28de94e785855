/**
 * Building a kafkajs client from our options, shared by KafkaSource and KafkaSink.
 */
import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';

import type { EventLog } from '../metrics/logger.js';

/** Connection options shared by the Kafka source and sink. */
export interface KafkaConnection {
  /** `host:port` bootstrap brokers (KAFKA_BROKERS). */
  brokers: readonly string[];
  clientId?: string;
  ssl?: boolean;
  /** SASL credentials; the password comes from the environment (KAFKA_SASL_PASSWORD). */
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** An existing client to reuse instead of building one from the fields above. */
  kafka?: Kafka;
  /** Receives kafkajs' own errors; they are discarded without one (our components log what matters). */
  logger?: EventLog;
}

/**
 * The kafkajs client for `options`. kafkajs' logs (errors only: routine ones such as "group is
 * rebalancing" are errors there) go to `options.logger` as warnings instead of stdout.
 */
export function kafkaClient(options: KafkaConnection): Kafka {
  if (options.kafka) return options.kafka;
  const logger = options.logger;
  return new Kafka({
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      logger?.warn({ kafkajs: entry.namespace, ...fields }, message);
    },
    clientId: options.clientId ?? 'smc-engine',
    brokers: [...options.brokers],
    ssl: options.ssl,
    sasl: options.sasl as SASLOptions | undefined,
    logLevel: logLevel.ERROR,
  });
}
