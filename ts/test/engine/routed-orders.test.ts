import { describe, expect, it } from 'vitest';

import { RoutedOrders } from '../../src/engine/routed-orders.js';
import type { ExecutionReport } from '../../src/engine/types.js';

const report = (x: Partial<ExecutionReport>): ExecutionReport => ({ kind: 'fill', clientOrderId: '', symbol: 'BTC', time: 1, price: 100, qty: 0, fee: 0, liquidity: 'taker', leavesQty: 0, reason: null, ...x });

describe('engine RoutedOrders', () => {
  it('ends a parent with leavesQty exactly 0 when its children filled it, float sums and all', () => {
    const r = new RoutedOrders();
    // 0.1 + 0.2 !== 0.3 in floating point: the parent must still end at 0.
    const children = r.open({ clientOrderId: 'p', symbol: 'BTC', side: 'buy', type: 'market', qty: 0.3 }, [
      { venue: 'a', qty: 0.1 },
      { venue: 'b', qty: 0.2 },
    ]);
    const out: ExecutionReport[] = [];
    r.map('a', report({ clientOrderId: children[0]!.order.clientOrderId, qty: 0.1 }), out);
    r.map('b', report({ clientOrderId: children[1]!.order.clientOrderId, qty: 0.2 }), out);
    expect(out.map((x) => [x.clientOrderId, x.kind])).toEqual([
      ['p', 'fill'],
      ['p', 'fill'],
    ]);
    expect(out[0]!.leavesQty).toBeCloseTo(0.2, 12);
    expect(out[1]!.leavesQty).toBe(0);
    expect(r.working('BTC')).toEqual([]);
  });
});
