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

/** Parses a calendar date-time with `-` (ISO) or `.` (MetaTrader) date separators. */
function parseDateTime(text: string, separator: '-' | '.'): number {
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
