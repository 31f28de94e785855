import { describe, expect, it } from 'vitest';

import { NonFiniteError, UnorderedError } from '../../../src/index.js';
import { eventList, SimulatedExchange, type SimulatedExchangeOptions } from '../../../src/execution/sim/index.js';

const MIN = 60_000;
const OPTIONS: SimulatedExchangeOptions = { mode: 'bar', seed: 7, fees: { makerBps: 1, takerBps: 4 }, slippage: { model: 'fixed', bps: 2 } };

/** A random walk of bars with whole-minute times. */
function bars(n: number): { openMs: number; o: number; h: number; l: number; c: number; v: number }[] {
  let px = 100;
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, i) => {
    const o = px;
    const c = o * (1 + (rnd() - 0.5) * 0.01);
    px = c;
    return { openMs: 1_700_000_000_000 + i * MIN, o, h: Math.max(o, c) * 1.002, l: Math.min(o, c) * 0.998, c, v: 10 + rnd() * 5 };
  });
}

describe('execution.sim.SimulatedExchange: the per-bar row path', () => {
  it('gives the same events as one-bar applyBars calls, orders and all', () => {
    const data = bars(300);
    const rows = new SimulatedExchange(OPTIONS);
    const cols = new SimulatedExchange(OPTIONS);
    const a: unknown[] = [];
    const b: unknown[] = [];
    data.forEach((bar, i) => {
      if (i % 7 === 3) {
        const order = i % 2 ? { side: 'buy' as const, type: 'market' as const, qty: 1 } : { side: 'sell' as const, type: 'limit' as const, qty: 2, price: bar.c * 1.001 };
        rows.submit({ ...order, clientOrderId: `c${i}` });
        cols.submit({ ...order, clientOrderId: `c${i}` });
      }
      if (i % 11 === 5) {
        for (const v of [rows, cols]) if (v.workingOrders().length > 0) v.cancel(v.workingOrders()[0]!);
      }
      a.push(...eventList(rows.applyBar(bar.openMs, bar.openMs + MIN, bar.o, bar.h, bar.l, bar.c, bar.v)));
      const ns = BigInt(bar.openMs) * 1_000_000n;
      b.push(...eventList(cols.applyBars({ openNs: BigInt64Array.of(ns), closeNs: BigInt64Array.of(ns + BigInt(MIN) * 1_000_000n), open: Float64Array.of(bar.o), high: Float64Array.of(bar.h), low: Float64Array.of(bar.l), close: Float64Array.of(bar.c), volume: Float64Array.of(bar.v) })));
    });
    expect(a.length).toBeGreaterThan(60);
    expect(a).toEqual(b);
    expect(rows.nowNs).toBe(cols.nowNs);
  });

  it('returns a shared empty batch when no event is due, and many events when they pile up', () => {
    const v = new SimulatedExchange(OPTIONS);
    const data = bars(3);
    const quiet = v.applyBar(data[0]!.openMs, data[0]!.openMs + MIN, data[0]!.o, data[0]!.h, data[0]!.l, data[0]!.c, data[0]!.v);
    expect(quiet.length).toBe(0);
    // 40 orders in one bar: more than the reused buffers hold at first.
    for (let k = 0; k < 40; k++) v.submit({ side: 'buy', type: 'market', qty: 0.1 });
    const bar = data[1]!;
    const ev = eventList(v.applyBar(bar.openMs, bar.openMs + MIN, bar.o, bar.h, bar.l, bar.c, bar.v));
    expect(ev.filter((e) => e.kind === 'fill')).toHaveLength(40);
    expect(new Set(ev.map((e) => e.clientOrderId)).size).toBe(40);
    expect(v.advanceToMs(bar.openMs + 2 * MIN).length).toBe(0);
  });

  it('rejects bad bars with typed errors', () => {
    const v = new SimulatedExchange(OPTIONS);
    const t = 1_700_000_000_000;
    expect(() => v.applyBar(t, t + MIN, NaN, 1, 1, 1, 1)).toThrow(NonFiniteError);
    v.applyBar(t, t + MIN, 1, 1, 1, 1, 1);
    expect(() => v.applyBar(t - MIN, t, 1, 1, 1, 1, 1)).toThrow(UnorderedError);
    expect(() => v.advanceToMs(t - 5 * MIN)).toThrow(UnorderedError);
    expect(() => v.applyBar(t + 0.5, t + MIN, 1, 1, 1, 1, 1)).toThrow();
  });
});
