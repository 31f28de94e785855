/**
 * Streams a CSV file of bars into the columnar {@link Ohlc} shape.
 *
 * The file is read once, chunk by chunk (node:fs stream), split into lines as it arrives and
 * parsed straight into Float64Arrays that grow geometrically; the text is never held whole.
 */
import { createReadStream } from 'node:fs';

import { InvalidInputError } from '../errors.js';
import { assertOhlc, type Ohlc } from '../ohlc.js';
import { timeParser, TimeParseError, type CsvTimeFormat } from './csv-time.js';

export type { CsvTimeFormat } from './csv-time.js';

/** Header names of the columns to read (case-insensitive). */
export interface OhlcCsvColumns {
  /** Bar open time; omit (and have none of the default names) for bars without time. */
  time?: string;
  open?: string;
  high?: string;
  low?: string;
  close?: string;
  /** Volume; when absent from the file the volume column is all 0. */
  volume?: string;
}

export interface OhlcCsvOptions {
  /** Header names to read; each defaults to the first present of the usual names (below). */
  columns?: OhlcCsvColumns;
  /** How the time column is written (default `'auto'`). */
  timeFormat?: CsvTimeFormat;
  /** Field separator (default `','`). */
  delimiter?: string;
}

/** A row of a CSV bar file that cannot be used. Names the file, 1-based line and the column. */
export class CsvParseError extends InvalidInputError {
  readonly file: string;
  readonly line: number;
  readonly column: string | undefined;

  constructor(file: string, line: number, column: string | undefined, problem: string) {
    super(`${file}:${line}${column === undefined ? '' : ` column "${column}"`}: ${problem}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/**
 * Default header names, tried in order, case-insensitively. `tickvol` comes before `volume`
 * because MetaTrader exports (`Date,Open,High,Low,Close,Tickvol,Volume,Spread`) leave `Volume`
 * at 0 for FX and keep the activity in `Tickvol`.
 */
const DEFAULT_NAMES: Record<keyof OhlcCsvColumns, readonly string[]> = {
  time: ['time', 'timestamp', 'date', 'datetime', 'open_time', 'opentime'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['tickvol', 'tick_volume', 'volume', 'vol', 'v'],
};

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
type Field = (typeof FIELDS)[number];

/** A Float64Array that doubles its capacity when full. */
class GrowableColumn {
  #data = new Float64Array(4096);
  length = 0;

  push(x: number): void {
    if (this.length === this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.length++] = x;
  }

  last(): number {
    return this.#data[this.length - 1] ?? NaN;
  }

  /** A right-sized copy (the spare capacity is released with the builder). */
  finish(): Float64Array {
    return this.#data.slice(0, this.length);
  }
}

interface Layout {
  /** Field index in the row for each column, -1 when absent. */
  index: Record<Field, number>;
  /** Header names as written in the file, for error messages. */
  header: string[];
}

function resolveLayout(file: string, header: string[], columns: OhlcCsvColumns): Layout {
  const lower = header.map((h) => h.trim().toLowerCase());
  const index = {} as Record<Field, number>;
  for (const field of FIELDS) {
    const wanted = columns[field];
    const candidates = wanted !== undefined ? [wanted.toLowerCase()] : DEFAULT_NAMES[field];
    const found = candidates.map((name) => lower.indexOf(name)).find((i) => i >= 0) ?? -1;
    if (found < 0 && (wanted !== undefined || (field !== 'time' && field !== 'volume'))) {
      const names = wanted !== undefined ? `"${wanted}"` : candidates.map((c) => `"${c}"`).join(' or ');
      throw new CsvParseError(file, 1, wanted ?? field, `header has no ${field} column (looked for ${names})`);
    }
    index[field] = found;
  }
  return { index, header };
}

function splitFields(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((f) => {
    const t = f.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
  });
}

/**
 * Reads a CSV bar file into columns, streaming.
 *
 * Understands the two layouts of the project's shared data out of the box, by their headers:
 * MetaTrader exports `Date,Open,High,Low,Close,Tickvol,Volume,Spread` (times like
 * `2022.10.10 00:00:00`, volume taken from `Tickvol`) and `timestamp,open,high,low,close,volume`
 * (times like `2021-12-31 23:01:00.000000`); and any other CSV with a header row, through
 * `options.columns` and `options.timeFormat`. All times are UTC epoch milliseconds.
 *
 * Each row is checked as it is read (field count, numbers, high >= low, times not going
 * backwards), then the whole result by {@link assertOhlc}.
 * @throws CsvParseError (an InvalidInputError naming file, line and column) for a bad header or
 *   row; the Node.js fs error (`code` `ENOENT`, ...) when the file cannot be read
 */
export async function loadOhlcCsv(path: string, options: OhlcCsvOptions = {}): Promise<Ohlc> {
  const delimiter = options.delimiter ?? ',';
  const timeFormat = options.timeFormat ?? 'auto';
  const cols = Object.fromEntries(FIELDS.map((f) => [f, new GrowableColumn()])) as Record<Field, GrowableColumn>;
  let layout: Layout | undefined;
  let parseTime: ((text: string) => number) | undefined;
  let lineNo = 0;

  const consume = (raw: string): void => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim().length === 0) return;
    const fields = splitFields(line, delimiter);
    if (layout === undefined) {
      layout = resolveLayout(path, fields, options.columns ?? {});
      return;
    }
    if (fields.length !== layout.header.length) {
      throw new CsvParseError(path, lineNo, undefined, `expected ${layout.header.length} fields, got ${fields.length}`);
    }
    for (const field of FIELDS) {
      const i = layout.index[field];
      if (i < 0) {
        if (field === 'volume') cols.volume.push(0);
        continue;
      }
      const text = fields[i] ?? '';
      const name = layout.header[i];
      let x: number;
      if (field === 'time') {
        try {
          parseTime ??= timeParser(timeFormat, text);
          x = parseTime(text);
        } catch (err) {
          if (err instanceof TimeParseError) throw new CsvParseError(path, lineNo, name, err.message);
          throw err;
        }
        if (cols.time.length > 0 && x < cols.time.last()) {
          throw new CsvParseError(path, lineNo, name, `time ${text} is before the previous row's`);
        }
      } else {
        x = text.length > 0 ? Number(text) : NaN;
        if (!Number.isFinite(x)) throw new CsvParseError(path, lineNo, name, `"${text}" is not a finite number`);
      }
      cols[field].push(x);
    }
    if (cols.high.last() < cols.low.last()) {
      throw new CsvParseError(path, lineNo, layout.header[layout.index.high], 'high is below low');
    }
  };

  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      consume(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) consume(rest);
  if (layout === undefined) throw new CsvParseError(path, 1, undefined, 'the file is empty (no header row)');

  const bars: Ohlc = {
    open: cols.open.finish(),
    high: cols.high.finish(),
    low: cols.low.finish(),
    close: cols.close.finish(),
    volume: cols.volume.finish(),
  };
  if (layout.index.time >= 0) bars.time = cols.time.finish();
  if (bars.close.length === 0) throw new CsvParseError(path, lineNo, undefined, 'the file has no data rows');
  assertOhlc(bars);
  return bars;
}
