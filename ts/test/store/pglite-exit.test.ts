import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from '../support/paths.js';

describe('PgliteStore in its own process', () => {
  it('does not keep a script alive that forgot close(): the script and the journal process exit', () => {
    const lib = join(ROOT, 'dist', 'lib', 'store', 'index.js');
    if (!existsSync(lib)) throw new Error('dist/lib is missing: run `npm run build`');
    const script = `const { PgliteStore } = await import(${JSON.stringify(lib)}); const s = new PgliteStore(); await s.migrate(); await s.ping(); console.log('pid', s.pid);`;
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(res.error).toBeUndefined(); // no timeout: the script ended on its own
    expect(res.status).toBe(0);
    const pid = Number(/pid (\d+)/.exec(res.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    // The child goes with its parent's IPC channel.
    const deadline = Date.now() + 10_000;
    let alive = true;
    while (alive && Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  }, 90_000);
});
