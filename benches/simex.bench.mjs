#!/usr/bin/env node
// The simulated exchange through the SDK's batch API, on the real Binance BTCUSDT captures
// replayed in a loop. Each replay: a fresh venue (log queue model, constant latencies, maker
// rebate / taker fee), the snapshot, then the market rows (level updates and trades) in batches
// of N rows, one native call per batch; after each batch the strategy cancels its quotes and
// places post-only quotes at the touch (the Rust bench runs the same strategy).
// Throughput is in market-data events (rows). The Rust-side target is 5 M/s; this prints what
// the N-API batch path keeps.
// Run: node scripts/build.mjs && node benches/simex.bench.mjs   (SMC_SHARED_DATA=... to locate the data)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { book } from '../dist/lib/index.js';
import { SimulatedExchange, levelColumns, marketColumns, sliceMarket } from '../dist/lib/execution/sim/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = process.env.SMC_SHARED_DATA ?? join(root, '..', 'shared', 'data');

async function load(file) {
  let snapshot;
  const rows = [];
  for await (const ev of book.readBinanceCapture(join(data, 'binance-btcusdt-l2', file))) {
    if (ev.type === 'snapshot') snapshot = ev;
    else if (snapshot && ev.type === 'depth' && ev.lastUpdateId >= snapshot.lastUpdateId) rows.push(ev);
    else if (snapshot && ev.type === 'trade') rows.push(ev);
  }
  return { snapshot, batch: marketColumns(rows) };
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

function replay(tickSize, snapshot, batch, every) {
  const v = new SimulatedExchange({
    mode: 'l2',
    tickSize,
    seed: 7,
    queue: { model: 'log' },
    latency: { submitNs: 2_000_000, cancelNs: 2_000_000, responseNs: 1_000_000 },
    fees: { makerBps: -0.5, takerBps: 4 },
  });
  v.snapshot(snapshot.receivedNs, levelColumns(snapshot.bids), levelColumns(snapshot.asks));
  const live = [];
  let fills = 0;
  const n = batch.kind.length;
  for (let start = 0; start < n; start += every) {
    const ev = v.applyMarket(sliceMarket(batch, start, Math.min(start + every, n)));
    for (let i = 0; i < ev.length; i++) if (ev.kind[i] === 2) fills++;
    for (const id of live) {
      const o = v.order(id);
      if (o.status !== 'filled' && o.status !== 'cancelled' && o.status !== 'rejected' && o.status !== 'expired' && !o.cancelPending) {
        v.cancel(id);
      }
    }
    live.length = 0;
    const bid = v.bestBid();
    const ask = v.bestAsk();
    if (bid && ask && ask.price > bid.price) {
      live.push(v.submit({ side: 'buy', type: 'limit', qty: 0.01, price: bid.price, postOnly: true }));
      live.push(v.submit({ side: 'sell', type: 'limit', qty: 0.01, price: ask.price, postOnly: true }));
    }
  }
  return fills;
}

for (const [file, tickSize] of [
  ['spot_btcusdt_20240808.gz', '0.01'],
  ['usdm_btcusdt_20240808.gz', '0.10'],
]) {
  if (!existsSync(join(data, 'binance-btcusdt-l2', file))) {
    console.log(`[simex] ${file}: skipped (${data} has no binance-btcusdt-l2/${file})`);
    continue;
  }
  const { snapshot, batch } = await load(file);
  const rows = batch.kind.length;
  console.log(`[simex] ${file}: ${rows} market-data events per replay`);
  for (const every of [500, 5000]) {
    const fills = replay(tickSize, snapshot, batch, every);
    const t = time(() => replay(tickSize, snapshot, batch, every));
    const rate = (rows * t.reps) / t.wall;
    const cpuRate = (rows * t.reps) / t.cpu;
    console.log(
      `  quotes every ${every} events: ${(rate / 1e6).toFixed(2)} M events/s wall (${(cpuRate / 1e6).toFixed(2)} M/s CPU), ` +
        `${Math.ceil(rows / every) * 2} orders and ${fills} fills per replay`,
    );
  }
}
