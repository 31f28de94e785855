import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ConfigError } from '../../src/errors.js';
import { loadConfig, parseConfig, redactConfig } from '../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'smc-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('an empty configuration is valid and selects the embedded defaults', () => {
    const config = loadConfig({ env: {} });
    expect(config.kafka.brokers).toEqual([]);
    expect(config.redis.url).toBeUndefined();
    expect(config.postgres.url).toBeUndefined();
    expect(config.redis.protocol).toBe(2);
    expect(config.kafka.topics.deadLetter).toBe('smc.market-data.dlq');
    expect(config.store.batchSize).toBe(500);
  });

  it('reads YAML and JSON files and applies environment overrides over them', () => {
    const yaml = file('engine.yaml', 'engine:\n  symbols: [BTCUSDT, ETHUSDT]\nkafka:\n  brokers: ["k1:9092"]\n  gzip: true\n');
    const env = { KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093', REDIS_URL: 'redis://:pw@r:6379', DATABASE_URL: 'postgres://u:p@h:5432/d', SMC_LOG_LEVEL: 'debug' };
    const config = loadConfig({ path: yaml, env });
    expect(config.engine.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.kafka.gzip).toBe(true);
    expect(config.redis.url).toBe('redis://:pw@r:6379');
    expect(config.log.level).toBe('debug');
    const json = file('engine.json', JSON.stringify({ store: { batchSize: 64 } }));
    expect(loadConfig({ path: json, env: {} }).store.batchSize).toBe(64);
  });

  it('names every offending key and its problem', () => {
    const err = configError(() =>
      parseConfig({ kafka: { brokers: ['no-port'], maxInFlight: -1, groupid: 'x' }, store: { batchSize: 'big' } }),
    );
    const keys = err.issues.map((i) => i.key).sort();
    expect(keys).toEqual(['kafka.brokers[0]', 'kafka.groupid', 'kafka.maxInFlight', 'store.batchSize']);
    expect(err.message).toContain('kafka.brokers[0]: expected host:port');
    expect(err.message).toContain('kafka.groupid: unknown key');
    expect(err.code).toBe('SMC_INVALID_CONFIG');
  });

  it('accepts secrets only from the environment', () => {
    const withUrl = file('secret-url.yaml', 'postgres:\n  url: postgres://smc:hunter2@db:5432/smc\n');
    expect(configError(() => loadConfig({ path: withUrl, env: {} })).issues).toEqual([
      { key: 'postgres.url', problem: 'a URL with credentials; set it through the environment instead' },
    ]);
    const withPassword = file('secret-pw.yaml', 'kafka:\n  sasl: { mechanism: plain, username: u, password: p }\n');
    expect(configError(() => loadConfig({ path: withPassword, env: {} })).issues[0]?.key).toBe('kafka.sasl.password');
    const sasl = file('sasl.yaml', 'kafka:\n  sasl: { mechanism: plain, username: u }\n');
    expect(loadConfig({ path: sasl, env: { KAFKA_SASL_PASSWORD: 's3cret' } }).kafka.sasl?.password).toBe('s3cret');
  });

  it('redacts credentials in a dump', () => {
    const sasl = file('sasl2.yaml', 'kafka:\n  sasl: { mechanism: plain, username: u }\n');
    const config = loadConfig({
      path: sasl,
      env: { KAFKA_SASL_PASSWORD: 's3cret', DATABASE_URL: 'postgres://smc:hunter2@db:5432/smc', REDIS_URL: 'redis://:pw@r:6379' },
    });
    const dump = JSON.stringify(redactConfig(config));
    expect(dump).not.toContain('s3cret');
    expect(dump).not.toContain('hunter2');
    expect(dump).not.toContain(':pw@');
    expect(dump).toContain('postgres://smc:[REDACTED]@db:5432/smc');
    expect(config.postgres.url).toBe('postgres://smc:hunter2@db:5432/smc'); // the original is untouched
  });

  it('reads routed venues with their defaults and refuses duplicate names or bad fees', () => {
    const yaml = file('routing.yaml', 'routing:\n  maxBookAgeMs: 500\n  venues:\n    - { name: a, takerFeeBps: 10, tickSize: "0.01" }\n    - { name: b, makerFeeBps: -0.5, feed: b-feed }\n');
    const routing = loadConfig({ path: yaml, env: {} }).routing;
    expect(routing.maxBookAgeMs).toBe(500);
    expect(routing.depth).toBe(50);
    expect(routing.venues).toEqual([
      { name: 'a', takerFeeBps: 10, makerFeeBps: 0, fixedFee: 0, latencyMs: 0, tickSize: '0.01' },
      { name: 'b', takerFeeBps: 0, makerFeeBps: -0.5, fixedFee: 0, latencyMs: 0, feed: 'b-feed' },
    ]);
    expect(loadConfig({ env: {} }).routing.venues).toEqual([]);
    const err = configError(() => parseConfig({ routing: { venues: [{ name: 'a' }, { name: 'a', latencyMs: -1 }] } }));
    expect(err.issues.map((i) => i.key).sort()).toEqual(['routing.venues', 'routing.venues[1].latencyMs']);
  });

  it('reports unreadable and unparsable files as ConfigError', () => {
    expect(configError(() => loadConfig({ path: join(dir, 'missing.yaml') })).message).toContain('cannot read');
    expect(configError(() => loadConfig({ path: file('bad.yaml', 'kafka: [unclosed\n') })).message).toContain('not valid YAML');
  });
});
