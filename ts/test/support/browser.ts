import { existsSync } from 'node:fs';

/** Debian's Chromium, or the one named by SMC_CHROMIUM. */
export const CHROMIUM = process.env.SMC_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run. Without Chromium they skip with one line, unless
 * SMC_REQUIRE_BROWSER=1 (CI), where the missing browser is a failure of the run.
 */
export function browserAvailable(suite: string): boolean {
  const ok = existsSync(CHROMIUM);
  if (!ok && process.env.SMC_REQUIRE_BROWSER !== '1') {
    console.log(`[browser] ${suite}: skipped (${CHROMIUM} not found; apt-get install chromium)`);
    return false;
  }
  return true;
}

/** Flags for a headless, offline, root-safe Chromium. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
