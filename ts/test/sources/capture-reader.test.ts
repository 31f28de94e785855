// The native capture reader against the JavaScript path it replaces (JSON.parse + fromBinance +
// the event schema, per line): the same events on the real captures, and the same accepted and
// rejected lines, with the same reasons, on thousands of mutated real lines.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { afterAll, describe, expect, it } from 'vitest';

import { InvalidInputError, NotFoundError } from '../../src/errors.js';
import { captureRow } from '../../src/events/capture.js';
import type { MarketEvent } from '../../src/events/index.js';
import { CaptureReader, ReplaySource, type ReplaySourceOptions } from '../../src/sources/index.js';
import { SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

const USDM = 'binance-btcusdt-l2/usdm_btcusdt_20240808.gz';
const SPOT = 'binance-btcusdt-l2/spot_btcusdt_20240808.gz';

interface Replay {
  events: string[];
  rejected: [string, string][];
  stats: { delivered: number; rejected: number };
}

/** Every event (as JSON) and every rejected line (reason, line) of one reader. */
async function replay(path: string, reader: 'native' | 'js', options: Partial<ReplaySourceOptions> = {}): Promise<Replay> {
  const rejected: [string, string][] = [];
  const source = new ReplaySource({ path, format: 'capture', venue: 'binance-usdm', symbol: 'BTCUSDT', reader, ...options, onInvalid: (e, meta) => rejected.push([e.reason, meta.offset]) });
  const events: string[] = [];
  for await (const { event, meta } of source.entries()) events.push(`${meta.offset} ${JSON.stringify(event)}`);
  return { events, rejected, stats: { delivered: events.length, rejected: source.stats().rejected } };
}

/** Both captures (each suite reads both). */
const captures = (suite: string) => sharedDataAvailable(USDM, suite) && sharedDataAvailable(SPOT, suite);

describe.skipIf(!captures('capture reader vs JavaScript on the captures'))('the native capture reader on the real captures', () => {
  for (const file of [USDM, SPOT]) {
    it(`delivers exactly the JavaScript reader's events: ${file.split('/')[1]}`, async () => {
      const path = join(SHARED_DATA, file);
      const [native, js] = await Promise.all([replay(path, 'native'), replay(path, 'js')]);
      expect(native.stats).toEqual(js.stats);
      expect(native.stats.rejected).toBe(0);
      expect(native.events.length).toBe(js.events.length);
      for (let i = 0; i < js.events.length; i++) if (native.events[i] !== js.events[i]) expect(native.events[i]).toBe(js.events[i]);
    }, 120_000);
  }

  it('reads the USDT-M capture in batches: 93,954 messages, 532,923 book events', () => {
    let messages = 0;
    let bookEvents = 0;
    let batches = 0;
    for (const b of new CaptureReader(join(SHARED_DATA, USDM), { batchSize: 10_000 })) {
      expect(b.length).toBeLessThanOrEqual(10_000);
      messages += b.length;
      bookEvents += b.bookEvents;
      batches++;
    }
    // 445,521 price levels (diffs and the snapshot's 2 x 1,000) + 66,089 quotes + 21,313 trades.
    expect({ messages, bookEvents, batches }).toEqual({ messages: 93_954, bookEvents: 532_923, batches: 10 });
  });

  it('book events keep their levels in native memory until read, then look like plain events', async () => {
    const source = new ReplaySource({ path: join(SHARED_DATA, USDM), symbol: 'BTCUSDT' });
    let delta: MarketEvent | undefined;
    for await (const batch of source.batches()) {
      for (let i = 0; i < batch.length && !delta; i++) {
        const e = batch.event(i);
        if (e.type === 'book_delta') delta = e;
      }
      break;
    }
    if (delta?.type !== 'book_delta') throw new Error('no diff in the first batch');
    expect(captureRow(delta)).toBeDefined();
    const plain = JSON.parse(JSON.stringify(delta)) as typeof delta;
    expect(plain.bids.length).toBeGreaterThan(0);
    expect(delta).toEqual(plain);
    expect({ ...delta }).toEqual(plain);
    expect(Object.keys(delta)).toEqual(['type', 'venue', 'receiveTime', 'symbol', 'exchangeTime', 'firstUpdateId', 'finalUpdateId', 'prevFinalUpdateId', 'bids', 'asks']);
    expect(delta.bids).toBe(delta.bids); // built once
    // Assigned levels replace the native row: the book then applies what was assigned.
    delta.bids = [[1, 2]];
    expect(delta.bids).toEqual([[1, 2]]);
    expect(captureRow(delta)).toBeUndefined();
  });
});

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = Record<string, unknown>;

// Replacement values: numbers, numeric and odd strings, booleans, null, empty object. Not `[]`
// or `[x]` for scalar fields and not a non-number `t`: there the readers deliberately differ
// (see the next suite).
const VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 2, 2 ** 53, '', ' 12 ', '0x10', '1e2', 'abc', '-3', {}, '61837.63', 'Infinity'];

