/**
 * Building a kafkajs client from our options, shared by KafkaSource and KafkaSink.
 */
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';

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
}

/** The kafkajs client for `options`; kafkajs' own logging is limited to errors. */
export function kafkaClient(options: KafkaConnection): Kafka {
  if (options.kafka) return options.kafka;
  return new Kafka({
    clientId: options.clientId ?? 'smc-engine',
    brokers: [...options.brokers],
    ssl: options.ssl,
    sasl: options.sasl as SASLOptions | undefined,
    logLevel: logLevel.ERROR,
  });
}
