import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '../../src/errors.js';
import { decodeEvent, fromBinance, InvalidEventError, parseEvent } from '../../src/events/index.js';

const trade = {
  type: 'trade',
  venue: 'binance-spot',
  symbol: 'BTCUSDT',
  exchangeTime: 1_723_161_255_342,
  receiveTime: 1_723_161_254_087.9,
  tradeId: '3735683259',
  price: 61_837.63,
  qty: 0.02,
  side: 'sell',
};

describe('event schema at the edge', () => {
  it('accepts each event kind and returns it typed', () => {
    expect(parseEvent(trade)).toEqual(trade);
    const delta = {
      type: 'book_delta',
      venue: 'v',
      symbol: 'S',
      exchangeTime: null,
      receiveTime: 1,
      firstUpdateId: 10,
      finalUpdateId: 12,
      prevFinalUpdateId: 9,
      bids: [[100, 0]],
      asks: [[101, 2.5]],
    };
    expect(parseEvent(delta)).toEqual(delta);
    const bar = {
      type: 'bar',
      venue: 'v',
      symbol: 'S',
      exchangeTime: 60_000,
      receiveTime: 60_000,
      timeframe: '1m',
      openTime: 0,
      open: 1,
      high: 2,
      low: 0.5,
      close: 1.5,
      volume: 0,
    };
    expect(parseEvent(bar).type).toBe('bar');
  });

  it('rejects invalid messages with a typed error naming the field', () => {
    const cases: [unknown, string][] = [
      [{ ...trade, price: -1 }, 'price'],
      [{ ...trade, price: Number.NaN }, 'price'],
      [{ ...trade, side: 'long' }, 'side'],
      [{ ...trade, symbol: '' }, 'symbol'],
      [{ ...trade, type: 'liquidation' }, 'type'],
      [{ ...trade, receiveTime: undefined }, 'receiveTime'],
      [
        { type: 'book_delta', venue: 'v', symbol: 'S', exchangeTime: 1, receiveTime: 1, firstUpdateId: 5, finalUpdateId: 4, prevFinalUpdateId: null, bids: [], asks: [] },
        'finalUpdateId',
      ],
      [
        { type: 'bar', venue: 'v', symbol: 'S', exchangeTime: 1, receiveTime: 1, timeframe: '1m', openTime: 0, open: 3, high: 2, low: 1, close: 1.5, volume: 1 },
        'high',
      ],
      [{ type: 'bar', venue: 'v', symbol: 'S', exchangeTime: 1, receiveTime: 1, timeframe: '7x', openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }, 'timeframe'],
    ];
    for (const [value, field] of cases) {
      let caught: unknown;
      try {
        parseEvent(value);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(InvalidEventError);
      expect(caught).toBeInstanceOf(InvalidInputError);
      const err = caught as InvalidEventError;
      expect(err.code).toBe('SMC_INVALID_INPUT');
      expect(err.reason).toBe('schema_violation');
      expect(err.problems.join(' ')).toContain(field);
    }
  });

  it('decodes JSON text and bytes, and reports unparseable input as malformed_json', () => {
    expect(decodeEvent(JSON.stringify(trade))).toEqual(trade);
    expect(decodeEvent(new TextEncoder().encode(JSON.stringify(trade)))).toEqual(trade);
    expect(() => decodeEvent('{"type":')).toThrow(expect.objectContaining({ reason: 'malformed_json' }));
    expect(() => decodeEvent('')).toThrow(InvalidEventError);
  });
});

describe('Binance adapter', () => {
  const ctx = { venue: 'binance-usdm', symbol: 'BTCUSDT', receiveTime: 5 };

  it('converts futures bookTicker with exchange time and depth diffs with pu', () => {
    const quote = fromBinance(
      { stream: 'btcusdt@bookTicker', data: { e: 'bookTicker', u: 7, s: 'BTCUSDT', b: '61800.20', B: '3.1', a: '61800.30', A: '0.5', T: 11, E: 12 } },
      ctx,
    );
    expect(quote).toEqual({ type: 'quote', venue: 'binance-usdm', symbol: 'BTCUSDT', exchangeTime: 11, receiveTime: 5, bidPrice: 61_800.2, bidQty: 3.1, askPrice: 61_800.3, askQty: 0.5, updateId: 7 });
    const delta = fromBinance({ e: 'depthUpdate', E: 2, T: 1, s: 'BTCUSDT', U: 10, u: 20, pu: 9, b: [['1.5', '0.000']], a: [] }, ctx);
    expect(delta).toMatchObject({ type: 'book_delta', firstUpdateId: 10, finalUpdateId: 20, prevFinalUpdateId: 9, bids: [[1.5, 0]], exchangeTime: 1 });
  });

  it('takes the symbol of a REST snapshot from the context and rejects unknown payloads', () => {
    const snap = fromBinance({ lastUpdateId: 3, bids: [['10', '1']], asks: [['11', '2']] }, ctx);
    expect(snap).toMatchObject({ type: 'book_snapshot', symbol: 'BTCUSDT', exchangeTime: null, lastUpdateId: 3 });
    expect(() => fromBinance({ e: 'kline', k: {} }, ctx)).toThrow(InvalidEventError);
    expect(() => fromBinance({ e: 'trade', s: 'BTCUSDT', t: 1, p: 'abc', q: '1', T: 1, m: false }, ctx)).toThrow(InvalidEventError);
  });
});
