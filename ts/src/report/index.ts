/**
 * Reports: a self-contained HTML report with charts, the same numbers as JSON, and calendar
 * returns.
 * @module report
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { renderHtmlReport } from './html.js';
import { buildJsonReport } from './json.js';
import type { ReportData } from './types.js';

export { renderHtmlReport } from './html.js';
export { buildJsonReport } from './json.js';
export type { JsonReport } from './json.js';
export { periodReturns } from './calendar.js';
export type { PeriodReturns } from './calendar.js';
export { formatValue, formatDuration } from './format.js';
export type * from './types.js';

/** Writes `<name>.html` and `<name>.json` into `outDir` (created if missing). */
export function writeReport(outDir: string, data: ReportData, name = 'report'): { html: string; json: string } {
  mkdirSync(outDir, { recursive: true });
  const html = join(outDir, `${name}.html`);
  const json = join(outDir, `${name}.json`);
  writeFileSync(html, renderHtmlReport(data));
  writeFileSync(json, `${JSON.stringify(buildJsonReport(data), null, 2)}\n`);
  return { html, json };
}
