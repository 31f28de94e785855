#!/usr/bin/env node
// A minimal bot, written the way a user's would be: `smc-engine` comes from npm (here a file:
// dependency on this repository), the strategy is a plain object, and `engine.createEngine` runs
// it over a replay. Swap the ReplaySource for a live source and the SimVenue for an exchange
// adapter and the same strategy trades for real.
//
//   npm install --ignore-scripts && npm start    [-- --bars N] [--data FILE.jsonl]
//   (--ignore-scripts: link the package already built at the repository root, do not rebuild it)
//
// Without --data it writes a JSONL file of one-minute bars from the package's synthetic market
// generator (data/synth-bars.jsonl) and replays that.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { engine, sources, synth } from 'smc-engine';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { bars: { type: 'string', default: '3000' }, data: { type: 'string' } } });
const SYMBOL = 'BTCUSDT';

/** One bar event per line, as a recorder or an exchange bridge would have written them. */
function writeSyntheticReplay(path, n) {
  const bars = synth.syntheticBars({ bars: n, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), startPrice: 42_000, seed: 3 });
  const lines = [];
  for (let i = 0; i < n; i++) {
    const openTime = bars.time[i];
    lines.push(JSON.stringify({
      type: 'bar', venue: 'synthetic', symbol: SYMBOL, exchangeTime: openTime + 60_000, receiveTime: openTime + 60_000,
      timeframe: '1m', openTime, open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i],
    }));
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const replay = args.data ?? join(here, 'data', 'synth-bars.jsonl');
if (!args.data) writeSyntheticReplay(replay, Number(args.bars));

/**
 * Trend following with a volatility stop: long when the 20-bar EMA is above the 50-bar EMA,
 * flat otherwise, and flat for the rest of the trend after a close 3 ATRs below the entry.
 * The indicators are the engine's (core streams); the bot only decides.
 * @type {import('smc-engine').engine.Strategy<{ size: number }>}
 */
const strategy = (() => {
  let entry = NaN;
  let stopped = false;
  return {
    name: 'ema-trend-bot',
    requires: { indicators: { fast: { kind: 'ema', period: 20 }, slow: { kind: 'ema', period: 50 }, atr: { kind: 'atr', period: 14 } } },
    onBar(ctx) {
      const { fast, slow, atr } = ctx.indicators;
      if (!(fast > 0 && slow > 0 && atr > 0)) return;
      const q = ctx.positionQuantity;
      const up = fast > slow;
      if (!up) stopped = false;
      if (q > 0 && (!up || ctx.bar.close < entry - 3 * atr)) {
        stopped = up;
        return [{ side: 'sell', quantity: q, tag: up ? 'stop' : 'trend-down' }];
      }
      if (q === 0 && up && !stopped) {
        entry = ctx.bar.close;
        return [{ side: 'buy', quantity: ctx.params.size, tag: 'trend-up' }];
      }
    },
  };
})();

const bot = await engine.createEngine({
  strategy,
  params: { size: 0.5 },
  symbols: [SYMBOL],
  source: new sources.ReplaySource({ path: replay, format: 'jsonl' }),
  clock: new engine.HistoricalClock(),
  // The simulated exchange in bar mode: a market order decided on a bar fills at the next open.
  venue: new engine.SimVenue({ exchange: { mode: 'bar', seed: 1, fees: { makerBps: 1, takerBps: 4 }, slippage: { model: 'fixed', bps: 1 } } }),
  initialCash: 50_000,
  breaker: { limits: { maxPosition: 1, maxDrawdown: 0.2, maxOrdersPerSecond: 5 } },
  // A replay needs no journal, sink or metrics server; a live bot keeps the defaults.
  store: null,
  sink: null,
  metrics: null,
  restore: false,
});
let fills = 0;
bot.onFill((f) => {
  fills++;
  if (fills <= 6) console.log(`fill ${f.side} ${f.report.qty} ${SYMBOL} @ ${f.report.price.toFixed(2)} (fee ${f.report.fee.toFixed(2)})`);
});
console.log(`bot: ema-trend-bot on ${replay}`);
const stats = await bot.run();
const position = bot.portfolio.position(SYMBOL);
console.log(`events ${stats.events}  orders ${stats.orders}  fills ${stats.fills}  refused ${stats.refused}`);
console.log(`position ${position.quantity} ${SYMBOL}  realised ${position.realisedPnl.toFixed(2)}  equity ${bot.portfolio.equity().toFixed(2)}`);
