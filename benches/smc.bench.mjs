#!/usr/bin/env node
// The full Smart Money Concepts suite (8 functions, package defaults) on EURUSD 15m through the
// built SDK, against the Python package smartmoneyconcepts 0.0.27 timed in the same run.
//   node benches/smc.bench.mjs          (needs the release build: node scripts/build.mjs)
// Python: uses $SMC_PYTHON_VENV (default .smc/venv-smartmoneyconcepts), created with
// `python3 -m venv` + `pip install smartmoneyconcepts==0.0.27` when missing. Without python3 the
// comparison is skipped with a message. Target: >= 100x.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { smc } from '../dist/lib/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.SMC_SHARED_DATA ?? join(root, '..', 'shared', 'data');
const csv = join(shared, 'eurusd-15m', 'EURUSD_15M.csv');
if (!existsSync(csv)) {
  console.log(`[data] smc bench: skipped (${csv} not found)`);
  process.exit(0);
}

/** Bench-local CSV reader (volume = Tickvol), kept out of the timed region. */
function readBars(path) {
  const lines = readFileSync(path, 'utf8').split('\n').slice(1).filter((l) => l.length > 0);
  const n = lines.length;
  const cols = Array.from({ length: 6 }, () => new Float64Array(n));
  lines.forEach((line, i) => {
    const f = line.split(',');
    const d = f[0];
    cols[0][i] = Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10), +d.slice(11, 13), +d.slice(14, 16));
    for (let c = 1; c < 6; c++) cols[c][i] = Number(f[c]);
  });
  const [time, open, high, low, close, volume] = cols;
  return { time, open, high, low, close, volume };
}

function suite(bars) {
  const swings = smc.swingHighsLows(bars, { swingLength: 50 });
  smc.fvg(bars);
  smc.bosChoch(bars, swings, { closeBreak: true });
  smc.ob(bars, swings);
  smc.liquidity(bars, swings);
  smc.previousHighLow(bars, { timeFrame: '1D' });
  smc.sessions(bars, { session: 'London' });
  smc.retracements(bars, swings);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeOurs(bars, runs) {
  for (let i = 0; i < 5; i++) suite(bars); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    suite(bars);
    times.push(performance.now() - t0);
  }
  return { min: Math.min(...times), median: median(times) };
}

function pythonInterpreter() {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  const venv = process.env.SMC_PYTHON_VENV ?? join(root, '.smc', 'venv-smartmoneyconcepts');
  const python = join(venv, 'bin', 'python');
  const has = () => existsSync(python) && spawnSync(python, ['-c', 'import smartmoneyconcepts'], { stdio: 'ignore' }).status === 0;
  if (!has()) {
    console.log(`creating ${venv} with smartmoneyconcepts==0.0.27 ...`);
    const steps = [
      ['python3', ['-m', 'venv', venv]],
      [join(venv, 'bin', 'pip'), ['install', '--quiet', 'smartmoneyconcepts==0.0.27']],
    ];
    for (const [cmd, args] of steps) {
      const r = spawnSync(cmd, args, { stdio: 'inherit' });
      if (r.error || r.status !== 0) return null;
    }
  }
  return has() ? python : null;
}

const bars = readBars(csv);
const ours = timeOurs(bars, 50);
console.log(`smc full suite, EURUSD 15m (${bars.close.length} bars), 8 functions, package defaults`);
console.log(`  smc-engine (SDK):           median ${ours.median.toFixed(3)} ms   min ${ours.min.toFixed(3)} ms`);

const python = pythonInterpreter();
if (!python) {
  console.log('  smartmoneyconcepts (Python): skipped (python3 or the package is unavailable)');
  process.exit(0);
}
const repeats = Number(process.env.SMC_PYTHON_REPEATS ?? 3);
const run = spawnSync(python, [join(root, 'benches', 'python', 'smc_suite_timing.py'), csv, String(repeats)], {
  encoding: 'utf8',
  maxBuffer: 1 << 24,
});
if (run.status !== 0) {
  console.log(`  smartmoneyconcepts (Python): failed\n${run.stderr}`);
  process.exit(1);
}
const py = JSON.parse(run.stdout.trim().split('\n').pop());
console.log(`  smartmoneyconcepts 0.0.27:  median ${py.median_ms.toFixed(1)} ms   min ${py.min_ms.toFixed(1)} ms  (${repeats} runs)`);
const ratio = py.median_ms / ours.median;
console.log(`  ratio (median): ${ratio.toFixed(0)}x   (target >= 100x: ${ratio >= 100 ? 'met' : 'NOT met'})`);
