// RollingQuantile.pushMany against pure-JS peers, same process, same data, same run.
// Task: the type-7 5% quantile of the last 10,000 returns after each of 1,000,000 pushes.
//   node benches/rolling-quantile.bench.mjs [--n 1000000] [--window 10000] [--full]
// Peers too slow to run 1M pushes in a few seconds are timed on a sample of pushes taken after
// the window is full and extrapolated (per-push cost x n); --full runs them on all n instead.
// Every peer's outputs on the measured pushes are checked equal to ours.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import { quantile as ssQuantile } from 'simple-statistics';

import { risk } from '../dist/lib/index.js';
import { fmtMs, minuteReturns } from './support/data.mjs';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    window: { type: 'string', default: '10000' },
    full: { type: 'boolean', default: false },
  },
});
const N = Number(args.n);
const WINDOW = Number(args.window);
const P = 0.05;

/** numpy/R type 7 on a sorted array: what every peer computes after sorting its own way. */
function type7(sorted, p) {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Peer 1: copy the window and re-sort it after every push (the obvious implementation). */
function resortPeer(xs, from, to, out) {
  const buf = new Float64Array(WINDOW);
  for (let i = from; i < to; i++) {
    const start = Math.max(0, i + 1 - WINDOW);
    const w = buf.subarray(0, i + 1 - start);
    w.set(xs.subarray(start, i + 1));
    w.sort();
    out[i - from] = type7(w, P);
  }
}

/** Peer 2: simple-statistics' quantile (quickselect on a copy) on the window after every push. */
function simpleStatisticsPeer(xs, from, to, out) {
  for (let i = from; i < to; i++) {
    const start = Math.max(0, i + 1 - WINDOW);
    out[i - from] = ssQuantile(xs.subarray(start, i + 1), P);
  }
}

/** Peer 3: our algorithm's simple form in JS: one sorted array, binary search + copyWithin. */
function sortedArrayPeer(xs, from, to, out) {
  const sorted = new Float64Array(WINDOW);
  let len = 0;
  const lowerBound = (x) => {
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Prime the window with the values before `from` so the peer's state matches ours.
  for (let i = Math.max(0, from - WINDOW); i < to; i++) {
    if (i >= WINDOW) {
      const at = lowerBound(xs[i - WINDOW]);
      sorted.copyWithin(at, at + 1, len);
      len--;
    }
    const at = lowerBound(xs[i]);
    sorted.copyWithin(at + 1, at, len);
    sorted[at] = xs[i];
    len++;
    if (i >= from) out[i - from] = type7(sorted.subarray(0, len), P);
  }
}

function timePeer(name, fn, xs, ours, samplePushes) {
  const from = Math.min(WINDOW, N - 1);
  const to = args.full ? N : Math.min(N, from + samplePushes);
  const out = new Float64Array(to - from);
  const t0 = performance.now();
  fn(xs, from, to, out);
  const ms = performance.now() - t0;
  let mismatches = 0;
  for (let i = from; i < to; i++) if (Math.abs(out[i - from] - ours[i]) > 1e-15) mismatches++;
  const perPushUs = (ms * 1000) / (to - from);
  const extrapolatedMs = (perPushUs * N) / 1000;
  return { name, pushes: to - from, ms, perPushUs, extrapolatedMs, mismatches, measuredAll: to - from === N - from };
}

const { returns, source } = minuteReturns(N);
console.log(`rolling quantile bench: window ${WINDOW}, p ${P}, ${N} pushes`);
console.log(`data: ${source}`);
console.log(`node ${process.version}, ${process.platform}-${process.arch}`);

// Warm up our path (JIT of the wrapper, page faults of the buffers), then take the best of 3.
new risk.RollingQuantile({ window: WINDOW, p: P }).pushMany(returns.subarray(0, 50_000));
let oursMs = Infinity;
let ours;
for (let rep = 0; rep < 3; rep++) {
  const rq = new risk.RollingQuantile({ window: WINDOW, p: P });
  const t0 = performance.now();
  ours = rq.pushMany(returns);
  oursMs = Math.min(oursMs, performance.now() - t0);
}
console.log(`\nsmc-engine RollingQuantile.pushMany: ${fmtMs(oursMs)} for ${N} pushes (${((oursMs * 1e6) / N).toFixed(0)} ns/push)`);

const peers = [
  timePeer('JS re-sort of the window per push', resortPeer, returns, ours, 3_000),
  timePeer('simple-statistics quantile per push', simpleStatisticsPeer, returns, ours, 20_000),
  timePeer('JS sorted array (binary search + copyWithin)', sortedArrayPeer, returns, ours, N),
];

console.log('\npeer                                          pushes timed   per push    time for all n   ours faster by');
for (const p of peers) {
  const total = p.measuredAll ? fmtMs(p.ms) : `${fmtMs(p.extrapolatedMs)} (extrapolated)`;
  console.log(
    `${p.name.padEnd(46)}${String(p.pushes).padStart(12)}   ${p.perPushUs.toFixed(2).padStart(8)} us   ${total.padStart(26)}   ${(p.extrapolatedMs / oursMs).toFixed(1).padStart(8)}x${p.mismatches ? `   (${p.mismatches} outputs differ!)` : ''}`,
  );
}
const named = peers.slice(0, 2);
const fastestNamed = named.reduce((a, b) => (a.extrapolatedMs < b.extrapolatedMs ? a : b));
const ratio = fastestNamed.extrapolatedMs / oursMs;
console.log(
  `\ntarget (issue #2): >= 100x faster than the fastest JS peer named in the issue (${fastestNamed.name}): ${ratio.toFixed(1)}x -> ${ratio >= 100 ? 'MET' : 'NOT MET'}`,
);
console.log(`for reference, against the same algorithm written in JS: ${(peers[2].extrapolatedMs / oursMs).toFixed(1)}x`);
