/**
 * Converts Binance websocket payloads (and the REST depth snapshot) into {@link MarketEvent}s.
 *
 * Handles the combined-stream envelope `{"stream": ..., "data": ...}` of `trade`, `bookTicker`
 * and `depthUpdate` (spot `depth@100ms` and USD-M futures `depth@0ms`, whose `pu` becomes
 * `prevFinalUpdateId`), and the bare REST snapshot `{"lastUpdateId", "bids", "asks"}`, which names
 * no symbol: the caller supplies it. Prices and quantities arrive as decimal strings.
 */
import { parseEvent } from './validate.js';
import type { MarketEvent } from './schema.js';

/** Context Binance payloads do not carry themselves. */
export interface BinanceContext {
  /** Venue name recorded on every event, e.g. `binance-spot` or `binance-usdm`. */
  venue: string;
  /** Symbol for payloads without one (the REST snapshot), e.g. `BTCUSDT`. */
  symbol: string;
  /** Local receive time, epoch milliseconds. */
  receiveTime: number;
}

type Json = Record<string, unknown>;

function levels(raw: unknown): [unknown, unknown][] {
  return Array.isArray(raw) ? raw.map((l) => (Array.isArray(l) ? [Number(l[0]), Number(l[1])] : [l, l])) : [];
}

function optionalTime(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

function convert(payload: Json, ctx: BinanceContext): unknown {
  const common = { venue: ctx.venue, receiveTime: ctx.receiveTime };
  if ('lastUpdateId' in payload && 'bids' in payload) {
    return {
      type: 'book_snapshot',
      ...common,
      symbol: ctx.symbol,
      exchangeTime: optionalTime(payload.E),
      lastUpdateId: payload.lastUpdateId,
      bids: levels(payload.bids),
      asks: levels(payload.asks),
    };
  }
  const symbol = typeof payload.s === 'string' ? payload.s : ctx.symbol;
  if (payload.e === 'trade') {
    return {
      type: 'trade',
      ...common,
      symbol,
      exchangeTime: optionalTime(payload.T ?? payload.E),
      tradeId: String(payload.t),
      price: Number(payload.p),
      qty: Number(payload.q),
      side: payload.m === true ? 'sell' : 'buy',
    };
  }
  if (payload.e === 'depthUpdate') {
    return {
      type: 'book_delta',
      ...common,
      symbol,
      exchangeTime: optionalTime(payload.T ?? payload.E),
      firstUpdateId: payload.U,
      finalUpdateId: payload.u,
      prevFinalUpdateId: typeof payload.pu === 'number' ? payload.pu : null,
      bids: levels(payload.b),
      asks: levels(payload.a),
    };
  }
  if ('b' in payload && 'a' in payload && 'B' in payload && 'A' in payload) {
    return {
      type: 'quote',
      ...common,
      symbol,
      exchangeTime: optionalTime(payload.T ?? payload.E),
      bidPrice: Number(payload.b),
      bidQty: Number(payload.B),
      askPrice: Number(payload.a),
      askQty: Number(payload.A),
      updateId: typeof payload.u === 'number' ? payload.u : null,
    };
  }
  return payload;
}

/**
 * Converts one decoded Binance payload (with or without the stream envelope) into a checked event.
 *
 * @throws InvalidEventError when the payload is of an unknown kind or fails the event schema
 */
export function fromBinance(payload: unknown, ctx: BinanceContext): MarketEvent {
  if (payload === null || typeof payload !== 'object') return parseEvent(payload);
  const inner = 'stream' in payload && 'data' in payload ? (payload as Json).data : payload;
  return parseEvent(inner !== null && typeof inner === 'object' ? convert(inner as Json, ctx) : inner);
}
