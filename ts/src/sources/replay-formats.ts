/**
 * Line formats a {@link ReplaySource} reads:
 * - `capture`: `<local receive ns> <json>` per line, the raw Binance websocket capture of
 *   `../shared/data/binance-btcusdt-l2` (gzip), converted by the Binance adapter;
 * - `jsonl`: one {@link MarketEvent} as JSON per line (what JsonlSink-style tools write);
 * - `csv`: OHLCV bars with a header row (`timestamp|time|date, open, high, low, close, volume`).
 */
import { fromBinance } from '../events/binance.js';
import { decodeEvent, InvalidEventError, parseEvent } from '../events/validate.js';
import type { MarketEvent } from '../events/schema.js';
import { timeframeMs } from '../cache/cache.js';
import { InvalidInputError } from '../errors.js';

/** A replayable file format. */
export type ReplayFormat = 'capture' | 'jsonl' | 'csv';

/** Context for formats whose lines do not name everything. */
export interface ReplayContext {
  /** Venue recorded on events (capture, csv). */
  venue: string;
  /** Symbol for lines without one (the capture's REST snapshot, every csv bar). */
  symbol: string;
  /** Bar timeframe of a csv file, e.g. `1m`. */
  timeframe?: string;
  /** Volume column of a csv file when not `volume` (e.g. `tickvol`). */
  volumeColumn?: string;
}

/** Turns one line into an event; null for lines that carry none (a csv header, blank lines). */
export type LineParser = (line: string) => MarketEvent | null;

/** Guesses the format from the file name. */
export function formatOf(path: string): ReplayFormat {
  if (/\.csv(\.gz)?$/i.test(path)) return 'csv';
  if (/\.jsonl?(\.gz)?$/i.test(path) || /\.ndjson(\.gz)?$/i.test(path)) return 'jsonl';
  return 'capture';
}

function captureParser(ctx: ReplayContext): LineParser {
  return (line) => {
    if (!line) return null;
    const space = line.indexOf(' ');
    const ns = space > 0 ? line.slice(0, space) : '';
    if (!/^\d+$/.test(ns)) throw new InvalidEventError('malformed_json', ['expected `<ns> <json>`']);
    // ms with a fraction: split the integer so no precision is lost above 2^53 ns.
    const receiveTime = Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
    let payload: unknown;
    try {
      payload = JSON.parse(line.slice(space + 1));
    } catch (err) {
      throw new InvalidEventError('malformed_json', [(err as Error).message], { cause: err });
    }
    return fromBinance(payload, { venue: ctx.venue, symbol: ctx.symbol, receiveTime });
  };
}

/** Epoch ms of `2021-12-31 23:01:00.000000`, `2022.10.10 00:00`, ISO text, or epoch s/ms numbers. */
export function parseBarTime(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n < 1e11 ? n * 1000 : n; // seconds vs milliseconds
  }
  const m = /^(\d{4})[.\-/](\d{2})[.\-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z)?$/.exec(t);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, s ? +s : 0) + (frac ? Math.round(Number(frac) * 1000) : 0);
}

function csvParser(ctx: ReplayContext): LineParser {
  if (!ctx.timeframe) throw new InvalidInputError('replay of a csv file needs `timeframe` (e.g. 1m)');
  const barMs = timeframeMs(ctx.timeframe);
  let columns: Record<string, number> | undefined;
  return (line) => {
    if (!line.trim()) return null;
    const cells = line.split(',');
    if (!columns) {
      columns = Object.fromEntries(cells.map((c, i) => [c.trim().toLowerCase(), i]));
      const time = ['timestamp', 'time', 'date', 'datetime', 'open_time'].find((c) => c in columns!);
      const volume = (ctx.volumeColumn ?? 'volume').toLowerCase();
      const missing = ['open', 'high', 'low', 'close', volume].filter((c) => !(c in columns!));
      if (!time || missing.length) {
        throw new InvalidInputError(`csv header lacks ${[...(time ? [] : ['a time column']), ...missing].join(', ')}`);
      }
      columns = { ...columns, __time: columns[time]!, __volume: columns[volume]! };
      return null;
    }
    const cell = (name: string) => cells[columns![name]!] ?? '';
    const openTime = parseBarTime(cell('__time'));
    const closeTime = openTime + barMs;
    return parseEvent({
      type: 'bar',
      venue: ctx.venue,
      symbol: ctx.symbol,
      exchangeTime: closeTime,
      receiveTime: closeTime,
      timeframe: ctx.timeframe,
      openTime,
      open: Number(cell('open')),
      high: Number(cell('high')),
      low: Number(cell('low')),
      close: Number(cell('close')),
      volume: Number(cell('__volume')),
    });
  };
}

/** The parser of a format. */
export function lineParser(format: ReplayFormat, ctx: ReplayContext): LineParser {
  switch (format) {
    case 'capture':
      return captureParser(ctx);
    case 'jsonl':
      return (line) => (line.trim() ? decodeEvent(line) : null);
    case 'csv':
      return csvParser(ctx);
  }
}
