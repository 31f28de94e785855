/**
 * Structured JSON logs (pino) with secrets redacted and a correlation id per decision cycle.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Object paths pino blanks out wherever they appear (one level of nesting, as pino's redaction
 * works on fixed paths). Values that embed credentials in a URL are cleaned by {@link redactUrl}.
 */
export const REDACTED_PATHS: readonly string[] = [
  'password',
  'secret',
  'token',
  'apiKey',
  'apiSecret',
  'authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.apiSecret',
  '*.authorization',
  '*.sasl.password',
  'headers.authorization',
];

/** The placeholder secrets are replaced with. */
export const REDACTED = '[REDACTED]';

/** Options of {@link createLogger}. */
export interface LogOptions {
  /** pino level; `info` by default. */
  level?: LoggerOptions['level'];
  /** Recorded as `name` on every line. */
  name?: string;
  /** Where lines go; stdout by default (tests pass a stream to read them back). */
  destination?: DestinationStream;
}

/** A JSON logger whose output never contains the values at {@link REDACTED_PATHS}. */
export function createLogger(options: LogOptions = {}): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? 'info',
    name: options.name ?? 'smc-engine',
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** Replaces the password (and token-like user) of a URL with {@link REDACTED}; other text is returned as is. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => {
    const user = auth.includes(':') ? auth.slice(0, auth.indexOf(':')) : '';
    return `${scheme}${user ? `${user}:` : ''}${REDACTED}@`;
  });
}

const CYCLE_PREFIX = `${process.pid.toString(36)}-${Date.now().toString(36)}`;
let cycleCounter = 0;

/**
 * A new correlation id for one decision cycle. Unique per process run and cheap (a counter, no
 * randomness), because one is minted per market event on the hot path.
 */
export function newCorrelationId(): string {
  cycleCounter += 1;
  return `${CYCLE_PREFIX}-${cycleCounter.toString(36)}`;
}

/** A child logger stamping every line with the cycle's correlation id as `cid`. */
export function cycleLogger(logger: Logger, correlationId: string = newCorrelationId()): Logger {
  return logger.child({ cid: correlationId });
}

/**
 * The slice of a logger the I/O components use, so a pino logger or a test double both fit.
 * Components log state changes (down, back, spilled), never per-event lines.
 */
export interface EventLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
