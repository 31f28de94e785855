/**
 * Minting and recognising approved orders. The registry is module-private: only the breaker
 * (which imports {@link mintApproved}) can create an order {@link isApprovedOrder} accepts.
 */
import { InvalidStateError } from '../errors.js';
import type { ApprovedOrder, OrderIntent, RefusalReason } from './types.js';

/** Weak, so approved orders that nobody holds any more are collected. */
const minted = new WeakSet<object>();

/** Shared empty list: approvals without waivers allocate nothing for it. */
export const NO_REASONS: readonly RefusalReason[] = Object.freeze([]);

/** Internal to the breaker: freezes a copy of the intent and registers it as approved. */
export function mintApproved(
  order: OrderIntent,
  decisionId: number,
  approvedAt: number,
  reducing: boolean,
  probe: boolean,
  waived: readonly RefusalReason[],
): ApprovedOrder {
  const approved = Object.freeze({
    instrument: order.instrument,
    side: order.side,
    quantity: order.quantity,
    price: order.price,
    strategy: order.strategy,
    clientOrderId: order.clientOrderId,
    decisionId,
    approvedAt,
    reducing,
    probe,
    waived,
  });
  minted.add(approved);
  return approved as unknown as ApprovedOrder;
}

/** Whether `order` was minted by a breaker (a copy or a cast object is not). */
export function isApprovedOrder(order: unknown): order is ApprovedOrder {
  return typeof order === 'object' && order !== null && minted.has(order);
}

/**
 * For execution layers: throws unless `order` was minted by a breaker, so a value that reached
 * `execute` through an `as ApprovedOrder` cast is stopped at run time too.
 * @throws InvalidStateError
 */
export function assertApproved(order: ApprovedOrder): void {
  if (!isApprovedOrder(order)) {
    throw new InvalidStateError('order was not approved by a circuit breaker');
  }
}
