import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { CsvParseError, InvalidInputError, loadOhlcCsv } from '../../src/index.js';
import { SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

const EURUSD = 'eurusd-15m/EURUSD_15M.csv';
const BTC = 'btc-perp-1m/btc-perp-20211231-20220201_1m.csv';

describe.skipIf(!sharedDataAvailable(EURUSD, 'loadOhlcCsv on EURUSD 15m'))('loadOhlcCsv: MetaTrader layout', () => {
  it('reads every bar with UTC times and Tickvol as volume', async () => {
    const bars = await loadOhlcCsv(join(SHARED_DATA, EURUSD));
    expect(bars.close.length).toBe(24_424);
    expect(bars.time?.[0]).toBe(Date.UTC(2022, 9, 10, 0, 0, 0));
    expect(bars.time?.[1]).toBe(Date.UTC(2022, 9, 10, 0, 15, 0));
    expect(bars.time?.[bars.close.length - 1]).toBe(Date.UTC(2023, 9, 2, 6, 45, 0));
    // First row: 2022.10.10 00:00:00,0.97312,0.97369,0.97312,0.97357,60,0,20
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual([
      0.97312, 0.97369, 0.97312, 0.97357, 60,
    ]);
    expect(bars.volume.every((v) => v >= 0)).toBe(true);
    expect(bars.volume.some((v) => v > 0)).toBe(true);
  });

  it('can read the all-zero Volume column instead when asked', async () => {
    const bars = await loadOhlcCsv(join(SHARED_DATA, EURUSD), { columns: { volume: 'Volume' } });
    expect(bars.volume.every((v) => v === 0)).toBe(true);
  });
});

describe.skipIf(!sharedDataAvailable(BTC, 'loadOhlcCsv on BTC perp 1m'))('loadOhlcCsv: timestamp layout', () => {
  it('reads every bar with microsecond timestamps as UTC epoch ms', async () => {
    const bars = await loadOhlcCsv(join(SHARED_DATA, BTC));
    expect(bars.close.length).toBe(45_031);
    expect(bars.time?.[0]).toBe(Date.UTC(2021, 11, 31, 23, 1, 0));
    expect(bars.time?.[bars.close.length - 1]).toBe(Date.UTC(2022, 1, 1, 5, 31, 0));
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual([
      46319.0, 46385.0, 46319.0, 46377.0, 2300413.7295,
    ]);
  });
});

describe('loadOhlcCsv: generic CSV and errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smc-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const file = (text: string): string => {
    const path = join(dir, `f${n++}.csv`);
    writeFileSync(path, text);
    return path;
  };

  it('maps columns by header name and parses each time format', async () => {
    const epochS = file('ts;o;h;l;c;qty\n1700000000;1;2;0.5;1.5;10\n1700000060;1.5;2.5;1;2;20\n');
    const bars = await loadOhlcCsv(epochS, {
      delimiter: ';',
      columns: { time: 'ts', open: 'o', high: 'h', low: 'l', close: 'c', volume: 'qty' },
    });
    expect(Array.from(bars.time ?? [])).toEqual([1_700_000_000_000, 1_700_000_060_000]);
    expect(Array.from(bars.volume)).toEqual([10, 20]);

    const epochMs = await loadOhlcCsv(file('time,open,high,low,close,volume\r\n1700000000000,1,2,0.5,1.5,10\r\n'));
    expect(epochMs.time?.[0]).toBe(1_700_000_000_000);

    const iso = await loadOhlcCsv(
      file('Date,Open,High,Low,Close\n2024-01-02T03:04:05.250Z,1,2,0.5,1.5\n2024-01-02T05:04:06+02:00,1,2,0.5,1.5\n'),
      { timeFormat: 'iso' },
    );
    expect(iso.time?.[0]).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 250));
    expect(iso.time?.[1]).toBe(Date.UTC(2024, 0, 2, 3, 4, 6));
    expect(Array.from(iso.volume)).toEqual([0, 0]); // no volume column

    const noTime = await loadOhlcCsv(file('"open","high","low","close","volume"\n"1","2","0.5","1.5","3"\n'));
    expect(noTime.time).toBeUndefined();
    expect(noTime.close[0]).toBe(1.5);
  });

  it('reads files larger than one stream chunk and the growth step', async () => {
    const rows = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < 20_000; i++) rows.push(`${1_600_000_000_000 + i * 60_000},${i},${i + 1},${i - 1},${i + 0.5},${i}`);
    const bars = await loadOhlcCsv(file(rows.join('\n')));
    expect(bars.close.length).toBe(20_000);
    expect(bars.close[19_999]).toBe(19_999.5);
    expect(bars.time?.[12_345]).toBe(1_600_000_000_000 + 12_345 * 60_000);
  });

  async function failure(text: string, options = {}): Promise<CsvParseError> {
    const path = file(text);
    const err = await loadOhlcCsv(path, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CsvParseError);
    expect(err).toBeInstanceOf(InvalidInputError);
    const e = err as CsvParseError;
    expect(e.file).toBe(path);
    expect(e.code).toBe('SMC_INVALID_INPUT');
    expect(e.message).toContain(path);
    return e;
  }

  it('names file, line and column for bad rows', async () => {
    const head = 'time,open,high,low,close,volume\n';
    let e = await failure(`${head}1700000000000,1,2,0.5,1.5,1\n1700000060000,1,abc,0.5,1.5,1\n`);
    expect([e.line, e.column]).toEqual([3, 'high']);
    e = await failure(`${head}1700000000000,1,2,0.5,,1\n`);
    expect([e.line, e.column]).toEqual([2, 'close']);
    e = await failure(`${head}1700000000000,1,2,0.5,NaN,1\n`);
    expect(e.column).toBe('close');
    e = await failure(`${head}1700000000000,1,2,0.5,Infinity,1\n`);
    expect(e.column).toBe('close');
    e = await failure(`${head}1700000000000,1,0.4,0.5,0.45,1\n`);
    expect([e.line, e.column, e.message]).toEqual([2, 'high', expect.stringContaining('high is below low')]);
    e = await failure(`${head}1700000060000,1,2,0.5,1.5,1\n1700000000000,1,2,0.5,1.5,1\n`);
    expect([e.line, e.column]).toEqual([3, 'time']);
    e = await failure(`${head}1700000000000,1,2,0.5,1.5\n`);
    expect(e.line).toBe(2);
    e = await failure('Date,Open,High,Low,Close\n2024-13-01 00:00:00,1,2,0.5,1.5\n');
    expect([e.line, e.column]).toEqual([2, 'Date']);
    e = await failure('Date,Open,High,Low,Close\n2024.01.01 00:00:00,1,2,0.5,1.5\n', { timeFormat: 'iso' });
    expect(e.column).toBe('Date');
    e = await failure('time,open,high,close\n1,1,2,1.5\n');
    expect([e.line, e.column]).toEqual([1, 'low']);
    e = await failure('time,open,high,low,close\n', { columns: { close: 'last' } });
    expect(e.column).toBe('last');
    await failure('');
    await failure('time,open,high,low,close\n');
  });

  it('lets filesystem errors through with their code', async () => {
    await expect(loadOhlcCsv(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
