// Tick-to-order-decision latency of createEngine on embedded defaults (memory cache, PGlite
// journal write-behind, JSONL sink, Prometheus metrics), with the 3-model ONNX ensemble asked on
// every bar. The engine's own per-stage recorder (process.hrtime.bigint) gives the figures:
// `total` is the cycle from the event's arrival to the order handed to the venue and accounted.
//   node benches/engine.bench.mjs [--bars 24000] [--warm 4000] [--models dir] [--store pglite|none]
// The first --warm cycles of each scenario are not measured: V8 is still compiling the hot paths
// then, on background threads that compete with the model workers on a small machine (their p99
// is printed on its own line, as is the p99 of every 4,000 measured cycles, to show the trend).
// The inference scenario runs twice: with the ensemble blocking the main thread on its answers
// (the default) and waiting on the event loop only (`blockMicros: 0`).
// Needs a release addon (`node scripts/build.mjs --native`) and models/ (`npm run models`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { engine, models, synth } from '../dist/lib/index.js';
import { ROOT } from './support/data.mjs';
import { schedulingJitter } from './support/jitter.mjs';

const { values } = parseArgs({
  options: {
    bars: { type: 'string', default: '24000' },
    warm: { type: 'string', default: '4000' },
    models: { type: 'string', default: join(ROOT, 'models') },
    store: { type: 'string', default: 'pglite' },
  },
});
const n = Number(values.bars);
const warmCycles = Number(values.warm);
const tmp = mkdtempSync(join(tmpdir(), 'smc-engine-bench-'));
const config = { sink: { jsonlPath: join(tmp, 'out.jsonl') }, store: { spillDir: tmp } };

/** Follows the ensemble: long on buy, short on sell, flat on hold. */
const follow = {
  name: 'follow',
  requires: { ensemble: true },
  onBar(ctx) {
    const d = ctx.decision;
    if (!d) return;
    const want = d.action === 'buy' ? 1 : d.action === 'sell' ? -1 : 0;
    const q = ctx.positionQuantity;
    if (want === q) return;
    return [{ side: want > q ? 'buy' : 'sell', quantity: Math.abs(want - q) }];
  },
};

function barEvent(symbol, b, i) {
  return { type: 'bar', venue: 'bench', symbol, exchangeTime: null, receiveTime: b.time[i] + 60_000, timeframe: '1m', openTime: b.time[i], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i] };
}

const pctOf = (xs, p) => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

async function scenario(label, bars, warm, ensembleOptions = {}) {
  const ensemble = await models.ModelEnsemble.fromManifest(values.models, { timeoutMs: 1_000, warmupRuns: 50, ...ensembleOptions });
  const e = await engine.createEngine({ strategy: follow, ensemble, config, symbols: ['BTC'], latency: { capacity: n }, ...(values.store === 'none' ? { store: null } : {}) });
  await e.start();
  const events = Array.from({ length: bars.close.length }, (_, i) => barEvent('BTC', bars, i));
  const cold = [];
  for (let i = 0; i < warm; i++) {
    const s = process.hrtime.bigint();
    await e.processValidated(events[i]);
    cold.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  // Measure only the cycles after warm-up: a fresh recorder view from here on.
  const before = e.stats();
  const t0 = performance.now();
  const recorder = [];
  for (let i = warm; i < events.length; i++) {
    const s = process.hrtime.bigint();
    await e.processValidated(events[i]);
    recorder.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const wall = performance.now() - t0;
  const after = e.stats();
  const breakdown = e.latency();
  await e.stop();
  const xs = Float64Array.from(recorder).sort();
  const q = (p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  console.log(`\n${label}: ${xs.length} cycles in ${wall.toFixed(0)} ms; ensemble calls ${after.ensembleCalls - before.ensembleCalls}, cache hits ${after.ensembleCacheHits - before.ensembleCacheHits}, orders ${after.orders - before.orders}`);
  console.log(`  tick -> order decision (await processValidated): p50 ${(q(0.5) * 1000).toFixed(1)} us  p99 ${(q(0.99) * 1000).toFixed(1)} us  p99.9 ${(q(0.999) * 1000).toFixed(1)} us`);
  const windows = [];
  for (let k = 0; k + 4_000 <= recorder.length; k += 4_000) windows.push((pctOf(recorder.slice(k, k + 4_000), 0.99) * 1000).toFixed(0));
  console.log(`  p99 of each 4,000 measured cycles, us: ${windows.join(' ')}`);
  console.log(`  the ${warm} warm-up cycles (not measured above): p50 ${(pctOf(cold, 0.5) * 1000).toFixed(1)} us  p99 ${(pctOf(cold, 0.99) * 1000).toFixed(1)} us`);
  console.log('  per stage (engine recorder, all cycles incl. warm-up), us:');
  for (const [stage, s] of Object.entries(breakdown)) {
    console.log(`    ${stage.padEnd(11)} n ${String(s.count).padStart(6)}  p50 ${(s.p50 * 1000).toFixed(1).padStart(8)}  p95 ${(s.p95 * 1000).toFixed(1).padStart(8)}  p99 ${(s.p99 * 1000).toFixed(1).padStart(8)}`);
  }
  return { p50: q(0.5), p99: q(0.99) };
}

console.log(`engine bench: node ${process.version}, ${n} bars, embedded defaults (MemoryCache, ${values.store === 'none' ? 'no journal' : 'PGlite write-behind'}, JSONL sink, metrics)`);
const varied = synth.syntheticBars({ bars: n, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 5 });
const miss = await scenario('3-model ensemble on every bar (distinct windows: cache misses)', varied, warmCycles);
const missEvent = await scenario('same, ensemble waiting on the event loop only (blockMicros 0)', varied, warmCycles, { blockMicros: 0 });
// A flat market: once the window is full of identical bars every window repeats -> cache hits.
const flat = { ...varied, open: varied.open.map(() => 100), high: varied.high.map(() => 100), low: varied.low.map(() => 100), close: varied.close.map(() => 100), volume: varied.volume.map(() => 5) };
const hit = await scenario('3-model ensemble, repeated window (cache hits)', flat, warmCycles);
console.log(`\n${schedulingJitter().text}`);
console.log(`blocking on the answers vs the event loop only, p99: ${(missEvent.p99 / miss.p99).toFixed(2)}x lower`);
console.log(`targets: p99 < 1 ms with inference: ${miss.p99 < 1 ? 'MET' : 'NOT MET'} (${(miss.p99 * 1000).toFixed(0)} us); cache hit p99 < 200 us: ${hit.p99 < 0.2 ? 'MET' : 'NOT MET'} (${(hit.p99 * 1000).toFixed(0)} us)`);
