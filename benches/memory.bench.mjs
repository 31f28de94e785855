// Memory over time (issue 6 speed targets: 50 symbols streaming for 10 minutes stay under
// 300 MB RSS with no upward trend). createEngine on embedded defaults (memory cache, in-memory
// PGlite journal with write-behind, JSONL sink, Prometheus metrics) with the 3-model ensemble
// asked on every bar; 50 symbols stream synthetic bars and quotes at a steady rate. RSS is sampled
// every 10 s; the report gives the maximum and the least-squares slope (MB/min), over the whole
// run and over its second half (after warm-up: JIT, pools, cache filling).
//   node benches/memory.bench.mjs [--minutes 10] [--symbols 50] [--rate 500] [--models dir] [--store pglite|none]
// The embedded PGlite journal runs in a child process of its own (the default isolation): its
// RSS (its WebAssembly Postgres alone holds roughly 300-650 MB) is sampled and reported beside
// the engine's, and the total is printed too. --store none turns the journal off.
// --rate is events per second over all symbols (a bar per symbol per simulated minute, quotes
// in between). Without --models, the example models are built into a temporary directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { parseArgs } from 'node:util';

import { config as cfg, engine, io, models, synth } from '../dist/lib/index.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    symbols: { type: 'string', default: '50' },
    rate: { type: 'string', default: '500' },
    models: { type: 'string' },
    'sample-seconds': { type: 'string', default: '10' },
    store: { type: 'string', default: 'pglite' },
  },
});
const minutes = Number(values.minutes);
const nSymbols = Number(values.symbols);
const rate = Number(values.rate);
const sampleMs = Number(values['sample-seconds']) * 1000;
const QUOTES_PER_BAR = 4;
const BARS_PER_SYMBOL = 4_000; // cycled with advancing times, so the input itself stays bounded

