import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { MarketEvent } from '../../src/events/index.js';
import { InvalidEventError } from '../../src/events/index.js';
import { createEngineMetrics } from '../../src/metrics/index.js';
import { ReplaySource, parseBarTime, readLines } from '../../src/sources/index.js';
import { SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

const SPOT = 'binance-btcusdt-l2/spot_btcusdt_20240808.gz';
const USDM = 'binance-btcusdt-l2/usdm_btcusdt_20240808.gz';
const BTC_PERP = 'btc-perp-1m/btc-perp-20211231-20220201_1m.csv';
const EURUSD = 'eurusd-15m/EURUSD_15M.csv';

describe.skipIf(!sharedDataAvailable(SPOT, 'ReplaySource on the Binance spot capture'))('ReplaySource on the Binance spot capture', () => {
  it('reads every line of the gz capture into typed events (counts as documented in the data README)', async () => {
    const metrics = createEngineMetrics();
    const source = new ReplaySource({ path: join(SHARED_DATA, SPOT), venue: 'binance-spot', symbol: 'BTCUSDT', metrics });
    const byType: Record<string, number> = {};
    let previousReceive = 0;
    let ordered = true;
    let snapshot: MarketEvent | undefined;
    await source.start((event) => {
      byType[event.type] = (byType[event.type] ?? 0) + 1;
      if (event.receiveTime < previousReceive) ordered = false;
      previousReceive = event.receiveTime;
      if (event.type === 'book_snapshot') snapshot = event;
    });
    const stats = await source.done();
    expect(byType).toEqual({ quote: 28_040, trade: 9_757, book_delta: 3_451, book_snapshot: 1 });
    expect(stats).toEqual({ delivered: 41_249, rejected: 0 });
    expect(ordered).toBe(true);
    expect(snapshot?.type === 'book_snapshot' && snapshot.bids.length).toBe(1_000);
    expect(snapshot?.symbol).toBe('BTCUSDT');
    expect(await metrics.registry.getSingleMetricAsString('smc_events_total')).toContain('type="trade"');
  });

  it('keeps sub-millisecond receive stamps and maps the first trade exactly', async () => {
    const source = new ReplaySource({ path: join(SHARED_DATA, SPOT), venue: 'binance-spot', symbol: 'BTCUSDT' });
    for await (const event of source) {
      if (event.type !== 'trade') continue;
      // line: 1723161254087896568 {"e":"trade","E":1723161255343,"t":3735683259,"p":"61837.63","q":"0.02","T":1723161255342,"m":true}
      expect(event).toEqual({
        type: 'trade',
        venue: 'binance-spot',
        symbol: 'BTCUSDT',
        receiveTime: 1_723_161_254_087.896568,
        exchangeTime: 1_723_161_255_342,
        tradeId: '3735683259',
        price: 61_837.63,
        qty: 0.02,
        side: 'sell',
      });
      break;
    }
  });

  it('replays at a multiple of real time', async () => {
    const source = new ReplaySource({ path: join(SHARED_DATA, SPOT), symbol: 'BTCUSDT', speed: 50 });
    let first: number | undefined;
    let last = 0;
    const start = performance.now();
    let n = 0;
    for await (const event of source) {
      first ??= event.receiveTime;
      last = event.receiveTime;
      if (++n === 3_000) break;
    }
    const wall = performance.now() - start;
    const expected = (last - (first as number)) / 50;
    expect(expected).toBeGreaterThan(200);
    expect(wall).toBeGreaterThanOrEqual(expected - 5);
    expect(wall).toBeLessThan(expected * 1.5 + 200);
  });
});

describe.skipIf(!sharedDataAvailable(USDM, 'ReplaySource streaming the futures capture'))('ReplaySource streaming the futures capture', () => {
  it('streams 28 MB of decompressed lines with flat memory and maps pu to prevFinalUpdateId', async () => {
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    let deltas = 0;
    let withPrev = 0;
    const source = new ReplaySource({ path: join(SHARED_DATA, USDM), venue: 'binance-usdm', symbol: 'BTCUSDT' });
    for await (const event of source) {
      if (event.type === 'book_delta') {
        deltas += 1;
        if (event.prevFinalUpdateId !== null) withPrev += 1;
      }
      if (deltas % 1_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(source.stats()).toEqual({ delivered: 93_954, rejected: 0 });
    expect(deltas).toBe(6_551);
    expect(withPrev).toBe(6_551);
    expect(peak - rssBefore).toBeLessThan(64 * 1024 * 1024); // far below the 28 MB of text held twice
  });
});

describe('ReplaySource formats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smc-replay-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('JSON lines: valid events delivered, invalid lines counted and reported with their line number', async () => {
    const path = join(dir, 'events.jsonl');
    const trade = { type: 'trade', venue: 'v', symbol: 'S', exchangeTime: 1, receiveTime: 2, tradeId: '1', price: 10, qty: 1, side: 'buy' };
    writeFileSync(
      path,
      [JSON.stringify(trade), '{not json', JSON.stringify({ ...trade, price: -1 }), '', JSON.stringify({ ...trade, tradeId: '2' })].join('\r\n'),
    );
    const invalid: [string, string][] = [];
    const source = new ReplaySource({ path, onInvalid: (err, meta) => invalid.push([err.reason, meta.offset]) });
    const ids: string[] = [];
    await source.start((e) => void ids.push(e.type === 'trade' ? e.tradeId : '?'));
    expect(await source.done()).toEqual({ delivered: 2, rejected: 2 });
    expect(ids).toEqual(['1', '2']);
    expect(invalid).toEqual([
      ['malformed_json', '2'],
      ['schema_violation', '3'],
    ]);
  });

  it('a handler error ends the replay with that error', async () => {
    const path = join(dir, 'one.jsonl');
    writeFileSync(path, `${JSON.stringify({ type: 'trade', venue: 'v', symbol: 'S', exchangeTime: null, receiveTime: 2, tradeId: '1', price: 10, qty: 1, side: 'buy' })}\n`);
    const source = new ReplaySource({ path });
    await source.start(() => {
      throw new Error('strategy failed');
    });
    await expect(source.done()).rejects.toThrow('strategy failed');
  });

  it('reads multi-byte text split across chunks intact', async () => {
    const path = join(dir, 'utf8.txt');
    const line = 'é'.repeat(50_000);
    writeFileSync(path, `${line}\n${line}`);
    const lines: string[] = [];
    for await (const l of readLines(path, { highWaterMark: 1_001 })) lines.push(l);
    expect(lines).toEqual([line, line]);
  });

  it('parses the bar time formats of the shared CSV files', () => {
    expect(parseBarTime('2021-12-31 23:01:00.000000')).toBe(Date.UTC(2021, 11, 31, 23, 1));
    expect(parseBarTime('2022.10.10 00:15:00')).toBe(Date.UTC(2022, 9, 10, 0, 15));
    expect(parseBarTime('1723161254')).toBe(1_723_161_254_000);
    expect(parseBarTime('yesterday')).toBeNaN();
  });
});

