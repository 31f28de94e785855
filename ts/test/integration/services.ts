/**
 * Gate for the integration suites, which talk to real services (start them with
 * `scripts/services.sh up`, then `eval "$(scripts/services.sh env)"`).
 *
 * - env var unset, SMC_REQUIRE_SERVICES != 1: the suite is skipped, with one line saying why,
 *   so a plain `vitest run` works anywhere;
 * - SMC_REQUIRE_SERVICES=1 (CI): a missing env var or an unreachable service fails the suite,
 *   so a broken setup can never pass as "all skipped".
 */

import { afterAll, beforeAll } from 'vitest';

export const REQUIRE_SERVICES = process.env.SMC_REQUIRE_SERVICES === '1';

export interface ServiceGate {
  /** Pass to `describe.skipIf`. */
  readonly skip: boolean;
  /**
   * Registers beforeAll/afterAll hooks that `open` a client from the env var's value and
   * `close` it, and returns an accessor for the tests. A setup failure (env var missing
   * although required, service unreachable) is rethrown by the accessor, so every test of the
   * suite fails with it, instead of vitest reporting the tests as skipped.
   */
  use<T>(open: (url: string) => Promise<T>, close: (client: T) => Promise<void>): () => T;
}

export function serviceGate(service: string, envVar: string): ServiceGate {
  const value = process.env[envVar]?.trim() || undefined;
  const skip = value === undefined && !REQUIRE_SERVICES;
  if (skip) console.log(`[integration] ${service}: skipped (${envVar} not set)`);

  return {
    skip,
    use<T>(open: (url: string) => Promise<T>, close: (client: T) => Promise<void>): () => T {
      let client: T | undefined;
      let failure: Error | undefined;

      beforeAll(async () => {
        if (value === undefined) {
          failure = new Error(
            `[integration] ${service}: SMC_REQUIRE_SERVICES=1 but ${envVar} is not set ` +
              `(run \`scripts/services.sh up\` and export the lines it prints)`,
          );
          return;
        }
        try {
          client = await open(value);
        } catch (err) {
          const reason = err instanceof Error ? err.message || err.name : String(err);
          failure = new Error(
            `[integration] ${service}: setup against ${envVar}=${redact(value)} failed: ${reason} ` +
              `(is it up? \`scripts/services.sh status\`)`,
            { cause: err },
          );
        }
      });

      afterAll(async () => {
        if (client !== undefined) await close(client);
      });

      return () => {
        if (failure) throw failure;
        if (client === undefined) throw new Error(`[integration] ${service}: used before setup`);
        return client;
      };
    },
  };
}

/** Hides a password in a URL-shaped value so it does not end up in test reports. */
function redact(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value; // not a URL, e.g. KAFKA_BROKERS=host:port,host:port
  }
}

/** Rejects with `message` if `promise` has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