const tmp = mkdtempSync(join(tmpdir(), 'smc-memory-bench-'));
let modelDir = values.models;
if (!modelDir) {
  // In a child process: training allocates hundreds of MB that would otherwise sit in this
  // process's RSS and say nothing about the engine.
  modelDir = join(tmp, 'models');
  const lib = new URL('../dist/lib/index.js', import.meta.url).href;
  const script = `const { models, synth } = await import(${JSON.stringify(lib)}); await models.buildExampleModels({ outDir: ${JSON.stringify(modelDir)}, bars: synth.syntheticBars({ bars: 3000, seed: 3 }) });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
}

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

const symbols = Array.from({ length: nSymbols }, (_, i) => `SYM${String(i).padStart(2, '0')}`);
const series = symbols.map((_, i) => synth.syntheticBars({ bars: BARS_PER_SYMBOL, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 100 + i }));
const ensemble = await models.ModelEnsemble.fromManifest(modelDir, { timeoutMs: 1_000 });
const config = { sink: { jsonlPath: join(tmp, 'out.jsonl') }, store: { spillDir: tmp } };
// The store is created here (as createEngine would) so its journal's queue can be reported.
const store = values.store === 'none' ? null : await io.createStore(cfg.parseConfig(config));
const e = await engine.createEngine({ strategy: follow, ensemble, symbols, clock: new engine.HistoricalClock(), store, config });
await e.start();

// Each symbol's stream: bar k of the cycle, then quotes around its close, repeating.
const step = new Array(nSymbols).fill(0);
function nextEvent(s) {
  const n = step[s]++;
  const k = Math.floor(n / (QUOTES_PER_BAR + 1));
  const b = series[s];
  const i = k % BARS_PER_SYMBOL;
  const openTime = b.time[0] + k * 60_000;
  const symbol = symbols[s];
  if (n % (QUOTES_PER_BAR + 1) === 0) {
    return { type: 'bar', venue: 'bench', symbol, exchangeTime: null, receiveTime: openTime + 60_000, timeframe: '1m', openTime, open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i] };
  }
  const c = b.close[i];
  const t = openTime + 60_000 + (n % (QUOTES_PER_BAR + 1)) * 1_000;
  return { type: 'quote', venue: 'bench', symbol, exchangeTime: t, receiveTime: t, bidPrice: c * 0.9999, bidQty: 1, askPrice: c * 1.0001, askQty: 1, updateId: n };
}

/** RSS (MB) of this process's children running `pglite-child` (Linux /proc), or NaN. */
function journalRss() {
  let total = NaN;
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid !== process.pid || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('pglite-child')) continue;
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
        total = (Number.isNaN(total) ? 0 : total) + kb / 1024;
      } catch {
        // the process ended between the listing and the read
      }
    }
  } catch {
    // no /proc: not Linux
  }
  return total;
}

const samples = []; // [minutes since start, engine RSS MB]
const journalSamples = []; // [minutes since start, journal process RSS MB]
const t0 = performance.now();
const sample = () => {
  const m = (performance.now() - t0) / 60_000;
  samples.push([m, process.memoryUsage().rss / 2 ** 20]);
  const j = journalRss();
  if (!Number.isNaN(j)) journalSamples.push([m, j]);
};
sample();
// Diagnostics: with --expose-gc a full collection runs before each sample (live heap only), and
// SMC_HEAP_SNAPSHOTS=1 writes a heap snapshot at each sample (compare them in DevTools).
const { writeHeapSnapshot } = await import('node:v8');
const sampler = setInterval(() => {
  globalThis.gc?.();
  if (process.env.SMC_HEAP_SNAPSHOTS === '1') writeHeapSnapshot(join(tmp, `heap-${samples.length}.heapsnapshot`));
  sample();
  const [m, mb] = samples.at(-1);
  const s = e.stats();
  const j = journalSamples.at(-1)?.[1];
  const mem = process.memoryUsage();
  const q = store ? ` (queued ${store.journal.stats().queued}, written ${store.journal.stats().written ?? '?'})` : '';
  console.log(`  ${m.toFixed(1).padStart(5)} min  rss ${mb.toFixed(1).padStart(6)} MB (heap ${(mem.heapUsed / 2 ** 20).toFixed(0)}, external ${(mem.external / 2 ** 20).toFixed(0)})  journal process ${j === undefined ? 'n/a' : `${j.toFixed(1)} MB`}${q}  events ${s.events}  orders ${s.orders}  ensemble ${s.ensembleCalls} (hits ${s.ensembleCacheHits})`);
}, sampleMs);

if (process.env.SMC_HEAP_SNAPSHOTS === '1') console.log(`heap snapshots in ${tmp}`);
console.log(`memory bench: node ${process.version}, ${nSymbols} symbols, ${rate} events/s, ${minutes} min, embedded defaults + 3-model ensemble, journal ${values.store === 'none' ? 'off' : 'PGlite'}, RSS every ${sampleMs / 1000} s`);
const endAt = t0 + minutes * 60_000;
const TICK_MS = 100;
let s = 0;
let behind = 0;
while (performance.now() < endAt) {
  const tickStart = performance.now();
  const due = Math.round((rate * TICK_MS) / 1000);
  for (let j = 0; j < due; j++) {
    await e.process(nextEvent(s));
    s = (s + 1) % nSymbols;
  }
  const spent = performance.now() - tickStart;
  if (spent > TICK_MS) behind++;
  else await new Promise((r) => setTimeout(r, TICK_MS - spent));
}
clearInterval(sampler);
sample();
const stats = e.stats();
await e.stop();

/** Least-squares slope of RSS (MB) over time (min). */
function slope(points) {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxy / sxx;
}

const maxRss = Math.max(...samples.map((p) => p[1]));
const half = samples.filter((p) => p[0] >= minutes / 2);
const all = slope(samples);
const late = slope(half);
console.log(`\n${samples.length} samples; events ${stats.events}, orders ${stats.orders}, ensemble calls ${stats.ensembleCalls}; ticks that fell behind the rate: ${behind}`);
console.log(`max RSS ${maxRss.toFixed(1)} MB; slope whole run ${all.toFixed(2)} MB/min; second half ${late.toFixed(2)} MB/min`);
if (journalSamples.length > 0) {
  const jMax = Math.max(...journalSamples.map((p) => p[1]));
  const jHalf = journalSamples.filter((p) => p[0] >= minutes / 2);
  const totalMax = Math.max(...samples.map((p, i) => p[1] + (journalSamples[i]?.[1] ?? 0)));
  console.log(`journal process (PGlite): max RSS ${jMax.toFixed(1)} MB; slope whole run ${slope(journalSamples).toFixed(2)} MB/min; second half ${slope(jHalf).toFixed(2)} MB/min; engine + journal max ${totalMax.toFixed(1)} MB`);
}
console.log(`target (engine process): max RSS < 300 MB: ${maxRss < 300 ? 'MET' : 'NOT MET'}; no upward trend (second-half slope <= 0.5 MB/min, within sampling noise): ${late <= 0.5 ? 'MET' : 'NOT MET'}`);
