#!/usr/bin/env node
// `npm run backtest:stochrsi`: the dynamic StochRSI bands strategy on BTC-PERP 1m (../shared/data,
// streamed from the CSV) or, when that data is absent, on a synthetic month from the core.
//
//   node examples/backtest-stochrsi-bands/run.mjs [--data CSV] [--bars N] [--out DIR] [--seed N] [--long-only]
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { backtest, synth } from 'smc-engine';

import { defaultParams, stochRsiBandsStrategy } from './strategy.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    bars: { type: 'string' },
    out: { type: 'string', default: join(root, 'backtest-results', 'stochrsi-bands') },
    data: { type: 'string' },
    seed: { type: 'string', default: '11' },
    'long-only': { type: 'boolean', default: false },
  },
});

const csv = args.data ?? join(process.env.SMC_SHARED_DATA ?? join(root, '..', 'shared', 'data'), 'btc-perp-1m', 'btc-perp-20211231-20220201_1m.csv');
const limit = args.bars ? Number(args.bars) : undefined;
let data;
if (existsSync(csv) && !limit) {
  data = { kind: 'csv', path: csv, symbol: 'BTC-PERP', timeframe: '1m' };
  console.log(`data: ${csv}`);
} else {
  const n = limit ?? 44_640; // one month of minutes
  const bars = synth.syntheticBars({ bars: n, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), startPrice: 45_000, seed: Number(args.seed) });
  data = { kind: 'bars', bars, symbol: 'BTC-SYNTH', timeframe: '1m' };
  console.log(existsSync(csv) ? `data: ${n} synthetic bars (--bars)` : `data: ${csv} not found; ${n} synthetic bars (regime-switching GARCH, seed ${args.seed})`);
}

const params = { ...defaultParams, short: !args['long-only'] };
console.log(`params: ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ')}`);
const run = await backtest.runBacktest({
  strategy: stochRsiBandsStrategy(params),
  data,
  seed: Number(args.seed),
  initialCash: 100_000,
  fees: { makerBps: 1, takerBps: 4 },
  slippage: { model: 'fixed', bps: 1 },
  breaker: { limits: { maxDrawdown: 0.5, maxPosition: 2, maxOrderQuantity: 2, maxOrdersPerSecond: 10 } },
});
console.log(backtest.summary(run));
const files = backtest.writeBacktestReport(args.out, run);
console.log(`report: ${files.html}\n        ${files.json}\n result: ${files.result}`);
