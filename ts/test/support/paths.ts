import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `../shared/data` beside the repository (CI always has it; a user's clone may not). */
export const SHARED_DATA = process.env.SMC_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data');

/** Whether `SMC_REQUIRE_DATA=1` is set (CI): then a missing data file is an error, not a skip. */
export const DATA_REQUIRED = process.env.SMC_REQUIRE_DATA === '1';

/**
 * Whether a shared data file is present. When it is not, prints one line saying which test is
 * skipped and why, so a skip is never silent; under `SMC_REQUIRE_DATA=1` it throws instead, so
 * a moved or deleted file cannot turn a real-data suite into a silent pass.
 */
export function sharedDataAvailable(relative: string, suite: string, required = DATA_REQUIRED): boolean {
  const path = join(SHARED_DATA, relative);
  if (existsSync(path)) return true;
  if (required) {
    throw new Error(
      `[data] ${suite}: ${path} not found and SMC_REQUIRE_DATA=1 (set SMC_SHARED_DATA to the shared data directory, or unset SMC_REQUIRE_DATA to skip)`,
    );
  }
  console.log(`[data] ${suite}: skipped (${path} not found)`);
  return false;
}
