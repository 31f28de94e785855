import { describe, expect, it } from 'vitest';

import { micro, LengthMismatchError, NonFiniteError, OutOfRangeError, UnorderedError } from '../../src/index.js';

const f = (xs: number[]) => Float64Array.from(xs);

/** A deterministic generator, so that failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sameArray(a: Float64Array, b: number[]) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i]) || a[i] === b[i]).toBe(true);
}

describe('micro hand checks', () => {
  const quotes = {
    bid: f([100.0, 100.0, 100.01, 100.01, 100.0]),
    bidQty: f([5, 7, 3, 3, 8]),
    ask: f([100.02, 100.02, 100.02, 100.03, 100.01]),
    askQty: f([4, 4, 4, 6, 2]),
  };

  it('OFI contributions are +2, +3, +4, -5 and OFI is 4', () => {
    const r = micro.ofi(quotes, 4);
    expect(r.contribution[0]).toBeNaN();
    expect(Array.from(r.contribution.subarray(1))).toEqual([2, 3, 4, -5]);
    expect(Array.from(r.ofi.subarray(0, 4)).every(Number.isNaN)).toBe(true);
    expect(r.ofi[4]).toBe(4);
  });

  it('imbalance-weighted mid of 100.00 x 5 / 100.02 x 4 is 100.011111', () => {
    const w = micro.weightedMid({ bid: f([100]), bidQty: f([5]), ask: f([100.02]), askQty: f([4]) });
    expect(w[0]).toBeCloseTo(100.011111, 6);
    expect(micro.imbalance({ bid: f([100]), bidQty: f([5]), ask: f([100.02]), askQty: f([4]) })[0]).toBeCloseTo(1 / 9, 15);
    expect(micro.mid(f([100]), f([100.02]))[0]).toBeCloseTo(100.01, 12);
    expect(micro.quotedSpread(f([100]), f([100.02]))[0]).toBeCloseTo(0.02, 12);
    expect(micro.quotedSpread(f([100]), f([100.02]), { relative: true })[0]).toBeCloseTo(0.02 / 100.01, 15);
    expect(Array.from(micro.depthImbalance(f([1, 2]), f([3, 0]), 2))).toEqual([0]);
  });

  it('signs trades and measures spreads', () => {
    expect(Array.from(micro.signFromAggressor(new Uint8Array([1, 0])))).toEqual([-1, 1]);
    sameArray(micro.tickRule(f([10, 10, 11, 11, 10.5])), [NaN, NaN, 1, 1, -1]);
    expect(Array.from(micro.leeReady(f([10, 10.2, 10.1]), f([10.1, 10.1, 10.1])))).toEqual([-1, 1, -1]);
    const mids = micro.asof(f([1, 2.5]), f([0, 2]), f([100.01, 100.02]));
    expect(Array.from(mids)).toEqual([100.01, 100.02]);
    expect(micro.effectiveSpread(f([100.02]), f([1]), f([100.01]))[0]).toBeCloseTo(0.02, 12);
    const rs = micro.realizedSpread(
      { tradeTime: f([1, 2.5]), price: f([100.02, 100.02]), sign: f([1, 1]), quoteTime: f([0, 2]), mid: f([100.01, 100.02]) },
      { horizon: 1 },
    );
    expect(rs[0]).toBe(0);
    expect(rs[1]).toBeNaN();
  });

  it('rejects bad input with typed errors', () => {
    expect(() => micro.ofi({ ...quotes, askQty: f([1]) }, 2)).toThrow(LengthMismatchError);
    expect(() => micro.ofi({ ...quotes, bidQty: f([1, 2, -3, 4, 5]) }, 2)).toThrow(OutOfRangeError);
    expect(() => micro.ofi({ ...quotes, bid: f([1, 2, NaN, 4, 5]) }, 2)).toThrow(NonFiniteError);
    expect(() => micro.ofi(quotes, 0)).toThrow(OutOfRangeError);
    expect(() => micro.kyleLambda(f([1]), f([1]), 1.5)).toThrow(OutOfRangeError);
    expect(() => micro.asof(f([2, 1]), f([]), f([]))).toThrow(UnorderedError);
    expect(() => micro.vpin(f([1, 2]), f([1, 1]), { bucketVolume: 0, buckets: 1, sigmaWindow: 2 })).toThrow(OutOfRangeError);
    expect(() => new micro.Ofi({ window: -1 })).toThrow(OutOfRangeError);
    expect(() => micro.realizedVolatility(f([1, 0]), 1)).toThrow(OutOfRangeError);
  });
});

describe('micro streaming equals batch (property, random data)', () => {
  it('holds for every estimator over many random series', () => {
    const rand = lcg(42);
    for (let trial = 0; trial < 25; trial++) {
      const n = 20 + Math.floor(rand() * 300);
      const window = 2 + Math.floor(rand() * 20);
      const bid = new Float64Array(n);
      const ask = new Float64Array(n);
      const bidQty = new Float64Array(n);
      const askQty = new Float64Array(n);
      const price = new Float64Array(n);
      const volume = new Float64Array(n);
      const flow = new Float64Array(n);
      let b = 10_000;
      for (let i = 0; i < n; i++) {
        b += Math.floor(rand() * 5) - 2;
        bid[i] = b / 100;
        ask[i] = (b + 1 + Math.floor(rand() * 2)) / 100;
        bidQty[i] = Math.round(rand() * 100) / 10;
        askQty[i] = Math.round(rand() * 100) / 10;
        price[i] = rand() < 0.5 ? bid[i]! : ask[i]!;
        volume[i] = 1 + rand() * 20;
        flow[i] = (rand() - 0.5) * 50;
      }
      const quotes = { bid, bidQty, ask, askQty };
      const batchOfi = micro.ofi(quotes, window);
      const ofi = new micro.Ofi({ window });
      const streamOfi = Array.from({ length: n }, (_, i) => ofi.push(bid[i]!, bidQty[i]!, ask[i]!, askQty[i]!));
      sameArray(batchOfi.contribution, streamOfi.map((x) => x.contribution));
      sameArray(batchOfi.ofi, streamOfi.map((x) => x.ofi));
      // OFI is the sum of the window's contributions.
      for (let i = window; i < n; i++) {
        let s = 0;
        for (let k = i - window + 1; k <= i; k++) s += batchOfi.contribution[k]!;
        expect(batchOfi.ofi[i]).toBeCloseTo(s, 9);
      }
      const mids = micro.mid(bid, ask);
      const dm = Float64Array.from(mids, (m, i) => (i === 0 ? 0 : m - mids[i - 1]!));
      const pairs: [string, Float64Array, () => number[]][] = [
        ['kyle', micro.kyleLambda(dm, flow, window), () => { const s = new micro.KyleLambda({ window }); return Array.from(dm, (x, i) => s.push(x, flow[i]!)); }],
        ['amihud', micro.amihud(flow, volume, window), () => { const s = new micro.Amihud({ window }); return Array.from(flow, (x, i) => s.push(x, volume[i]!)); }],
        ['roll', micro.rollSpread(price, window), () => { const s = new micro.RollSpread({ window }); return Array.from(price, (x) => s.push(x)); }],
        ['rv', micro.realizedVolatility(price, window), () => { const s = new micro.RealizedVolatility({ window }); return Array.from(price, (x) => s.push(x)); }],
        ['tick', micro.tickRule(price), () => { const s = new micro.TickRule(); return Array.from(price, (x) => s.push(x)); }],
        ['leeReady', micro.leeReady(price, mids), () => { const s = new micro.LeeReady(); return Array.from(price, (x, i) => s.push(x, mids[i]!)); }],
        ['vpin', micro.vpin(price, volume, { bucketVolume: 30, buckets: 4, sigmaWindow: window }), () => { const s = new micro.Vpin({ bucketVolume: 30, buckets: 4, sigmaWindow: window }); return Array.from(price, (x, i) => s.push(x, volume[i]!)); }],
      ];
      for (const [, batch, stream] of pairs) sameArray(batch, stream());
    }
  });
});
