#!/usr/bin/env node
// Portfolio accounting throughput: fills per second through the typed-array batch (one native
// call) against one applyFill call per fill, and the cost of a mark over all instruments.
//   node scripts/build.mjs && node benches/portfolio.bench.mjs
import { portfolio } from '../dist/lib/index.js';

const FILLS = Number(process.env.BENCH_FILLS ?? 1_000_000);
const INSTRUMENTS = 50;
const STRATEGIES = 4;

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function book() {
  return new portfolio.Portfolio({
    initialCash: 1e9,
    instruments: Array.from({ length: INSTRUMENTS }, (_, i) => `SYM${i}`),
    strategies: Array.from({ length: STRATEGIES }, (_, i) => `S${i}`),
    recordEquityCurve: false,
  });
}

const rand = lcg(7);
const batch = {
  instrument: new Uint32Array(FILLS),
  strategy: new Uint32Array(FILLS),
  quantity: new Float64Array(FILLS),
  price: new Float64Array(FILLS),
  fee: new Float64Array(FILLS),
  exchangeTime: new Float64Array(FILLS),
  decisionPrice: new Float64Array(FILLS),
};
for (let i = 0; i < FILLS; i++) {
  batch.instrument[i] = Math.floor(rand() * INSTRUMENTS);
  batch.strategy[i] = Math.floor(rand() * STRATEGIES);
  batch.quantity[i] = (rand() < 0.5 ? -1 : 1) * (1 + Math.floor(rand() * 10));
  batch.price[i] = 100 + 10 * rand();
  batch.fee[i] = 0.01;
  batch.exchangeTime[i] = i;
  batch.decisionPrice[i] = batch.price[i] - 0.01;
}

const batched = book();
let t0 = process.hrtime.bigint();
batched.applyFills(batch);
const batchNs = Number(process.hrtime.bigint() - t0);

const single = book();
const names = single.instruments;
const strategies = single.strategies.slice(1);
const n = Math.min(FILLS, 200_000);
const perCall = new Float64Array(n);
t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) {
  const q = batch.quantity[i];
  const c0 = process.hrtime.bigint();
  single.applyFill({
    instrument: names[batch.instrument[i]],
    strategy: strategies[batch.strategy[i]],
    side: q > 0 ? 'buy' : 'sell',
    quantity: Math.abs(q),
    price: batch.price[i],
    fee: batch.fee[i],
    exchangeTime: batch.exchangeTime[i],
    decisionPrice: batch.decisionPrice[i],
  });
  perCall[i] = Number(process.hrtime.bigint() - c0);
}
const singleNs = Number(process.hrtime.bigint() - t0);
perCall.sort();

const ids = Uint32Array.from({ length: INSTRUMENTS }, (_, i) => i);
const marks = Float64Array.from({ length: INSTRUMENTS }, () => 100 + 10 * rand());
const MARKS = 100_000;
t0 = process.hrtime.bigint();
for (let i = 0; i < MARKS; i++) batched.markIds(ids, marks, i);
const markNs = Number(process.hrtime.bigint() - t0);

const perBatch = batchNs / FILLS;
const perSingle = singleNs / n;
console.log(`portfolio: ${INSTRUMENTS} instruments, ${STRATEGIES} strategies, Node ${process.version}`);
console.log(`applyFills (typed arrays, ${FILLS} fills, one call): ${perBatch.toFixed(0)} ns/fill, ${(1e9 / perBatch / 1e6).toFixed(2)} M fills/s`);
console.log(`applyFill  (one call per fill, ${n} fills):        ${perSingle.toFixed(0)} ns/fill, ${(1e9 / perSingle / 1e6).toFixed(2)} M fills/s`);
console.log(
  `applyFill per call: p50 ${(perCall[Math.floor(n / 2)] / 1000).toFixed(2)} us, p99 ${(perCall[Math.floor(n * 0.99)] / 1000).toFixed(2)} us ` +
    '(the mean above includes preemption on a shared machine)',
);
console.log(`batch speed-up: ${(perSingle / perBatch).toFixed(1)}x`);
console.log(`markIds over ${INSTRUMENTS} instruments: ${(markNs / MARKS / 1000).toFixed(2)} us per mark`);
console.log(`equity after the batch: ${batched.equity().toFixed(2)} (net PnL ${(batched.equity() - 1e9).toFixed(2)})`);