function mutateObject(o: Json, rand: () => number): void {
  const keys = Object.keys(o).filter((k) => k !== 't');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const r = rand();
  if (r < 0.2 && keys.length > 0) {
    delete o[pick(keys)];
  } else if (r < 0.65 && keys.length > 0) {
    const k = pick(keys);
    const v = o[k];
    if (Array.isArray(v) && v.length > 0 && rand() < 0.7) {
      // A level: drop or add an element, or replace its price or quantity.
      const i = Math.floor(rand() * v.length);
      const level = v[i];
      const choices: unknown[] = [[level?.[0]], [...(Array.isArray(level) ? level : []), 'x'], '5', 5, [level?.[0], '-1'], ['0', level?.[1]], [level?.[0], ''], [level?.[0], null], [{}, '1']];
      v[i] = pick(choices);
    } else {
      o[k] = pick(VALUES);
    }
  } else if (r < 0.8) {
    const k = pick(['e', 'U', 'u', 'pu', 'E', 'T', 's', 'b', 'a', 'B', 'A', 'p', 'q', 'm', 'lastUpdateId', 'bids']);
    o[k] = pick([...VALUES, 'trade', 'depthUpdate', ...(k === 'b' || k === 'a' || k === 'bids' ? [[]] : [])]);
  } else if ('e' in o) {
    o.e = pick(['trade', 'depthUpdate', 'kline', 'bookTicker']);
  } else {
    o.u = pick([1, 2.5, -4, 'x']);
  }
}

function mutateLine(line: string, rand: () => number): string {
  const space = line.indexOf(' ');
  const ns = line.slice(0, space);
  const r = rand();
  if (r < 0.06) return line.slice(0, Math.floor(rand() * line.length)); // truncated
  if (r < 0.08) return `x${ns} ${line.slice(space + 1)}`;
  if (r < 0.1) return `${ns}${line.slice(space + 1)}`;
  if (r < 0.12) return `${line} trailing`;
  if (r < 0.13) return '';
  if (r < 0.14) return `${line}\r`;
  if (r < 0.16) return `${ns} ${JSON.stringify({ stream: 's', data: [1] })}`;
  const payload = JSON.parse(line.slice(space + 1)) as Json;
  const target = payload.data !== null && typeof payload.data === 'object' && rand() < 0.85 ? (payload.data as Json) : payload;
  const n = 1 + Math.floor(rand() * 2);
  for (let k = 0; k < n; k++) mutateObject(target, rand);
  return `${ns} ${JSON.stringify(payload)}`;
}

