import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { JsonlSink } from '../../src/sinks/index.js';

describe('JsonlSink', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smc-sink-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one JSON record per line and acknowledges all of them on flush', async () => {
    const path = join(dir, 'nested', 'out.jsonl');
    const sink = new JsonlSink({ path });
    for (let i = 0; i < 10_000; i++) {
      sink.publish({ kind: i % 2 ? 'order' : 'fill', symbol: 'BTCUSDT', time: i, payload: { seq: i } });
    }
    await sink.flush();
    expect(sink.stats()).toMatchObject({ published: 10_000, delivered: 10_000 });
    await sink.close();
    const again = new JsonlSink({ path }); // append mode: a restart adds, never truncates
    again.publish({ kind: 'risk_event', symbol: 'ETHUSDT', time: 1, payload: { kind: 'drawdown' } });
    await again.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(10_001);
    expect(lines[3]).toEqual({ kind: 'order', symbol: 'BTCUSDT', time: 3, payload: { seq: 3 } });
    expect(lines[10_000].kind).toBe('risk_event');
  });
});
