/** Command-line parsing helpers: typed errors that name the flag, and exit codes. */

/** A usage error: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

/** Runs a `parseArgs` call; an unknown or malformed flag becomes a UsageError. */
export function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A flag that must be a finite number (optionally an integer >= min). */
export function numberFlag(name: string, value: string | undefined, { integer = false, min = -Infinity } = {}): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x) || (integer && !Number.isInteger(x)) || x < min) {
    throw new UsageError(`--${name}: expected ${integer ? 'an integer' : 'a number'}${min > -Infinity ? ` >= ${min}` : ''}, got ${JSON.stringify(value)}`);
  }
  return x;
}

/** A flag that is a date (ISO 8601 or epoch ms) -> epoch ms. */
export function timeFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(t)) throw new UsageError(`--${name}: expected an ISO date (2022-01-03, 2022-01-03T12:00Z) or epoch ms, got ${JSON.stringify(value)}`);
  return t;
}
