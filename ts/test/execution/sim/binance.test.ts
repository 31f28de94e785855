import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { book } from '../../../src/index.js';
import type { DepthEvent, SnapshotEvent, TradeEvent } from '../../../src/book/index.js';
import {
  eventList,
  levelColumns,
  marketColumns,
  SimulatedExchange,
  sliceMarket,
  type ExecEvent,
} from '../../../src/execution/sim/index.js';
import { SHARED_DATA, sharedDataAvailable } from '../../support/paths.js';

const FILE = 'spot_btcusdt_20240808.gz';

async function load(): Promise<{ snapshot: SnapshotEvent; rows: (DepthEvent | TradeEvent)[] }> {
  let snapshot: SnapshotEvent | undefined;
  const rows: (DepthEvent | TradeEvent)[] = [];
  for await (const ev of book.readBinanceCapture(join(SHARED_DATA, 'binance-btcusdt-l2', FILE))) {
    if (ev.type === 'snapshot') snapshot = ev;
    else if (snapshot && ev.type === 'depth' && ev.lastUpdateId > snapshot.lastUpdateId) rows.push(ev);
    else if (snapshot && ev.type === 'trade') rows.push(ev);
  }
  if (!snapshot) throw new Error('the capture has no snapshot');
  return { snapshot, rows };
}

/** Quotes both sides at the touch, cancelling and re-placing every `every` rows. */
function quote(snapshot: SnapshotEvent, rows: (DepthEvent | TradeEvent)[], every: number): ExecEvent[] {
  const v = new SimulatedExchange({
    mode: 'l2',
    tickSize: '0.01',
    seed: 3,
    queue: { model: 'log', sampled: true },
    latency: { submitNs: 2_000_000, cancelNs: 2_000_000, responseNs: 1_000_000 },
    fees: { makerBps: -0.5, takerBps: 4 },
  });
  const out: ExecEvent[] = [];
  out.push(...eventList(v.snapshot(snapshot.receivedNs, levelColumns(snapshot.bids), levelColumns(snapshot.asks))));
  const batch = marketColumns(rows);
  for (let start = 0; start < batch.kind.length; start += every) {
    out.push(...eventList(v.applyMarket(sliceMarket(batch, start, Math.min(start + every, batch.kind.length)))));
    for (const id of v.workingOrders()) if (!v.order(id).cancelPending) v.cancel(id);
    const bid = v.bestBid();
    const ask = v.bestAsk();
    if (bid && ask) {
      v.submit({ side: 'buy', type: 'limit', qty: 0.01, price: bid.price, postOnly: true });
      v.submit({ side: 'sell', type: 'limit', qty: 0.01, price: ask.price, postOnly: true });
    }
  }
  return out;
}

describe('execution.sim on the Binance BTCUSDT spot capture', () => {
  it.runIf(sharedDataAvailable(`binance-btcusdt-l2/${FILE}`, 'execution.sim binance'))(
    'quotes through the session deterministically, with maker fills at the quote price',
    async () => {
      const { snapshot, rows } = await load();
      const a = quote(snapshot, rows, 1000);
      const b = quote(snapshot, rows, 1000);
      const key = (e: ExecEvent): string =>
        `${e.kind}|${e.clientOrderId}|${e.exchangeNs}|${e.receiveNs}|${e.price}|${e.qty}|${e.fee}`;
      expect(a.map(key)).toEqual(b.map(key));
      const fills = a.filter((e) => e.kind === 'fill');
      expect(fills.length).toBeGreaterThan(10);
      expect(fills.every((f) => f.liquidity === 'maker' && f.fee < 0 && f.receiveNs > f.exchangeNs)).toBe(true);
    },
  );
});
