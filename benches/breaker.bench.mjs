#!/usr/bin/env node
// Latency of one circuit-breaker evaluation with every check enabled (kill switch, drawdown,
// daily loss, VaR, position and notional per instrument and in total, order quantity and
// notional, price band, rate limit), over a real Rust-backed portfolio.
// Target (issue 5): p99 < 20 us per evaluation. Run after a release build:
//   node scripts/build.mjs && node benches/breaker.bench.mjs
import { breaker, portfolio } from '../dist/lib/index.js';

const WARMUP = 20_000;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200_000);
const INSTRUMENTS = 20;

function setup() {
  const names = Array.from({ length: INSTRUMENTS }, (_, i) => `SYM${i}`);
  const book = new portfolio.Portfolio({ initialCash: 10_000_000, instruments: names, recordEquityCurve: false });
  const mids = new Map();
  names.forEach((name, i) => {
    const price = 50 + i;
    mids.set(name, price);
    book.applyFill({ instrument: name, side: i % 2 ? 'sell' : 'buy', quantity: 100, price, exchangeTime: i });
  });
  book.mark(Object.fromEntries(mids), Date.now());
  // What a precomputed VaR table offers: an O(1) read.
  const varTable = new Map([['book@0.01', 0.021]]);
  const b = new breaker.CircuitBreaker({
    limits: {
      maxDrawdown: 0.2,
      dailyLossLimit: 500_000,
      maxPosition: 10_000,
      maxInstrumentNotional: 1_000_000,
      maxTotalNotional: 50_000_000,
      maxOrderQuantity: 1_000,
      maxOrderNotional: 100_000,
      priceBand: 0.05,
      maxOrdersPerSecond: 1e12, // evaluated every time, never the binding constraint here
      instruments: { SYM3: { maxPosition: 500 } },
    },
    var: { source: { var: (key, alpha) => varTable.get(`${key}@${alpha}`) ?? NaN }, key: 'book', alpha: 0.01, maxLoss: 1_000_000 },
    portfolio: book,
    mids: { mid: (instrument) => mids.get(instrument) ?? NaN },
  });
  return { b, names, mids };
}

function measure(label, b, orders) {
  const n = orders.length;
  for (let i = 0; i < WARMUP; i++) b.evaluate(orders[i % n]);
  const samples = new Float64Array(ITERATIONS);
  let approved = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const order = orders[i % n];
    const t0 = process.hrtime.bigint();
    const decision = b.evaluate(order);
    const t1 = process.hrtime.bigint();
    samples[i] = Number(t1 - t0) / 1000;
    if (decision.approved) approved++;
  }
  samples.sort();
  const q = (p) => samples[Math.min(ITERATIONS - 1, Math.floor(p * ITERATIONS))];
  const mean = samples.reduce((a, x) => a + x, 0) / ITERATIONS;
  console.log(
    `${label.padEnd(44)} p50 ${q(0.5).toFixed(2).padStart(6)} us  p99 ${q(0.99).toFixed(2).padStart(6)} us  ` +
      `p999 ${q(0.999).toFixed(2).padStart(7)} us  max ${samples[ITERATIONS - 1].toFixed(0)} us  mean ${mean.toFixed(2)} us  approved ${((100 * approved) / ITERATIONS).toFixed(0)}%`,
  );
  return q(0.99);
}

const { b, names, mids } = setup();
// Limit and market orders over all instruments, both sides: every check runs and passes.
const passing = names.flatMap((name, i) => [
  { instrument: name, side: 'buy', quantity: 10, price: mids.get(name) * 1.001, strategy: 'bench' },
  { instrument: name, side: 'sell', quantity: 5 + (i % 3), strategy: 'bench' },
]);
// Fat-finger orders that fail several checks at once (band, size, notional): the refusal path.
const failing = names.map((name) => ({ instrument: name, side: 'buy', quantity: 5_000, price: mids.get(name) * 1.5 }));

console.log(`breaker: ${ITERATIONS} evaluations after ${WARMUP} warm-up, ${INSTRUMENTS} instruments, Node ${process.version}`);
const p99 = measure('all checks, approved (no listener)', b, passing);
measure('all checks, refused with 4 reasons', b, failing);
const audit = [];
b.on((event) => {
  if (audit.length < 1024) audit.push(event.type);
});
measure('all checks, approved, one event listener', b, passing);
console.log(`target p99 < 20 us: ${p99 < 20 ? 'met' : 'NOT met'} (${p99.toFixed(2)} us)`);
