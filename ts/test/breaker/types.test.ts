// Type-level guarantees of the breaker. `npx tsc -p tsconfig.json --noEmit` type-checks this file:
// every @ts-expect-error below must be a real error, or the lint fails.
import { describe, expect, expectTypeOf, it } from 'vitest';

import { breaker, InvalidStateError } from '../../src/index.js';
import type { ApprovedOrder, Decision, OrderIntent } from '../../src/breaker/index.js';
import { harness } from './fixtures.js';

/** An execution layer: accepts approved orders only, and checks provenance at run time too. */
function execute(order: ApprovedOrder): string {
  breaker.assertApproved(order);
  return `${order.side} ${order.quantity} ${order.instrument}`;
}

describe('ApprovedOrder is enforced by the type system', () => {
  it('rejects plain orders at compile time and casts at run time', () => {
    const intent: OrderIntent = { instrument: 'BTC', side: 'buy', quantity: 1 };
    // @ts-expect-error a plain order intent is not an ApprovedOrder
    expect(() => execute(intent)).toThrow(InvalidStateError);
    const lookalike = { ...intent, decisionId: 1, approvedAt: 0, reducing: false, probe: false, waived: [] };
    // @ts-expect-error an object with the same fields still lacks the brand only the breaker mints
    expect(() => execute(lookalike)).toThrow(InvalidStateError);
    // A cast compiles (TypeScript cannot forbid casts) but is caught at run time.
    expect(() => execute(lookalike as unknown as ApprovedOrder)).toThrow(InvalidStateError);

    const decision: Decision = harness().breaker.evaluate(intent);
    // @ts-expect-error `order` exists only once `approved` has been narrowed to true
    expect(decision.order).toBeDefined();
    if (decision.approved) {
      expect(execute(decision.order)).toBe('buy 1 BTC');
      const order = decision.order;
      expect(() => {
        // @ts-expect-error approved orders are read-only (and frozen at run time)
        order.quantity = 1000;
      }).toThrow(TypeError);
    } else {
      expect.unreachable('the fixture approves this order');
    }
    expectTypeOf<OrderIntent>().not.toExtend<ApprovedOrder>();
    expectTypeOf<ApprovedOrder>().toExtend<OrderIntent>();
  });
});
