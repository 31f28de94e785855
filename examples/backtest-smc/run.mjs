#!/usr/bin/env node
// `npm run backtest`: the SMC strategy on BTC-PERP 1m (../shared/data) or, when that data is
// absent, on a synthetic market from the core (GARCH volatility with regime switches).
//
//   node examples/backtest-smc/run.mjs [--data CSV] [--bars N] [--out DIR] [--models DIR | --no-models] [--seed N]
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { backtest, models, synth } from 'smc-engine';

import { smcStrategy } from './strategy.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    bars: { type: 'string' },
    out: { type: 'string', default: join(root, 'backtest-results') },
    data: { type: 'string' },
    seed: { type: 'string', default: '7' },
    models: { type: 'string' },
    'no-models': { type: 'boolean', default: false },
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

const modelsDir = args.models ?? join(root, 'models');
let ensemble = null;
if (!args['no-models'] && existsSync(join(modelsDir, 'manifest.json'))) {
  ensemble = await models.ModelEnsemble.fromManifest(modelsDir, { timeoutMs: 1_000 });
  console.log(`ensemble: ${ensemble.modelNames.join(', ')} (confirmation filter)`);
} else {
  console.log('ensemble: off (run `npm run models` to build the example models)');
}

const run = await backtest.runBacktest({
  strategy: smcStrategy(),
  data,
  ensemble,
  seed: Number(args.seed),
  initialCash: 100_000,
  fees: { makerBps: 1, takerBps: 4 },
  slippage: { model: 'fixed', bps: 1 },
  breaker: { limits: { maxDrawdown: 0.3, maxPosition: 5, maxOrderQuantity: 5, maxOrdersPerSecond: 10 } },
});
console.log(backtest.summary(run));
const files = backtest.writeBacktestReport(args.out, run);
console.log(`report: ${files.html}\n        ${files.json}\n result: ${files.result}`);
