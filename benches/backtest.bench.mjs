// Bar backtest throughput: a simple TypeScript SMA-cross strategy through runBacktest (the same
// createEngine as live: per-bar SMA streams, breaker, simulated exchange, portfolio marks), and,
// when Python is available, the same strategy in backtesting.py (PyPI, throwaway venv) on the
// same bars in the same run. Then the L2 mode on the Binance USDT-M capture (at least 8 rounds, best of).
//   node benches/backtest.bench.mjs [--bars 200000] [--rounds 3] [--no-python]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { backtest, synth } from '../dist/lib/index.js';
import { ROOT, SHARED_DATA } from './support/data.mjs';

const { values } = parseArgs({ options: { bars: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '3' }, 'no-python': { type: 'boolean', default: false } } });
const n = Number(values.bars);
const rounds = Number(values.rounds);
const FAST = 10;
const SLOW = 30;

/** Long above, short below (always in the market after warm-up), like backtesting.py's SmaCross example. */
const smaCross = {
  name: 'sma-cross',
  requires: { indicators: { fast: { kind: 'sma', period: FAST }, slow: { kind: 'sma', period: SLOW } } },
  onBar(ctx) {
    const { fast, slow } = ctx.indicators;
    if (!(fast > 0 && slow > 0)) return;
    const q = ctx.positionQuantity;
    if (fast > slow && q <= 0) return [{ side: 'buy', quantity: 1 - q }];
    if (fast < slow && q >= 0) return [{ side: 'sell', quantity: 1 + q }];
  },
};

const bars = synth.syntheticBars({ bars: n, intervalMs: 60_000, startTimeMs: Date.UTC(2020, 0, 1), seed: 42 });
console.log(`backtest bench: node ${process.version}, ${n} synthetic 1m bars (seed 42), SMA ${FAST}/${SLOW} cross, ${rounds} rounds`);

let best = Infinity;
let last;
for (let r = 0; r < rounds; r++) {
  const run = await backtest.runBacktest({ strategy: smaCross, data: { kind: 'bars', bars, symbol: 'BTC', timeframe: '1m' }, fees: { takerBps: 0, makerBps: 0 }, slippage: { model: 'fixed', bps: 0 }, progress: false, var: { window: 250 } });
  best = Math.min(best, run.wallMs);
  last = run;
  console.log(`  round ${r + 1}: ${run.wallMs.toFixed(0)} ms (${Math.round(run.eventsPerSecond).toLocaleString('en-US')} bars/s incl. statistics), trades ${run.result.stats.trades}`);
}
const ours = (n / best) * 1000;
console.log(`smc-engine: best ${best.toFixed(0)} ms = ${Math.round(ours).toLocaleString('en-US')} bars/s (target >= 1,000,000: ${ours >= 1e6 ? 'MET' : 'NOT MET'})`);

function python() {
  if (values['no-python']) return 'skipped (--no-python)';
  const py = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (py.status !== 0) return 'skipped: python3 not found';
  const venv = join(tmpdir(), 'smc-bench-backtesting-venv');
  const bin = join(venv, 'bin', 'python');
  try {
    if (!existsSync(bin)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'pipe' });
    const has = spawnSync(bin, ['-c', 'import backtesting'], { stdio: 'pipe' });
    if (has.status !== 0) execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', 'backtesting'], { stdio: 'pipe' });
  } catch (err) {
    return `skipped: could not prepare a venv with backtesting.py (${String(err.message).split('\n')[0]})`;
  }
  const dir = join(tmpdir(), 'smc-bench-backtesting');
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `bars-${n}.csv`);
  const lines = ['time,Open,High,Low,Close,Volume'];
  for (let i = 0; i < n; i++) lines.push(`${bars.time[i]},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const script = join(ROOT, 'benches', 'python', 'backtesting_sma.py');
  const res = spawnSync(bin, [script, csv, String(FAST), String(SLOW), String(rounds)], { encoding: 'utf8' });
  if (res.status !== 0) return `failed: ${res.stderr.trim().split('\n').pop()}`;
  const best = Number(/best_ms=([\d.]+)/.exec(res.stdout)?.[1]);
  const trades = /trades=(\d+)/.exec(res.stdout)?.[1];
  const theirs = (n / best) * 1000;
  return `backtesting.py: best ${best.toFixed(0)} ms = ${Math.round(theirs).toLocaleString('en-US')} bars/s, trades ${trades}; smc-engine / backtesting.py = ${(ours / theirs).toFixed(1)}x`;
}
console.log(python());
console.log(`(smc-engine trades ${last.result.stats.trades}; trade counts differ by fill rules: ours fills at the next bar's open through the simulated exchange)`);

// L2 mode: the Binance capture through ReplaySource (native reader: gunzip and parsing in Rust on a
// background thread) -> core book -> simulated exchange (L2), one engine cycle and one strategy
// call per message. Two rates over the same wall time: messages (engine events) and book events,
// the unit NautilusTrader counts as deltas: price-level updates of the depth diffs and of the REST
// snapshot, plus top-of-book quotes, plus trades.
const capture = join(SHARED_DATA, 'binance-btcusdt-l2', 'usdm_btcusdt_20240808.gz');
if (existsSync(capture)) {
  let k = 0;
  const tick = {
    name: 'tick',
    onTick(ctx) {
      if (!ctx.top || ++k % 5_000 !== 0) return;
      return [{ side: ctx.positionQuantity > 0 ? 'sell' : 'buy', quantity: 0.01 }];
    },
  };
  const l2Rounds = Math.max(rounds, 8);
  let best;
  for (let r = 0; r < l2Rounds; r++) {
    k = 0;
    const cpu0 = process.cpuUsage();
    const run = await backtest.runBacktest({ strategy: tick, data: { kind: 'capture', path: capture, symbol: 'BTCUSDT', tickSize: '0.10', market: 'futures' }, markEveryMs: 1_000, progress: false });
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(`  L2 round ${r + 1}: ${run.wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (all threads), ${Math.round(run.eventsPerSecond).toLocaleString('en-US')} messages/s, ${Math.round(run.replay.bookEventsPerSecond).toLocaleString('en-US')} book events/s, trades ${run.result.stats.trades}`);
    if (!best || run.wallMs < best.wallMs) best = run;
  }
  const msgs = best.result.meta.events;
  const bookEvents = best.replay.bookEvents;
  const verdict = (x) => (x >= 1e6 ? 'MET' : 'NOT MET');
  console.log(`L2 mode (${capture.split('/').pop()}: ${msgs.toLocaleString('en-US')} messages = ${bookEvents.toLocaleString('en-US')} book events (price-level updates incl. the snapshot's 2,000 levels + quotes + trades), gunzip + parse + validation + book + simulator + strategy, best of ${l2Rounds}: ${best.wallMs.toFixed(0)} ms)`);
  console.log(`  ${Math.round(best.eventsPerSecond).toLocaleString('en-US')} messages/s (>= 1,000,000: ${verdict(best.eventsPerSecond)}); ${Math.round(best.replay.bookEventsPerSecond).toLocaleString('en-US')} book events/s (target >= 1,000,000 book events/s: ${verdict(best.replay.bookEventsPerSecond)})`);
} else {
  console.log(`L2 mode: skipped (${capture} not found)`);
}
