// Latency of one ensemble decision (3 ONNX models, one worker thread each, shared-memory
// input), main-thread wall time per predict(), sequential requests after warm-up.
//   node benches/ensemble.bench.mjs [--iterations 3000] [--models dir] [--only N]
// --only N asks only the first N models of the manifest (1: one worker thread and the main
// thread), to see how much of the tail comes from scheduling several threads.
// Uses models/ built by `npm install` (or `npm run models`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { models, synth } from '../dist/lib/index.js';
import { ROOT } from './support/data.mjs';
import { schedulingJitter } from './support/jitter.mjs';

const { values } = parseArgs({
  options: { iterations: { type: 'string', default: '3000' }, models: { type: 'string', default: join(ROOT, 'models') }, only: { type: 'string' } },
});
const iterations = Number(values.iterations);
const manifest = JSON.parse(readFileSync(join(values.models, 'manifest.json'), 'utf8'));
const only = values.only === undefined ? manifest.models.length : Number(values.only);
const chosen = manifest.models.slice(0, only).map((m) => ({ name: m.name, path: join(values.models, m.file), weight: m.weight ?? 1 }));
const ensemble = await models.ModelEnsemble.fromManifest(values.models, { timeoutMs: 1_000, warmupRuns: 50, models: chosen });
const { seqLen, nFeatures } = ensemble.contract;

// Real feature windows from the synthetic market, not constants, so caches see varied input.
const bars = synth.syntheticBars({ bars: 2_000, seed: 11 });
const windows = [];
const { native } = await import('../dist/lib/native.js');
const stream = new native.BarFeatureStream(seqLen);
for (let i = 0; i < bars.close.length; i++) {
  if (stream.push(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i])) {
    const w = new Float32Array(seqLen * nFeatures);
    stream.copyWindow(w);
    windows.push(w);
  }
}

const wall = new Float64Array(iterations);
const perModel = Object.fromEntries(ensemble.modelNames.map((n) => [n, new Float64Array(iterations)]));
let incomplete = 0;
for (let i = 0; i < iterations; i++) {
  const t0 = process.hrtime.bigint();
  const d = await ensemble.predict(windows[i % windows.length]);
  wall[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!d.complete) incomplete++;
  for (const m of d.perModel) if (m.latencyMs !== undefined) perModel[m.name][i] = m.latencyMs;
}
await ensemble.close();

const pct = (xs, p) => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const row = (name, xs) =>
  `${name.padEnd(28)} p50 ${pct(xs, 0.5).toFixed(3)} ms   p99 ${pct(xs, 0.99).toFixed(3)} ms   p99.9 ${pct(xs, 0.999).toFixed(3)} ms`;
console.log(`ensemble bench: ${iterations} sequential decisions, models ${ensemble.modelNames.join(', ')}, window ${seqLen}x${nFeatures}`);
console.log(`node ${process.version}; incomplete decisions: ${incomplete}`);
console.log(row('decision (main thread wall)', wall));
for (const [name, xs] of Object.entries(perModel)) console.log(row(`  ${name} run() in worker`, xs));
console.log(schedulingJitter().text);
