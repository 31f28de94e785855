/**
 * Test-only reader of ../shared/data/eurusd-15m/EURUSD_15M.csv (`Date,Open,High,Low,Close,
 * Tickvol,Volume,Spread`, dates `2022.10.10 00:15:00` in UTC). Not the SDK's CSV loader: just
 * enough to feed the SMC tests. `volume` is Tickvol (the Volume column is all zeros).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Ohlc } from '../../src/index.js';
import { SHARED_DATA } from './paths.js';

export const EURUSD_15M = 'eurusd-15m/EURUSD_15M.csv';

export function readEurusd15m(): Ohlc & { time: Float64Array; zeroVolume: Float64Array } {
  const lines = readFileSync(join(SHARED_DATA, EURUSD_15M), 'utf8').split('\n').slice(1).filter((l) => l.length > 0);
  const n = lines.length;
  const cols = Array.from({ length: 7 }, () => new Float64Array(n));
  lines.forEach((line, i) => {
    const f = line.split(',');
    const d = f[0]!;
    cols[0]![i] = Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10), +d.slice(11, 13), +d.slice(14, 16), +d.slice(17, 19));
    for (let c = 1; c < 7; c++) cols[c]![i] = Number(f[c]);
  });
  const [time, open, high, low, close, volume, zeroVolume] = cols as [
    Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array,
  ];
  return { time, open, high, low, close, volume, zeroVolume };
}
