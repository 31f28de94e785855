// KafkaSource's batch loop without a broker: a fake kafkajs batch payload, so the order of
// deliveries, the resolved offsets, dead letters and heartbeats can be checked message by message.
// (ts/test/integration/kafka-source.test.ts runs the same code against real Kafka.)
import { describe, expect, it } from 'vitest';

import { sources, type events } from '../../src/index.js';

type MarketEvent = events.MarketEvent;

const trade = (i: number, symbol = 'BTCUSDT') => ({
  type: 'trade',
  venue: 'test',
  symbol,
  exchangeTime: 1_700_000_000_000 + i,
  receiveTime: 1_700_000_000_001 + i,
  tradeId: String(i),
  price: 100 + i,
  qty: 1,
  side: 'buy',
});

function message(i: number, value: string, key = 'BTCUSDT') {
  return { key: Buffer.from(key), value: Buffer.from(value), offset: String(1_000 + i), headers: {}, timestamp: '0', attributes: 0 };
}

type Msg = ReturnType<typeof message>;

interface Internals {
  producer: { send: (r: { topic: string; messages: { headers: Record<string, string> }[] }) => Promise<void> };
  processBatch(payload: unknown, handler: (e: MarketEvent, meta: sources.EventMeta) => Promise<void> | void): Promise<void>;
}

/** Runs one batch through a source; returns what the handler saw and what kafkajs was told. */
async function runBatch(messages: Msg[], handler: (e: MarketEvent, meta: sources.EventMeta) => Promise<void> | void, opts: { running?: (i: number) => boolean; heartbeatEveryMs?: number } = {}) {
  const source = new sources.KafkaSource({ brokers: ['127.0.0.1:1'], groupId: 'g', topics: ['t'], heartbeatEveryMs: opts.heartbeatEveryMs });
  const internals = source as unknown as Internals;
  const dead: Record<string, string>[] = [];
  internals.producer = { send: async (r) => void dead.push(...r.messages.map((m) => m.headers)) };
  const resolved: string[] = [];
  let beats = 0;
  let calls = 0;
  const payload = {
    batch: { topic: 't', partition: 2, messages, highWatermark: String(1_000 + messages.length) },
    resolveOffset: (o: string) => void resolved.push(o),
    heartbeat: async () => void beats++,
    commitOffsetsIfNecessary: async () => undefined,
    isRunning: () => (opts.running ? opts.running(calls++) : true),
    isStale: () => false,
  };
  let error: unknown;
  await internals.processBatch(payload, handler).catch((e: unknown) => (error = e));
  return { source, resolved, dead, beats, error, inFlight: source.inFlight };
}

describe('KafkaSource batch loop', () => {
  it('delivers in order, awaits a handler that returns a promise, dead-letters bad messages in place, and resolves the last offset', async () => {
    const messages = Array.from({ length: 100 }, (_, i) => message(i, JSON.stringify(trade(i))));
    messages[17] = message(17, '{not json');
    messages[40] = message(40, JSON.stringify(trade(40, 'ETHUSDT'))); // key BTCUSDT: refused
    const seen: string[] = [];
    const metas: string[] = [];
    const r = await runBatch(messages, (e, meta) => {
      metas.push(meta.offset);
      const id = (e as { tradeId: string }).tradeId;
      // Every 10th event is handled asynchronously: the next one must wait for it.
      if (Number(id) % 10 === 0) return new Promise<void>((res) => setTimeout(() => (seen.push(id), res()), 1));
      seen.push(id);
      return undefined;
    });
    expect(r.error).toBeUndefined();
    const expected = Array.from({ length: 100 }, (_, i) => String(i)).filter((id) => id !== '17' && id !== '40');
    expect(seen).toEqual(expected);
    expect(metas).toEqual(expected.map((id) => String(1_000 + Number(id))));
    expect(r.dead.map((h) => h['smc-dlq-reason'])).toEqual(['malformed_json', 'key_mismatch']);
    expect(r.source.stats().delivered).toBe(98);
    expect(r.source.stats().rejected).toBe(2);
    expect(r.resolved.at(-1)).toBe('1099');
    expect(r.inFlight).toBe(0);
  });

  it('keeps what was processed before a handler throws: its offset is resolved, the failing message is not', async () => {
    const messages = Array.from({ length: 50 }, (_, i) => message(i, JSON.stringify(trade(i))));
    const r = await runBatch(messages, (e) => {
      if ((e as { tradeId: string }).tradeId === '33') throw new Error('strategy failed');
    });
    expect((r.error as Error).message).toBe('strategy failed');
    expect(r.resolved).toEqual(['1032']);
    expect(r.source.stats().delivered).toBe(33);
    expect(r.inFlight).toBe(0);
  });

  it('stops within 16 messages when the consumer stops running, resolving only what it processed', async () => {
    const messages = Array.from({ length: 100 }, (_, i) => message(i, JSON.stringify(trade(i))));
    let handled = 0;
    const r = await runBatch(messages, () => void handled++, { running: (call) => call < 2 });
    // isRunning() is asked before messages 0, 16, 32...: the third ask (message 32) says stop.
    expect(handled).toBe(32);
    expect(r.resolved).toEqual(['1031']);
    expect(r.inFlight).toBe(0);
  });

  it('heartbeats during a long batch, synchronous handlers included', async () => {
    const messages = Array.from({ length: 200 }, (_, i) => message(i, JSON.stringify(trade(i))));
    const r = await runBatch(
      messages,
      () => {
        const until = Date.now() + 1;
        while (Date.now() < until); // 1 ms of work per message: 200 ms in all
      },
      { heartbeatEveryMs: 20 },
    );
    expect(r.beats).toBeGreaterThanOrEqual(3);
    // Every heartbeat first resolved the offsets processed so far, in order.
    expect(r.resolved.map(Number)).toEqual([...r.resolved.map(Number)].sort((a, b) => a - b));
    expect(r.resolved.at(-1)).toBe('1199');
  });
});