describe.skipIf(!sharedDataAvailable(BTC_PERP, 'ReplaySource CSV bars'))('ReplaySource CSV bars', () => {
  it('reads 1-minute BTC perpetual bars as checked bar events', async () => {
    const source = new ReplaySource({ path: join(SHARED_DATA, BTC_PERP), symbol: 'BTC-PERP', venue: 'ftx', timeframe: '1m' });
    let first: MarketEvent | undefined;
    let n = 0;
    for await (const bar of source) {
      first ??= bar;
      n += 1;
    }
    expect(n + source.stats().rejected).toBe(45_031);
    expect(first).toMatchObject({ type: 'bar', timeframe: '1m', openTime: Date.UTC(2021, 11, 31, 23, 1), open: 46_319, close: 46_377 });
  });

  it.skipIf(!sharedDataAvailable(EURUSD, 'ReplaySource CSV tick volume'))('takes volume from another column when told (EURUSD Tickvol)', async () => {
    const source = new ReplaySource({ path: join(SHARED_DATA, EURUSD), symbol: 'EURUSD', timeframe: '15m', volumeColumn: 'Tickvol' });
    for await (const bar of source) {
      expect(bar).toMatchObject({ type: 'bar', volume: 60, openTime: Date.UTC(2022, 9, 10), receiveTime: Date.UTC(2022, 9, 10, 0, 15) });
      break;
    }
  });
});