/** The first `perKind` lines of each message kind of a capture. */
function sampleLines(file: string, perKind: number): string[] {
  const lines = gunzipSync(readFileSync(join(SHARED_DATA, file))).toString('utf8').split('\n');
  const byKind = new Map<string, string[]>();
  for (let line of lines) {
    if (!line) continue;
    const kind = line.includes('lastUpdateId') ? 'snapshot' : (/"stream":"[^"]*@(\w+)/.exec(line)?.[1] ?? 'other');
    if (kind === 'snapshot') {
      // Five levels a side: mutating a 1,000-level snapshot tests nothing more.
      const space = line.indexOf(' ');
      const p = JSON.parse(line.slice(space + 1)) as { bids: unknown[]; asks: unknown[] };
      p.bids = p.bids.slice(0, 5);
      p.asks = p.asks.slice(0, 5);
      line = `${line.slice(0, space)} ${JSON.stringify(p)}`;
    }
    const list = byKind.get(kind) ?? [];
    if (list.length < perKind && line.length < 4_000) list.push(line);
    byKind.set(kind, list);
  }
  return [...byKind.values()].flat();
}

describe.skipIf(!captures('capture reader mutations'))('the native capture reader on mutated real lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smc-capture-mutations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts and rejects exactly what the JavaScript reader does, with the same reasons', async () => {
    const base = [...sampleLines(SPOT, 60), ...sampleLines(USDM, 60)];
    const rand = random(7);
    const lines: string[] = [];
    for (let round = 0; round < 20; round++) for (const line of base) lines.push(rand() < 0.15 ? line : mutateLine(line, rand));
    const path = join(dir, 'mutated.txt');
    writeFileSync(path, lines.join('\n'));
    // Small batches: rejects and events interleave across many batch boundaries.
    const [native, js] = await Promise.all([replay(path, 'native', { batchSize: 97 }), replay(path, 'js')]);
    expect(native.stats).toEqual(js.stats);
    expect(native.rejected).toEqual(js.rejected);
    expect(native.events).toEqual(js.events);
    const reasons = new Set(js.rejected.map((r) => r[0]));
    console.log(`[capture] ${lines.length} lines: ${js.stats.delivered} delivered, ${js.stats.rejected} rejected (${[...reasons].join(', ')}) by both readers`);
    expect(js.stats.rejected).toBeGreaterThan(1_000);
    expect(js.stats.delivered).toBeGreaterThan(1_000);
    expect(reasons).toEqual(new Set(['malformed_json', 'schema_violation']));
  }, 120_000);

  it('differs only on input no venue sends, and then rejects', async () => {
    const path = join(dir, 'deviations.txt');
    writeFileSync(
      path,
      [
        '1 {"e":"trade","p":"1","q":"1"}', // no trade id: JavaScript makes it "undefined"
        '2 {"e":"trade","t":"7","p":"1","q":"1"}', // a string trade id
        '3 {"b":"1","B":[2],"a":"2","A":"1"}', // Number([2]) is 2 in JavaScript
      ].join('\n'),
    );
    const [native, js] = await Promise.all([replay(path, 'native'), replay(path, 'js')]);
    expect(js.stats).toEqual({ delivered: 3, rejected: 0 });
    expect(native.stats).toEqual({ delivered: 0, rejected: 3 });
    expect(native.rejected.map((r) => r[0])).toEqual(['schema_violation', 'schema_violation', 'schema_violation']);
  });

  it('fail mode throws a typed error naming the line; a missing file is NotFoundError', () => {
    const path = join(dir, 'fail.txt');
    writeFileSync(path, '1 {"e":"trade","t":1,"p":"1","q":"1"}\n2 {"e":"trade","t":1,"p":"0","q":"1"}\n');
    const reader = new CaptureReader(path, { onInvalid: 'fail', prefetch: false });
    expect(reader.next()?.length).toBe(1);
    expect(() => reader.next()).toThrow(InvalidInputError);
    expect(() => new CaptureReader(path, { onInvalid: 'fail' }).next()).not.toThrow(); // the line before the bad one
    try {
      const r = new CaptureReader(path, { onInvalid: 'fail' });
      r.next();
      r.next();
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidInputError).code).toBe('SMC_INVALID_INPUT');
      expect((err as Error).message).toContain('line 2: schema_violation');
    }
    expect(() => new CaptureReader(join(dir, 'none.gz'))).toThrow(NotFoundError);
    expect(() => new ReplaySource({ path, venue: '' })).toThrow(InvalidInputError);
  });
});
