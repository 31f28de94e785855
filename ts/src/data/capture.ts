/**
 * Streaming reader of Binance websocket captures: one event per line, `<local receive ns> <json>`,
 * optionally gzip-compressed (the format of `../shared/data/binance-btcusdt-l2`).
 *
 * The file is gunzipped and split into lines as a stream, so memory stays bounded by one chunk
 * whatever the capture size. Depth levels keep Binance's decimal strings (the order book converts
 * them to integer ticks exactly); top-of-book and trade prices are parsed to numbers.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

import { InvalidInputError } from '../errors.js';

/** A `[price, quantity]` pair as Binance sends it. */
export type RawLevel = readonly [string, string];

interface Base {
  /** Local receive time in nanoseconds since the epoch (exceeds 2^53, hence bigint). */
  receivedNs: bigint;
  /** 1-based line number in the capture. */
  line: number;
}

/** A REST depth snapshot (`GET /api/v3/depth` or `/fapi/v1/depth`). */
export interface SnapshotEvent extends Base {
  type: 'snapshot';
  lastUpdateId: number;
  bids: RawLevel[];
  asks: RawLevel[];
}

/** A `<symbol>@depth` diff. */
export interface DepthEvent extends Base {
  type: 'depth';
  stream: string;
  symbol: string;
  /** Event time (ms). */
  eventTime: number;
  /** `U`: first update id in the event. */
  firstUpdateId: number;
  /** `u`: final update id in the event. */
  lastUpdateId: number;
  /** `pu` (futures only): final update id of the previous event. */
  prevLastUpdateId?: number;
  bids: RawLevel[];
  asks: RawLevel[];
}

/** A `<symbol>@bookTicker` best bid/ask update. */
export interface BookTickerEvent extends Base {
  type: 'bookTicker';
  stream: string;
  symbol: string;
  updateId: number;
  /** Transaction time `T` (ms), sent by futures only. */
  time?: number;
  bid: number;
  bidQty: number;
  ask: number;
  askQty: number;
}

/** A `<symbol>@trade` print. */
export interface TradeEvent extends Base {
  type: 'trade';
  stream: string;
  symbol: string;
  tradeId: number;
  /** Trade time (ms). */
  time: number;
  price: number;
  qty: number;
  /** `m`: the buyer was the maker, i.e. the seller was the aggressor. */
  buyerIsMaker: boolean;
}

/** Any other stream message, passed through. */
export interface OtherEvent extends Base {
  type: 'other';
  stream: string;
  data: unknown;
}

export type CaptureEvent = SnapshotEvent | DepthEvent | BookTickerEvent | TradeEvent | OtherEvent;

export interface ReadCaptureOptions {
  /** Force (true) or disable (false) gunzip; by default detected from the gzip magic bytes. */
  gzip?: boolean;
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

type Json = Record<string, unknown>;

function levels(v: unknown, what: string, line: number): RawLevel[] {
  if (!Array.isArray(v)) throw new InvalidInputError(`line ${line}: ${what} is not an array`);
  return v as RawLevel[];
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

/**
 * Parses one capture line into a typed event.
 *
 * @throws InvalidInputError when the line is not `<ns> <json>` or the JSON is malformed
 */
export function parseCaptureLine(text: string, line = 0): CaptureEvent {
  const space = text.indexOf(' ');
  if (space <= 0) throw new InvalidInputError(`line ${line}: expected "<ns> <json>"`);
  let receivedNs: bigint;
  let msg: Json;
  try {
    receivedNs = BigInt(text.slice(0, space));
    msg = JSON.parse(text.slice(space + 1)) as Json;
  } catch (cause) {
    throw new InvalidInputError(`line ${line}: not "<ns> <json>"`, { cause });
  }
  if ('lastUpdateId' in msg) {
    return {
      type: 'snapshot',
      receivedNs,
      line,
      lastUpdateId: num(msg.lastUpdateId),
      bids: levels(msg.bids, 'bids', line),
      asks: levels(msg.asks, 'asks', line),
    };
  }
  const stream = typeof msg.stream === 'string' ? msg.stream : '';
  const d = (msg.data ?? msg) as Json;
  const symbol = String(d.s ?? '');
  if (d.e === 'depthUpdate') {
    const ev: DepthEvent = {
      type: 'depth',
      receivedNs,
      line,
      stream,
      symbol,
      eventTime: num(d.E),
      firstUpdateId: num(d.U),
      lastUpdateId: num(d.u),
      bids: levels(d.b, 'b', line),
      asks: levels(d.a, 'a', line),
    };
    if (d.pu !== undefined) ev.prevLastUpdateId = num(d.pu);
    return ev;
  }
  if (stream.endsWith('@bookTicker') || d.e === 'bookTicker') {
    const ev: BookTickerEvent = {
      type: 'bookTicker',
      receivedNs,
      line,
      stream,
      symbol,
      updateId: num(d.u),
      bid: num(d.b),
      bidQty: num(d.B),
      ask: num(d.a),
      askQty: num(d.A),
    };
    if (d.T !== undefined) ev.time = num(d.T);
    return ev;
  }
  if (d.e === 'trade') {
    return {
      type: 'trade',
      receivedNs,
      line,
      stream,
      symbol,
      tradeId: num(d.t),
      time: num(d.T),
      price: num(d.p),
      qty: num(d.q),
      buyerIsMaker: d.m === true,
    };
  }
  return { type: 'other', receivedNs, line, stream, data: d };
}

/**
 * Reads a capture file as an async iterator of typed events, in file order.
 *
 * ```ts
 * for await (const ev of readBinanceCapture('spot_btcusdt_20240808.gz')) {
 *   if (ev.type === 'depth') book.applyDiff(ev);
 *   else if (ev.type === 'snapshot') book.applySnapshot(ev);
 * }
 * ```
 *
 * @throws InvalidInputError on a malformed line (with its line number); file system errors as is
 */
export async function* readBinanceCapture(path: string, options: ReadCaptureOptions = {}): AsyncGenerator<CaptureEvent> {
  const gzip = options.gzip ?? (await isGzip(path));
  const file = createReadStream(path);
  const text = gzip ? file.pipe(createGunzip()) : file;
  file.on('error', (err) => text.destroy(err));
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.length === 0) continue;
      yield parseCaptureLine(line, n);
    }
  } finally {
    lines.close();
    file.destroy();
  }
}
