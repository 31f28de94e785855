import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `../shared/data` beside the repository (CI always has it; a user's clone may not). */
export const SHARED_DATA = process.env.SMC_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data');

/**
 * Whether a shared data file is present. When it is not, prints one line saying which test is
 * skipped and why, so a skip is never silent.
 */
export function sharedDataAvailable(relative: string, suite: string): boolean {
  const ok = existsSync(join(SHARED_DATA, relative));
  if (!ok) console.log(`[data] ${suite}: skipped (${join(SHARED_DATA, relative)} not found)`);
  return ok;
}
