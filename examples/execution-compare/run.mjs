#!/usr/bin/env node
// One parent order (buy 2 BTC over 4 minutes by default) worked by TWAP, VWAP, POV, iceberg and
// Almgren-Chriss, each a core `execution.Executor`, against the simulated exchange in L2 mode
// (queue-position and latency models) replaying the Binance USD-M capture. Prints the
// implementation shortfall of each (the core's `execution.implementationShortfall`) and fill
// statistics.
//
//   node examples/execution-compare/run.mjs [--capture FILE] [--qty 2] [--horizon 240] [--synthetic] [--json]
//
// Without the capture (../shared/data absent) it runs on a book generated from synthetic bars,
// and says so: those figures describe the generator, not a market.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { engine, execution, InvalidStateError, sources, synth } from 'smc-engine';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    capture: { type: 'string' },
    qty: { type: 'string', default: '2' },
    horizon: { type: 'string', default: '240' },
    synthetic: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const SYMBOL = 'BTCUSDT';
const capture = args.capture ?? join(process.env.SMC_SHARED_DATA ?? join(root, '..', 'shared', 'data'), 'binance-btcusdt-l2', 'usdm_btcusdt_20240808.gz');
const useCapture = !args.synthetic && existsSync(capture);
const quantity = Number(args.qty);
const horizonMs = Number(args.horizon) * 1_000;
/** The parent is decided this long before it starts (the delay cost of the shortfall). */
const DECISION_LEAD_MS = 5_000;
/** Replay before the decision: the book and the volume estimate need some history. */
const WARMUP_MS = 30_000;
/** After the window: time for the last children's reports to arrive. */
const GRACE_MS = 5_000;
const LOT = 0.001;
// Binance USD-M regular tier; the exchange charges them per fill.
const FEES = { makerBps: 2, takerBps: 5 };

/** Market events: the capture, streamed, or a labelled synthetic book. */
function events() {
  if (useCapture) return new sources.ReplaySource({ path: capture, format: 'capture', venue: 'binance', symbol: SYMBOL });
  return syntheticBook();
}

/**
 * A book made up from 1-second synthetic bars (the core's regime-switching generator): every
 * second a 20-level snapshot around the close (0.1 ticks, depth growing away from the touch) and
 * the bar's volume as a buy and a sell trade at the touch. Only for running without the capture.
 */
async function* syntheticBook() {
  const n = Math.ceil((WARMUP_MS + DECISION_LEAD_MS + horizonMs + GRACE_MS) / 1_000) + 5;
  const bars = synth.syntheticBars({ bars: n, intervalMs: 1_000, startTimeMs: Date.UTC(2024, 7, 8), startPrice: 61_000, seed: 5 });
  for (let i = 0; i < n; i++) {
    const t = bars.time[i];
    const mid = Math.round(bars.close[i] * 10) / 10;
    const bids = [];
    const asks = [];
    for (let k = 0; k < 20; k++) {
      bids.push([Number((mid - 0.1 * (k + 1)).toFixed(1)), Number((0.5 + 0.25 * k).toFixed(3))]);
      asks.push([Number((mid + 0.1 * k).toFixed(1)), Number((0.5 + 0.25 * k).toFixed(3))]);
    }
    yield { type: 'book_snapshot', venue: 'synthetic', symbol: SYMBOL, exchangeTime: t, receiveTime: t, lastUpdateId: i + 1, bids, asks };
    const half = Number(Math.max(LOT, bars.volume[i] / 2e3).toFixed(3));
    yield { type: 'trade', venue: 'synthetic', symbol: SYMBOL, exchangeTime: t + 500, receiveTime: t + 500, tradeId: `b${i}`, price: asks[0][0], qty: half, side: 'buy' };
    yield { type: 'trade', venue: 'synthetic', symbol: SYMBOL, exchangeTime: t + 501, receiveTime: t + 501, tradeId: `s${i}`, price: bids[0][0], qty: half, side: 'sell' };
  }
}

