/**
 * Loading the configuration: one YAML or JSON file, then environment overrides, then the schema.
 * Secrets (passwords, URLs with credentials) are accepted only from the environment, and
 * {@link redactConfig} produces a dump safe to log.
 */
import { readFileSync } from 'node:fs';

import { parse as parseYaml } from 'yaml';

import { ConfigError } from '../errors.js';
import { REDACTED, redactUrl } from '../metrics/logger.js';
import { configSchema, type EngineConfig } from './schema.js';

/** Environment variables that override the file, and the key each one sets. */
export const ENV_OVERRIDES: Readonly<Record<string, string>> = {
  KAFKA_BROKERS: 'kafka.brokers',
  KAFKA_GROUP_ID: 'kafka.groupId',
  KAFKA_SASL_PASSWORD: 'kafka.sasl.password',
  REDIS_URL: 'redis.url',
  REDIS_CLUSTER_NODES: 'redis.clusterNodes',
  DATABASE_URL: 'postgres.url',
  SMC_LOG_LEVEL: 'log.level',
  SMC_SPILL_DIR: 'store.spillDir',
};

const LIST_KEYS = new Set(['kafka.brokers', 'redis.clusterNodes']);
const SECRET_KEY = /^(password|secret|token|api_?key|api_?secret)$/i;

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** A `.yaml`, `.yml` or `.json` file; without one, defaults plus environment. */
  path?: string;
  /** Environment to read overrides from; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

type Tree = Record<string, unknown>;

function setPath(tree: Tree, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node[part] = next !== null && typeof next === 'object' ? next : {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** Rejects secrets written into the file: they belong in the environment. */
function findFileSecrets(value: unknown, path: string, out: { key: string; problem: string }[]): void {
  if (typeof value === 'string') {
    if (/^[a-z][a-z0-9+.-]*:\/\/[^@/]*:[^@/]*@/i.test(value)) {
      out.push({ key: path, problem: 'a URL with credentials; set it through the environment instead' });
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    const key = path ? `${path}.${k}` : k;
    if (SECRET_KEY.test(k)) out.push({ key, problem: 'secrets are read only from the environment' });
    else findFileSecrets(v, key, out);
  }
}

function formatKey(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}

/**
 * Validates a configuration object (already merged with the environment).
 *
 * @throws ConfigError naming each offending key and its problem
 */
export function parseConfig(raw: unknown, origin = 'config'): EngineConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const keys = 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : [];
    const key = formatKey(keys.length ? [...issue.path, String(keys[0])] : issue.path);
    return { key, problem: issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message };
  });
  throw new ConfigError(`${origin}: ${issues.map((i) => `${i.key}: ${i.problem}`).join('; ')}`, { issues });
}

/**
 * Reads the file (if any), applies {@link ENV_OVERRIDES}, validates.
 *
 * @throws ConfigError for an unreadable or unparsable file, secrets in the file, or schema failures
 */
export function loadConfig(options: LoadConfigOptions = {}): EngineConfig {
  const env = options.env ?? process.env;
  let raw: unknown = {};
  const origin = options.path ?? 'config';
  if (options.path) {
    let text: string;
    try {
      text = readFileSync(options.path, 'utf8');
    } catch (err) {
      throw new ConfigError(`${origin}: cannot read the file (${(err as Error).message})`, { cause: err });
    }
    try {
      raw = parseYaml(text) ?? {}; // YAML 1.2 is a superset of JSON, so one parser reads both
    } catch (err) {
      throw new ConfigError(`${origin}: not valid YAML/JSON (${(err as Error).message})`, { cause: err });
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ConfigError(`${origin}: (root): expected a mapping of sections`, {
        issues: [{ key: '(root)', problem: 'expected a mapping of sections' }],
      });
    }
    const secrets: { key: string; problem: string }[] = [];
    findFileSecrets(raw, '', secrets);
    if (secrets.length) {
      throw new ConfigError(`${origin}: ${secrets.map((i) => `${i.key}: ${i.problem}`).join('; ')}`, {
        issues: secrets,
      });
    }
  }
  const merged = structuredClone(raw) as Tree;
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (name === 'KAFKA_SASL_PASSWORD' && !(merged.kafka as Tree | undefined)?.sasl) continue;
    setPath(merged, key, LIST_KEYS.has(key) ? value.split(',').map((s) => s.trim()).filter(Boolean) : value);
  }
  return parseConfig(merged, origin);
}

/** A deep copy of `config` safe to print: URL credentials and secret fields replaced by {@link REDACTED}. */
export function redactConfig(config: EngineConfig): EngineConfig {
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return SECRET_KEY.test(key) ? REDACTED : redactUrl(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  return walk(config, '') as EngineConfig;
}
