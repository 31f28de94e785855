import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, SHARED_DATA } from './paths.js';

/** Lines of a golden file written by scripts/golden/*.py, comments dropped, split on '|'. */
export function goldenRows(file: string): string[][] {
  return readFileSync(join(ROOT, 'crates/smc-core/tests/golden', file), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('|'));
}

/** edhec.csv's first `rows` values of column `column` (1-based after the date). */
export function edhecColumn(column: number, rows: number): Float64Array {
  const lines = readFileSync(join(SHARED_DATA, 'edhec/edhec.csv'), 'utf8').trim().split('\n').slice(1, rows + 1);
  return Float64Array.from(lines, (l) => Number(l.split(',')[column]));
}

/** A deterministic generator of fat-tailed pseudo-returns, so failures reproduce. */
export function pseudoReturns(n: number, seed = 1, scale = 0.01): Float64Array {
  let s = seed >>> 0;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return Float64Array.from({ length: n }, () => {
    const g = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    return g * scale * (u() < 0.05 ? 3 : 1);
  });
}

export function relClose(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-12);
}
