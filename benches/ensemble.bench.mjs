// Latency of one ensemble decision (3 ONNX models, one worker thread each, shared-memory
// input), main-thread wall time per predict(), sequential requests after a warm-up, against
// the peer a user would otherwise write: the same three onnxruntime-node sessions run on the
// main thread (`Promise.all(sessions.map((s) => s.run(feeds)))`), in the same run.
//   node benches/ensemble.bench.mjs [--iterations 20000] [--warm 3000] [--models dir] [--only N]
// The ensemble is measured twice: blocking the main thread on the answers (the default,
// `blockMicros` 2000) and waiting on the event loop only (`blockMicros: 0`).
// --only N asks only the first N models of the manifest (1: one worker thread and the main
// thread). The first decisions of a process run while V8 still compiles the hot paths on
// background threads (on two vCPUs they compete with the model workers), so the first --warm
// decisions are not measured; their p99 is printed on its own line.
// Uses models/ built by `npm install` (or `npm run models`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import * as ort from 'onnxruntime-node';

import { models, synth } from '../dist/lib/index.js';
import { ROOT } from './support/data.mjs';
import { schedulingJitter } from './support/jitter.mjs';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '20000' },
    warm: { type: 'string', default: '3000' },
    models: { type: 'string', default: join(ROOT, 'models') },
    only: { type: 'string' },
  },
});
const iterations = Number(values.iterations);
const warm = Number(values.warm);
const manifest = JSON.parse(readFileSync(join(values.models, 'manifest.json'), 'utf8'));
const only = values.only === undefined ? manifest.models.length : Number(values.only);
const chosen = manifest.models.slice(0, only).map((m) => ({ name: m.name, path: join(values.models, m.file), weight: m.weight ?? 1 }));

// Real feature windows from the synthetic market, not constants, so caches see varied input.
const bars = synth.syntheticBars({ bars: 2_000, seed: 11 });
const windows = [];
const { native } = await import('../dist/lib/native.js');
const stream = new native.BarFeatureStream(manifest.seqLen);
for (let i = 0; i < bars.close.length; i++) {
  if (stream.push(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i])) {
    const w = new Float32Array(manifest.seqLen * manifest.nFeatures);
    stream.copyWindow(w);
    windows.push(w);
  }
}

const pct = (xs, p) => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const row = (name, xs) =>
  `${name.padEnd(34)} p50 ${pct(xs, 0.5).toFixed(3)} ms   p99 ${pct(xs, 0.99).toFixed(3)} ms   p99.9 ${pct(xs, 0.999).toFixed(3)} ms`;

/** Runs `decide` warm + iterations times; returns the measured wall times (ms) and the warm-up's. */
async function measure(decide) {
  const cold = new Float64Array(warm);
  for (let i = 0; i < warm; i++) {
    const t0 = process.hrtime.bigint();
    await decide(windows[i % windows.length], -1);
    cold[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const wall = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    await decide(windows[i % windows.length], i);
    wall[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return { wall, cold };
}

console.log(`ensemble bench: ${iterations} sequential decisions after ${warm} unmeasured, models ${chosen.map((m) => m.name).join(', ')}, window ${manifest.seqLen}x${manifest.nFeatures}, node ${process.version}`);
const results = {};
for (const [label, blockMicros] of [['blocking on the answers (default)', 2_000], ['event loop only (blockMicros 0)', 0]]) {
  const ensemble = await models.ModelEnsemble.fromManifest(values.models, { timeoutMs: 1_000, warmupRuns: 50, models: chosen, blockMicros });
  const perModel = Object.fromEntries(ensemble.modelNames.map((n) => [n, new Float64Array(iterations)]));
  let incomplete = 0;
  const { wall, cold } = await measure(async (w, i) => {
    const d = await ensemble.predict(w);
    if (i < 0) return;
    if (!d.complete) incomplete++;
    for (const m of d.perModel) if (m.latencyMs !== undefined) perModel[m.name][i] = m.latencyMs;
  });
  await ensemble.close();
  results[label] = wall;
  console.log(`\nModelEnsemble, ${label}; incomplete decisions: ${incomplete}`);
  console.log(row('decision (main thread wall)', wall));
  console.log(row(`  first ${warm} (warm-up, unmeasured)`, cold));
  for (const [name, xs] of Object.entries(perModel)) console.log(row(`  ${name} run() in its worker`, xs));
}

// The peer: the same sessions on the main thread, as onnxruntime-node's README shows them.
const sessions = await Promise.all(
  chosen.map((m) => ort.InferenceSession.create(m.path, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' })),
);
const dims = [1, manifest.seqLen, manifest.nFeatures];
const peer = await measure((w) => Promise.all(sessions.map((s) => s.run({ [manifest.inputName]: new ort.Tensor('float32', w, dims) }))));
await Promise.all(sessions.map((s) => s.release()));
console.log(`\npeer: onnxruntime-node, the ${sessions.length} sessions on the main thread (Promise.all of run())`);
console.log(row('decision (main thread wall)', peer.wall));
console.log(row(`  first ${warm} (warm-up, unmeasured)`, peer.cold));

const ours = results['blocking on the answers (default)'];
console.log(`\np99 ratio peer / ensemble: ${(pct(peer.wall, 0.99) / pct(ours, 0.99)).toFixed(2)}x; p50 ratio: ${(pct(peer.wall, 0.5) / pct(ours, 0.5)).toFixed(2)}x`);
console.log(schedulingJitter().text);
