// ATR(14), RSI(14) and StochRSI(14, 14, 3) on 1,000,000 bars: smc-engine (one batch call each)
// against technicalindicators and trading-signals, all in this process and run.
// Run after a release build: node scripts/build.mjs && node benches/indicators.bench.mjs
// Target (issue 3): at least 20x faster than the fastest peer for each indicator.
//
// Bars are a deterministic random walk with intrabar ranges (seeded LCG), so runs are
// comparable. Inputs are prepared in each library's own preferred shape before timing (typed
// columns for us, number[] for technicalindicators, candle objects for trading-signals).
import { ATR as TiAtr, RSI as TiRsi, StochasticRSI as TiStochRsi } from 'technicalindicators';
import { ATR as TsAtr, RSI as TsRsi, StochasticRSI as TsStochRsi } from 'trading-signals';

import { indicators } from '../dist/lib/index.js';

const BARS = Number(process.env.BENCH_BARS ?? 1_000_000);
const PERIOD = 14;

function bars(n, seed = 20261121) {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const open = price;
    price *= 1 + (rand() - 0.5) * 0.004;
    high[i] = Math.max(open, price) * (1 + rand() * 0.001);
    low[i] = Math.min(open, price) * (1 - rand() * 0.001);
    close[i] = price;
  }
  return { high, low, close };
}

/**
 * Times every library on the same case in turn, `reps` rounds after one warm-up round, and keeps
 * each library's fastest round: the machine may be shared, and interleaving plus the minimum
 * keeps background load from favouring one side.
 */
function race(fns, reps) {
  const results = {};
  const best = {};
  for (const [name, fn] of Object.entries(fns)) {
    results[name] = fn();
    best[name] = Infinity;
  }
  for (let r = 0; r < reps; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t0 = performance.now();
      results[name] = fn();
      best[name] = Math.min(best[name], performance.now() - t0);
    }
  }
  return Object.fromEntries(Object.keys(fns).map((name) => [name, { ms: best[name], result: results[name] }]));
}

function tradingSignalsSeries(make, inputs) {
  const ind = make();
  const out = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) out[i] = ind.add(inputs[i]);
  return out;
}

const { high, low, close } = bars(BARS);
const highA = Array.from(high);
const lowA = Array.from(low);
const closeA = Array.from(close);
const candles = closeA.map((c, i) => ({ high: highA[i], low: lowA[i], close: c }));

const cases = [
  {
    name: `ATR(${PERIOD})`,
    ours: () => indicators.atr(high, low, close, PERIOD),
    peers: {
      technicalindicators: () => TiAtr.calculate({ high: highA, low: lowA, close: closeA, period: PERIOD }),
      'trading-signals': () => tradingSignalsSeries(() => new TsAtr(PERIOD), candles),
    },
    last: (r) => (Array.isArray(r) ? r.at(-1) : r.at(-1)),
  },
  {
    name: `RSI(${PERIOD})`,
    ours: () => indicators.rsi(close, PERIOD),
    peers: {
      technicalindicators: () => TiRsi.calculate({ values: closeA, period: PERIOD }),
      'trading-signals': () => tradingSignalsSeries(() => new TsRsi(PERIOD), closeA),
    },
    last: (r) => r.at(-1),
  },
  {
    name: `StochRSI(${PERIOD},${PERIOD},3)`,
    ours: () => indicators.stochRsi(close, { period: PERIOD, fastK: PERIOD, fastD: 3 }),
    peers: {
      technicalindicators: () =>
        TiStochRsi.calculate({ values: closeA, rsiPeriod: PERIOD, stochasticPeriod: PERIOD, kPeriod: 3, dPeriod: 3 }),
      'trading-signals': () => tradingSignalsSeries(() => new TsStochRsi(PERIOD), closeA),
    },
    last: (r) => (r.fastK ? r.fastK.at(-1) : r.at(-1)?.stochRSI ?? r.at(-1) * 100),
  },
];

console.log(
  `indicators bench: ${BARS.toLocaleString('en-US')} bars, node ${process.version}, same run; ` +
    'best of interleaved rounds per library',
);
let allMet = true;
for (const c of cases) {
  const timed = race({ 'smc-engine': c.ours, ...c.peers }, Number(process.env.BENCH_REPS ?? 3));
  const ours = timed['smc-engine'];
  const peerTimes = Object.keys(c.peers).map((name) => ({ name, ...timed[name] }));
  const fastest = peerTimes.reduce((a, b) => (b.ms < a.ms ? b : a));
  const ratio = fastest.ms / ours.ms;
  allMet &&= ratio >= 20;
  console.log(`\n${c.name}`);
  console.log(`  smc-engine            ${ours.ms.toFixed(2).padStart(9)} ms   last ${c.last(ours.result).toFixed(6)}`);
  for (const p of peerTimes) {
    console.log(
      `  ${p.name.padEnd(21)} ${p.ms.toFixed(2).padStart(9)} ms   last ${Number(c.last(p.result)).toFixed(6)}` +
        `   (${(p.ms / ours.ms).toFixed(1)}x slower)`,
    );
  }
  console.log(`  ratio vs fastest peer (${fastest.name}): ${ratio.toFixed(1)}x ${ratio >= 20 ? '(>= 20x: met)' : '(< 20x: NOT met)'}`);
}
console.log(`\n20x target ${allMet ? 'met for every indicator' : 'NOT met for every indicator'}`);
