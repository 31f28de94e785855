#!/usr/bin/env node
// Order-book delta application through the SDK's batch API, on the real Binance captures replayed
// in a loop. Each replay: a fresh book, the snapshot, then ALL diffs after it in ONE applyDeltas
// call (sequence checks included). Target: >= 2 million level deltas per second.
// Also prints the per-event streaming API (applyDiff) for comparison.
// Run: node scripts/build.mjs && node benches/book.bench.mjs   (SMC_SHARED_DATA=... to locate the data)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { book } from '../dist/lib/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = process.env.SMC_SHARED_DATA ?? join(root, '..', 'shared', 'data');
const TARGET = 2e6;

async function load(file) {
  const events = [];
  for await (const ev of book.readBinanceCapture(join(data, 'binance-btcusdt-l2', file))) {
    if (ev.type === 'depth' || ev.type === 'snapshot') events.push(ev);
  }
  const s = events.findIndex((e) => e.type === 'snapshot');
  return { snapshot: events[s], before: events.slice(0, s), after: events.slice(s + 1) };
}

function time(fn, minSeconds = 2) {
  fn(); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let reps = 0;
  do {
    fn();
    reps++;
  } while (performance.now() - t0 < minSeconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  return { reps, wall, cpu: (c.user + c.system) / 1e6 };
}

const cases = [
  ['spot_btcusdt_20240808.gz', '0.01', 'spot'],
  ['usdm_btcusdt_20240808.gz', '0.10', 'futures'],
];
let worst = Infinity;
for (const [file, tickSize, market] of cases) {
  if (!existsSync(join(data, 'binance-btcusdt-l2', file))) {
    console.log(`[book] ${file}: skipped (${data} has no binance-btcusdt-l2/${file})`);
    continue;
  }
  const { snapshot, before, after } = await load(file);
  const batch = book.depthColumns(before.concat(after));
  const preEvents = before.length;
  const preRows = batch.eventEnd[preEvents - 1] ?? 0;
  const split = (a, from, to) => a.subarray(from, to);
  const pre = {
    side: split(batch.side, 0, preRows), price: split(batch.price, 0, preRows), qty: split(batch.qty, 0, preRows),
    eventEnd: batch.eventEnd.subarray(0, preEvents),
    firstUpdateId: batch.firstUpdateId.subarray(0, preEvents), lastUpdateId: batch.lastUpdateId.subarray(0, preEvents),
    ...(batch.prevLastUpdateId ? { prevLastUpdateId: batch.prevLastUpdateId.subarray(0, preEvents) } : {}),
  };
  const rows = batch.side.length - preRows;
  const post = {
    side: batch.side.subarray(preRows), price: batch.price.subarray(preRows), qty: batch.qty.subarray(preRows),
    eventEnd: Uint32Array.from(batch.eventEnd.subarray(preEvents), (e) => e - preRows),
    firstUpdateId: batch.firstUpdateId.subarray(preEvents), lastUpdateId: batch.lastUpdateId.subarray(preEvents),
    ...(batch.prevLastUpdateId ? { prevLastUpdateId: batch.prevLastUpdateId.subarray(preEvents) } : {}),
  };
  const replayBatch = () => {
    const ob = new book.OrderBook({ tickSize, market });
    ob.applyDeltas(pre);
    ob.applySnapshot(snapshot);
    const r = ob.applyDeltas(post);
    if (r.applied + r.stale !== after.length) throw new Error('replay did not apply every diff');
  };
  const replayStream = () => {
    const ob = new book.OrderBook({ tickSize, market });
    for (const ev of before) ob.applyDiff(ev);
    ob.applySnapshot(snapshot);
    for (const ev of after) ob.applyDiff(ev);
  };
  const b = time(replayBatch);
  const s = time(replayStream);
  const rate = (t) => (rows * t.reps) / t.wall;
  const cpuRate = (t) => (rows * t.reps) / t.cpu;
  worst = Math.min(worst, rate(b));
  console.log(`[book] ${file}: ${after.length} diffs, ${rows} level deltas per replay`);
  console.log(
    `  batch applyDeltas : ${(rate(b) / 1e6).toFixed(2)} M deltas/s wall (${(cpuRate(b) / 1e6).toFixed(2)} M/s CPU), ` +
      `${(rate(b) / TARGET).toFixed(2)}x the 2 M/s target`,
  );
  console.log(
    `  streaming applyDiff: ${(rate(s) / 1e6).toFixed(2)} M deltas/s wall (${(cpuRate(s) / 1e6).toFixed(2)} M/s CPU); ` +
      `batch / streaming = ${(rate(b) / rate(s)).toFixed(1)}x`,
  );
}
if (Number.isFinite(worst)) console.log(`[book] slowest batch rate ${(worst / 1e6).toFixed(2)} M deltas/s (target 2 M/s)`);
