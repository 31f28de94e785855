/**
 * Timestamp parsing for CSV bar files: everything becomes epoch milliseconds, UTC.
 */

/** How a CSV time column is written. */
export type CsvTimeFormat =
  /** Detect from the first data row: digits only -> epoch (ms if >= 1e11, else s); else a date. */
  | 'auto'
  /** Epoch milliseconds. */
  | 'epoch-ms'
  /** Epoch seconds (fractions allowed). */
  | 'epoch-s'
  /**
   * ISO 8601 date-time `YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|±HH:MM]`, or a bare date; UTC
   * unless an offset is given. Covers `2021-12-31 23:01:00.000000`.
   */
  | 'iso'
  /** MetaTrader exports: `YYYY.MM.DD HH:MM[:SS]`, UTC. */
  | 'metatrader';

/** A time cell that could not be read; the loader adds file, line and column. */
export class TimeParseError extends Error {}

const DATE_TIME =
  /^(\d{4})([-.])(\d{2})\2(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** `digits` decimal digits at `at`, or NaN if any is not a digit. */
function digitsAt(text: string, at: number, digits: number): number {
  let x = 0;
  for (let i = at; i < at + digits; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    x = x * 10 + d;
  }
  return x;
}

/**
 * The common shape `YYYY?MM?DD HH:MM:SS[.ffffff]` (no zone) read by character codes: one row of a
 * bar file is parsed per call, and this is several times faster than the regular expression.
 * Returns undefined for anything else, which then takes the general path.
 */
function parseFixedDateTime(text: string, separator: number): number | undefined {
  const n = text.length;
  if (n < 19 || text.charCodeAt(4) !== separator || text.charCodeAt(7) !== separator) return undefined;
  const t = text.charCodeAt(10);
  if ((t !== 32 && t !== 84) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  let fraction = 0;
  if (n > 19) {
    if (text.charCodeAt(19) !== 46 || n > 29) return undefined;
    const digits = digitsAt(text, 20, n - 20);
    if (Number.isNaN(digits) || n === 20) return undefined;
    fraction = (digits / 10 ** (n - 20)) * 1000;
  }
  if (Number.isNaN(year + month + day + hour + minute + second)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) + fraction;
}

/** Parses a calendar date-time with `-` (ISO) or `.` (MetaTrader) date separators. */
function parseDateTime(text: string, separator: '-' | '.'): number {
  const fast = parseFixedDateTime(text, separator.charCodeAt(0));
  if (fast !== undefined) return fast;
  const m = DATE_TIME.exec(text);
  if (m === null || m[2] !== separator) {
    const example = separator === '-' ? '2021-12-31 23:01:00' : '2022.10.10 00:00:00';
    throw new TimeParseError(`"${text}" is not a date-time like ${example}`);
  }
  const [year, month, day, hour, minute, second] = [1, 3, 4, 5, 6, 7].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[8] === undefined ? 0 : Number(`0.${m[8]}`) * 1000;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) {
    throw new TimeParseError(`"${text}" is not a valid calendar date-time`);
  }
  const zone = m[9];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms + fraction;
}

function parseEpoch(text: string, scale: number): number {
  const x = text.length > 0 ? Number(text) : NaN;
  if (!Number.isFinite(x)) throw new TimeParseError(`"${text}" is not an epoch number`);
  return x * scale;
}

/** Returns a parser for one format, resolving `'auto'` from a sample cell. */
export function timeParser(format: CsvTimeFormat, sample: string): (text: string) => number {
  switch (format) {
    case 'epoch-ms':
      return (t) => parseEpoch(t, 1);
    case 'epoch-s':
      return (t) => parseEpoch(t, 1000);
    case 'iso':
      return (t) => parseDateTime(t, '-');
    case 'metatrader':
      return (t) => parseDateTime(t, '.');
    case 'auto': {
      if (/^\d+(\.\d+)?$/.test(sample)) return timeParser(Number(sample) >= 1e11 ? 'epoch-ms' : 'epoch-s', sample);
      return timeParser(/^\d{4}\./.test(sample) ? 'metatrader' : 'iso', sample);
    }
    default:
      throw new TimeParseError(`unknown time format "${String(format)}"`);
  }
}