/** The algorithms, each with the parameters it needs; all share side, quantity, window and lots. */
function algorithms(volumeBefore) {
  const slices = Math.max(1, Math.round(horizonMs / 10_000));
  return [
    { label: 'TWAP', options: { algorithm: 'twap', slices } },
    // Flat intraday weights over a few minutes, made dynamic: the target follows the realised
    // volume against the expected volume of the window (the last minute's, scaled).
    { label: 'VWAP', options: { algorithm: 'vwap', profile: { weights: new Float64Array(slices).fill(1 / slices), meanVolume: new Float64Array(slices).fill((volumeBefore * horizonMs) / 60_000 / slices) }, dynamic: true } },
    { label: 'POV 10%', options: { algorithm: 'pov', rate: 0.1 } },
    { label: 'Iceberg', options: { algorithm: 'iceberg', display: 0.1, variance: 0.2, seed: 1 } },
    // Periods of 20 s; sigma ~ price volatility per period (USD), eta the temporary impact per
    // unit rate, lambda the risk aversion (0 would be TWAP): front-loaded execution.
    { label: 'Almgren-Chriss', options: { algorithm: 'almgrenChriss', periods: slices, horizon: slices, sigma: 15, eta: 2, gamma: 0, lambda: 1e-4 } },
  ];
}

function mid(ex) {
  const bid = ex.bestBid();
  const ask = ex.bestAsk();
  return bid && ask && bid.price < ask.price ? { bid: bid.price, ask: ask.price, mid: (bid.price + ask.price) / 2 } : null;
}

/** One replay with one algorithm. */
async function run(algo) {
  const venue = new engine.SimVenue({
    exchange: { mode: 'l2', tickSize: '0.1', seed: 1, queue: { model: 'power', power: 2 }, latency: { submitNs: 5e6, cancelNs: 5e6, responseNs: 2e6 }, fees: FEES },
  });
  const ex = venue.exchange(SYMBOL);
  let first = NaN;
  let decision = null;
  let arrival = null;
  let endPrice = null;
  let volumeBefore = 0;
  let executor = null;
  let start = NaN;
  let end = NaN;
  const fills = [];
  let children = 0;
  let cancels = 0;
  let doneAt = null;

  const act = (t, actions) => {
    for (const a of actions) {
      const id = `${algo.label}.${a.childId}`;
      if (a.kind === 'cancel') {
        cancels++;
        try {
          venue.cancel(SYMBOL, id);
        } catch (err) {
          // The child filled at the venue while its fill report is still in flight (response
          // latency): a real venue would answer "too late to cancel"; the fill arrives next.
          if (!(err instanceof InvalidStateError)) throw err;
        }
      } else {
        children++;
        venue.submit({ clientOrderId: id, symbol: SYMBOL, side: 'buy', type: a.price === undefined ? 'market' : 'limit', qty: a.quantity, price: a.price, tif: a.price === undefined ? 'ioc' : 'gtc' });
      }
    }
  };

  for await (const event of events()) {
    const t = event.receiveTime;
    if (Number.isNaN(first)) first = t;
    venue.onMarket(event);
    const q = mid(ex);
    if (event.type === 'trade' && executor === null) {
      if (t >= first + WARMUP_MS - 60_000) volumeBefore += event.qty;
    }
    if (!q || t < first + WARMUP_MS) continue;
    if (decision === null) {
      decision = q.mid;
      start = t + DECISION_LEAD_MS;
      end = start + horizonMs;
    }
    if (executor === null && t >= start) {
      const spec = algorithms(volumeBefore).find((a) => a.label === algo.label);
      executor = new execution.Executor({ ...spec.options, side: 'buy', quantity, start, end, lotSize: LOT, minQty: LOT, style: 'passive', catchUp: quantity / 10, driftTolerance: 1 });
      arrival = q.mid;
    }
    if (!executor) continue;
    for (const r of venue.drain()) {
      const childId = Number(r.clientOrderId.slice(algo.label.length + 1));
      if (r.kind === 'fill') {
        fills.push(r);
        if (executor.status === 'running') executor.onFill(t, childId, r.qty, r.price);
      }
      if (r.leavesQty === 0 && (r.kind === 'cancelled' || r.kind === 'expired' || r.kind === 'rejected') && executor.status === 'running') executor.onCancelAck(t, childId);
    }
    if (executor.status === 'running') {
      executor.onQuote(t, q.bid, q.ask);
      if (event.type === 'trade') executor.onVolume(t, event.qty);
      act(t, executor.step(t));
    } else if (doneAt === null) doneAt = t;
    if (endPrice === null && t >= end) endPrice = q.mid;
    if (t >= end + GRACE_MS) break;
  }
  if (!executor) throw new Error(`the replay ended before the parent order started (${algo.label})`);
  endPrice ??= mid(ex)?.mid ?? arrival;
  const filled = fills.reduce((s, f) => s + f.qty, 0);
  const s = execution.implementationShortfall({
    side: 'buy',
    intended: quantity,
    decisionPrice: decision,
    arrivalPrice: arrival,
    endPrice,
    fillQty: Float64Array.from(fills, (f) => f.qty),
    fillPrice: Float64Array.from(fills, (f) => f.price),
    fees: fills.reduce((s, f) => s + f.fee, 0),
  });
  const maker = fills.filter((f) => f.liquidity === 'maker').reduce((s, f) => s + f.qty, 0);
  return {
    algorithm: algo.label,
    status: executor.status,
    filled: Number(filled.toFixed(6)),
    averagePrice: s.averagePrice,
    decision, arrival, end: endPrice,
    shortfallBps: { delay: s.delayBps, trading: s.tradingBps, opportunity: s.opportunityBps, fees: s.feesBps, total: s.totalBps },
    shortfall: s.total,
    children, cancels, fills: fills.length,
    makerShare: filled > 0 ? maker / filled : 0,
    finishedAfterS: doneAt === null ? null : (doneAt - start) / 1_000,
  };
}

