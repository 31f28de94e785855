// Bench inputs: real market data from ../shared/data when present, else a deterministic
// synthetic series, so every bench runs on a fresh clone too. The source is always printed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DATA = process.env.SMC_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data');

/** Deterministic uniform generator (mulberry32). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` one-minute log returns: BTC-PERP 1m closes from ../shared/data tiled to length n, or a
 * seeded fat-tailed synthetic series when the data is absent.
 */
export function minuteReturns(n) {
  const file = join(SHARED_DATA, 'btc-perp-1m', 'btc-perp-20211231-20220201_1m.csv');
  if (existsSync(file)) {
    const closes = readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => Number(line.split(',')[4]));
    const base = new Float64Array(closes.length - 1);
    for (let i = 1; i < closes.length; i++) base[i - 1] = Math.log(closes[i] / closes[i - 1]);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = base[i % base.length];
    return { returns: out, source: `BTC-PERP 1m log returns (${base.length} real values tiled to ${n})` };
  }
  const rand = mulberry32(42);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Sum of uniforms scaled by a slowly varying volatility: fat-tailed enough for quantiles.
    const vol = 0.0008 * (1 + 0.5 * Math.sin(i / 5000));
    out[i] = (rand() + rand() + rand() + rand() - 2) * vol;
  }
  return { returns: out, source: `synthetic returns (seed 42, n = ${n}; ../shared/data not found)` };
}

export function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
