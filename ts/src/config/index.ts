/**
 * Engine configuration: one YAML/JSON file validated by schema, environment overrides, secrets
 * only from the environment.
 * @module config
 */
export { configSchema } from './schema.js';
export type { EngineConfig, EngineConfigInput } from './schema.js';
export { loadConfig, parseConfig, redactConfig, ENV_OVERRIDES } from './load.js';
export type { LoadConfigOptions } from './load.js';
