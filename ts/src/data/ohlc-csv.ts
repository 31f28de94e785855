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
  /** Called after each block read from disk with the bytes read so far (for progress and ETA). */
  onBytes?: (bytesRead: number) => void;
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

  /** Appends a whole column (capacity grown once, geometrically). */
  append(xs: Float64Array): void {
    let cap = this.#data.length;
    while (cap < this.length + xs.length) cap *= 2;
    if (cap !== this.#data.length) {
      const bigger = new Float64Array(cap);
      bigger.set(this.#data.subarray(0, this.length));
      this.#data = bigger;
    }
    this.#data.set(xs, this.length);
    this.length += xs.length;
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

/** A field without surrounding blanks or double quotes. */
function cleanField(field: string): string {
  const first = field.charCodeAt(0);
  const last = field.charCodeAt(field.length - 1);
  // Fast path: most fields start and end with a digit or letter.
  if (first > 34 && last > 34) return field;
  const t = field.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function splitFields(line: string, delimiter: string): string[] {
  return line.split(delimiter);
}

/** Rows per chunk of {@link readOhlcCsvChunks} unless told otherwise. */
export const DEFAULT_CHUNK_ROWS = 65_536;

/**
 * Reads a CSV bar file as a stream of column chunks of at most `chunkRows` bars, so a file of any
 * size can be consumed in bounded memory (the chunk being filled plus the one handed out).
 *
 * Same formats, options, row checks and errors as {@link loadOhlcCsv} (which is built on it):
 * each row is checked as it is read, times must not go backwards across chunks either, and every
 * chunk passes {@link assertOhlc} before it is yielded. Stopping the iteration early (`break`)
 * closes the file.
 * @throws CsvParseError for a bad header or row, an empty file or a file without data rows; the
 *   Node.js fs error when the file cannot be read
 */
export async function* readOhlcCsvChunks(path: string, options: OhlcCsvOptions = {}, chunkRows: number = DEFAULT_CHUNK_ROWS): AsyncGenerator<Ohlc, void, undefined> {
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new InvalidInputError(`chunkRows must be a whole number >= 1, got ${chunkRows}`);
  const delimiter = options.delimiter ?? ',';
  const timeFormat = options.timeFormat ?? 'auto';
  const fresh = (): Record<Field, GrowableColumn> => Object.fromEntries(FIELDS.map((f) => [f, new GrowableColumn()])) as Record<Field, GrowableColumn>;
  let cols = fresh();
  let layout: Layout | undefined;
  let parseTime: ((text: string) => number) | undefined;
  let lineNo = 0;
  let rows = 0;
  // The previous row's time survives the chunk boundary, so ordering is checked file-wide.
  let lastTime = -Infinity;

  const consume = (raw: string): void => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim().length === 0) return;
    const fields = splitFields(line, delimiter);
    if (layout === undefined) {
      layout = resolveLayout(path, fields.map(cleanField), options.columns ?? {});
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
      const text = cleanField(fields[i] ?? '');
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
        if (x < lastTime) {
          throw new CsvParseError(path, lineNo, name, `time ${text} is before the previous row's`);
        }
        lastTime = x;
      } else {
        x = text.length > 0 ? Number(text) : NaN;
        if (!Number.isFinite(x)) throw new CsvParseError(path, lineNo, name, `"${text}" is not a finite number`);
      }
      cols[field].push(x);
    }
    if (cols.high.last() < cols.low.last()) {
      throw new CsvParseError(path, lineNo, layout.header[layout.index.high], 'high is below low');
    }
    rows++;
  };

  const take = (): Ohlc => {
    const bars: Ohlc = { open: cols.open.finish(), high: cols.high.finish(), low: cols.low.finish(), close: cols.close.finish(), volume: cols.volume.finish() };
    if (layout !== undefined && layout.index.time >= 0) bars.time = cols.time.finish();
    cols = fresh();
    assertOhlc(bars);
    return bars;
  };

  let rest = '';
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  for await (const chunk of stream) {
    options.onBytes?.(stream.bytesRead);
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      consume(text.slice(start, nl));
      start = nl + 1;
      if (cols.close.length >= chunkRows) yield take();
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) consume(rest);
  if (layout === undefined) throw new CsvParseError(path, 1, undefined, 'the file is empty (no header row)');
  if (rows === 0) throw new CsvParseError(path, lineNo, undefined, 'the file has no data rows');
  if (cols.close.length > 0) yield take();
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
 * backwards), then the whole result by {@link assertOhlc}. For files larger than memory, iterate
 * {@link readOhlcCsvChunks} instead.
 * @throws CsvParseError (an InvalidInputError naming file, line and column) for a bad header or
 *   row; the Node.js fs error (`code` `ENOENT`, ...) when the file cannot be read
 */
export async function loadOhlcCsv(path: string, options: OhlcCsvOptions = {}): Promise<Ohlc> {
  const cols = Object.fromEntries(FIELDS.map((f) => [f, new GrowableColumn()])) as Record<Field, GrowableColumn>;
  let timed = false;
  for await (const chunk of readOhlcCsvChunks(path, options)) {
    timed = chunk.time !== undefined;
    for (const field of FIELDS) {
      const c = chunk[field];
      if (c) cols[field].append(c);
    }
  }
  const bars: Ohlc = {
    open: cols.open.finish(),
    high: cols.high.finish(),
    low: cols.low.finish(),
    close: cols.close.finish(),
    volume: cols.volume.finish(),
  };
  if (timed) bars.time = cols.time.finish();
  assertOhlc(bars);
  return bars;
}
