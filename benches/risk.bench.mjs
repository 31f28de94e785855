// Rolling historical VaR (+ Acerbi-Tasche ES) update cost per element: smc-engine's
// RollingVar.pushMany (one native call per batch, exact sorted window in Rust) against a
// pure-JS recompute that copies and sorts the window at every step, in the same run.
// Both pre-fill the window untimed, then process the same M returns. The machine is shared:
// absolute times are noisy, the ratio (same run, same data) is the figure to compare.
// Run: node scripts/build.mjs && node benches/risk.bench.mjs
import { performance } from 'node:perf_hooks';

import { risk } from '../dist/lib/index.js';

const ALPHA = 0.01;

function returns(n, seed = 42) {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) * 0.01);
}

/** Pure JS: type-7 quantile and Acerbi-Tasche ES of a freshly sorted copy of the window. */
function jsRecompute(xs, window, start, out) {
  const buf = xs.slice(start - window, start); // the pre-filled window
  let head = 0;
  const sorted = new Float64Array(window);
  for (let t = start; t < xs.length; t++) {
    buf[head] = xs[t];
    head = (head + 1) % window;
    sorted.set(buf);
    sorted.sort();
    const h = (window - 1) * ALPHA;
    const lo = Math.floor(h);
    const q = sorted[lo] + (sorted[Math.min(lo + 1, window - 1)] - sorted[lo]) * (h - lo);
    const tail = window * ALPHA;
    const whole = Math.floor(tail);
    let sum = 0;
    for (let i = 0; i < whole; i++) sum += sorted[i];
    if (tail > whole) sum += (tail - whole) * sorted[whole];
    out[t - start] = -q + -sum / tail;
  }
}

function time(fn, repeats) {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

console.log(`rolling historical VaR+ES, alpha=${ALPHA}, per element (best of 5 native, 3 JS), same run`);
console.log('window   steps    smc-engine ns/el   pure-JS sort ns/el   ratio (JS/ours)');
for (const [window, steps] of [
  [250, 20_000],
  [1_000, 20_000],
  [10_000, 2_000],
]) {
  const xs = returns(window + steps);
  const sink = new Float64Array(steps);
  // Only the timed batch is on the clock: the pre-fill happens before t0.
  let oursBest = Infinity;
  for (let r = 0; r < 5; r++) {
    const rv = new risk.RollingVar({ window, alpha: ALPHA });
    rv.pushMany(xs.subarray(0, window));
    const t0 = performance.now();
    const out = rv.pushMany(xs.subarray(window));
    oursBest = Math.min(oursBest, performance.now() - t0);
    sink[0] = out.var[steps - 1];
  }
  const js = time(() => jsRecompute(xs, window, window, sink), 3);
  const oursNs = (oursBest * 1e6) / steps;
  const jsNs = (js * 1e6) / steps;
  console.log(
    `${String(window).padEnd(8)} ${String(steps).padEnd(8)} ${oursNs.toFixed(1).padStart(16)}   ${jsNs
      .toFixed(1)
      .padStart(18)}   ${(jsNs / oursNs).toFixed(1).padStart(14)}x`,
  );
}

// The breaker's read path: VarTable.var(key, alpha) from the JS-side snapshot.
const table = new risk.VarTable({ alphas: [0.01, 0.05], window: 500 });
const keys = Array.from({ length: 50 }, (_, k) => `K${k}`);
keys.forEach((key, k) => table.update(key, returns(600, k + 1)));
table.refresh();
const reads = 5_000_000;
let acc = 0;
for (let i = 0; i < 100_000; i++) acc += table.var(keys[i % 50], 0.01); // JIT warm-up
const t0 = performance.now();
for (let i = 0; i < reads; i++) acc += table.var(keys[i % 50], 0.01);
const readNs = ((performance.now() - t0) * 1e6) / reads;
console.log(`VarTable.var(key, alpha) read: ${readNs.toFixed(1)} ns (50 keys, 2 alphas; checksum ${acc.toFixed(3)})`);