console.log(useCapture
  ? `data: ${capture} (Binance USD-M BTCUSDT L2 capture, replayed into the simulated exchange in L2 mode)`
  : `data: SYNTHETIC L2 book generated from synthetic 1s bars (${args.synthetic ? '--synthetic' : `${capture} not found`}): illustrative figures, not a market`);
console.log(`parent: buy ${quantity} BTC over ${horizonMs / 1_000} s, decided ${DECISION_LEAD_MS / 1_000} s before; passive children, lots ${LOT}; fees maker ${FEES.makerBps} / taker ${FEES.takerBps} bps; latency 5 ms + 2 ms`);
const rows = [];
for (const a of algorithms(0)) rows.push(await run(a));

// Rounding to zero prints 0.00, not -0.00.
const fmt = (x, d = 2) => (x === null || x === undefined ? '-' : (Number(x.toFixed(d)) || 0).toFixed(d));
const header = ['algorithm', 'status', 'filled', 'avg price', 'delay', 'trading', 'opport.', 'fees', 'total bps', 'children', 'cancels', 'fills', 'maker %'];
const table = rows.map((r) => [
  r.algorithm, r.status, fmt(r.filled, 3), fmt(r.averagePrice, 2),
  fmt(r.shortfallBps.delay), fmt(r.shortfallBps.trading), fmt(r.shortfallBps.opportunity), fmt(r.shortfallBps.fees), fmt(r.shortfallBps.total),
  String(r.children), String(r.cancels), String(r.fills), fmt(r.makerShare * 100, 1),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`\nimplementation shortfall (bps of ${quantity} x decision price ${fmt(rows[0].decision)}; positive = cost)\n`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
if (args.json) console.log(JSON.stringify(rows, null, 2));
