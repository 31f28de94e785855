import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { book, InvalidInputError } from '../../src/index.js';

const LINES = [
  '1723161253937085768 {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":10,"u":12,"b":[["100.00","1.5"]],"a":[]}}',
  '1723161254087891268 {"stream":"btcusdt@bookTicker","data":{"u":12,"s":"BTCUSDT","b":"100.00","B":"1.5","a":"100.02","A":"2"}}',
  '1723161254087896568 {"stream":"btcusdt@trade","data":{"e":"trade","E":2,"s":"BTCUSDT","t":7,"p":"100.02","q":"0.5","T":3,"m":false,"M":true}}',
  '1723161254206652067 {"lastUpdateId":11,"bids":[["100.00","1"]],"asks":[["100.02","2"]]}',
  '',
];

describe('book.readBinanceCapture', () => {
  it('streams typed events from gzip and plain text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smc-capture-'));
    writeFileSync(join(dir, 'c.gz'), gzipSync(LINES.join('\n')));
    writeFileSync(join(dir, 'c.txt'), LINES.join('\r\n'));
    for (const f of ['c.gz', 'c.txt']) {
      const events = [];
      for await (const ev of book.readBinanceCapture(join(dir, f))) events.push(ev);
      expect(events.map((e) => e.type)).toEqual(['depth', 'bookTicker', 'trade', 'snapshot']);
      expect(events[0]).toMatchObject({ firstUpdateId: 10, lastUpdateId: 12, bids: [['100.00', '1.5']], line: 1 });
      expect(events[0]!.receivedNs).toBe(1723161253937085768n);
      expect(events[1]).toMatchObject({ updateId: 12, bid: 100, bidQty: 1.5, ask: 100.02, askQty: 2 });
      expect(events[2]).toMatchObject({ price: 100.02, qty: 0.5, buyerIsMaker: false, tradeId: 7 });
      expect(events[3]).toMatchObject({ lastUpdateId: 11 });
    }
  });

  it('rejects malformed lines with the line number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smc-capture-'));
    writeFileSync(join(dir, 'bad.txt'), `${LINES[0]}\n123 {not json\n`);
    const read = async () => {
      for await (const ev of book.readBinanceCapture(join(dir, 'bad.txt'))) void ev;
    };
    await expect(read()).rejects.toThrow(InvalidInputError);
    await expect(read()).rejects.toThrow(/line 2/);
    expect(() => book.parseCaptureLine('nonsense')).toThrow(InvalidInputError);
  });
});
