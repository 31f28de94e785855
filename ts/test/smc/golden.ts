/** Reads the gzipped golden CSVs of scripts/golden/smc_reference.py (smartmoneyconcepts 0.0.27). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { ROOT } from '../support/paths.js';

/** Column name -> cells (NaN for empty). */
export function golden(name: string): Map<string, Float64Array> {
  const text = gunzipSync(readFileSync(join(ROOT, `crates/smc-core/tests/golden/smc_${name}.csv.gz`))).toString('utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  const cols = header.map(() => new Float64Array(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r]!.split(',');
    for (let c = 0; c < header.length; c++) cols[c]![r - 1] = cells[c] === '' ? NaN : Number(cells[c]);
  }
  return new Map(header.map((h, c) => [h, cols[c]!]));
}

/** Cells that differ; `f32` columns compare after rounding both sides to float32. */
export function mismatches(ours: Float64Array, theirs: Float64Array, f32: boolean): number {
  expectSameLength(ours, theirs);
  let misses = 0;
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    const same = Number.isNaN(a) || Number.isNaN(b) ? Number.isNaN(a) && Number.isNaN(b) : f32 ? Math.fround(a) === Math.fround(b) : a === b;
    if (!same) misses++;
  }
  return misses;
}

function expectSameLength(a: Float64Array, b: Float64Array): void {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs golden ${b.length}`);
}

/**
 * Compares our columns (in the package's column order) with a golden case; returns
 * `{ column: mismatches }` so that a failure names the column.
 */
export function compareCase(name: string, ours: Record<string, Float64Array>, f32Columns: readonly string[] = []): Record<string, number> {
  const g = golden(name);
  const theirs = [...g.values()];
  const keys = Object.keys(ours);
  if (keys.length !== theirs.length) throw new Error(`${name}: ${keys.length} columns vs golden ${theirs.length}`);
  return Object.fromEntries(keys.map((k, i) => [k, mismatches(ours[k]!, theirs[i]!, f32Columns.includes(k))]));
}
