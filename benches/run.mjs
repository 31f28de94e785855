#!/usr/bin/env node
// Runs the Node benchmarks one after the other (never in parallel: they would measure each
// other) and keeps each one's output in bench-results/<name>.txt.
//   npm run bench                 all of benches/*.bench.mjs but the soak test (memory)
//   npm run bench -- memory       the 10-minute memory soak (add `-- --minutes N` via node directly)
//   npm run bench -- quantile     those whose name contains "quantile"
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'bench-results');
const filters = process.argv.slice(2);
// Soak benches run for minutes; they run only when asked for by name.
const SOAK = new Set(['memory.bench.mjs']);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => (filters.length === 0 ? !SOAK.has(f) : filters.some((x) => f.includes(x))))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const res = spawnSync(process.execPath, [join(here, file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(res.stdout ?? '');
  writeFileSync(join(outDir, file.replace('.bench.mjs', '.txt')), res.stdout ?? '');
  if (res.status !== 0) {
    failed++;
    console.log(`=== ${file} exited with ${res.status}`);
  }
}
process.exit(failed ? 1 : 0);
