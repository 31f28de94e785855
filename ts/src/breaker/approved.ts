/**
 * Minting and recognising approved orders. Only the breaker (which imports {@link mintApproved})
 * can create an order {@link isApprovedOrder} accepts.
 */
import { InvalidStateError } from '../errors.js';
import type { ApprovedOrder, OrderIntent, RefusalReason } from './types.js';

/** Shared empty list: approvals without waivers allocate nothing for it. */
export const NO_REASONS: readonly RefusalReason[] = Object.freeze([]);

/**
 * The run-time form of an approved order. Provenance is its private field: `#minted in x` is true
 * only for objects this class constructed, it survives no copy, and no other code can add it.
 * (A WeakSet registry would do the same, but ephemeron tables with one entry per approval made
 * garbage-collection pauses of milliseconds in the breaker bench.)
 */
class MintedOrder {
  readonly #minted = true;
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number | undefined;
  readonly strategy: string | undefined;
  readonly clientOrderId: string | undefined;

  constructor(
    order: OrderIntent,
    readonly decisionId: number,
    readonly approvedAt: number,
    readonly reducing: boolean,
    readonly probe: boolean,
    readonly waived: readonly RefusalReason[],
  ) {
    this.instrument = order.instrument;
    this.side = order.side;
    this.quantity = order.quantity;
    this.price = order.price;
    this.strategy = order.strategy;
    this.clientOrderId = order.clientOrderId;
    Object.freeze(this);
  }

  static isMinted(value: object): boolean {
    return #minted in value;
  }
}

/** Internal to the breaker: a frozen copy of the intent, marked as approved. */
export function mintApproved(
  order: OrderIntent,
  decisionId: number,
  approvedAt: number,
  reducing: boolean,
  probe: boolean,
  waived: readonly RefusalReason[],
): ApprovedOrder {
  return new MintedOrder(order, decisionId, approvedAt, reducing, probe, waived) as unknown as ApprovedOrder;
}

/** Whether `order` was minted by a breaker (a copy or a cast object is not). */
export function isApprovedOrder(order: unknown): order is ApprovedOrder {
  return typeof order === 'object' && order !== null && MintedOrder.isMinted(order);
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
