/**
 * Bookkeeping of routed orders: a parent (the order the engine approved) and its children at
 * the venues, and the mapping of the children's execution reports back onto the parent, so the
 * engine, the portfolio and the strategy only ever see the parent's client order id.
 */
import type { ExecutionReport, VenueOrder } from './types.js';

interface Child {
  id: string;
  venue: string;
  /** Quantity still open at the venue. */
  leaves: number;
  done: boolean;
}

interface Parent {
  order: VenueOrder;
  children: Child[];
  filled: number;
  accepted: boolean;
  cancelRequested: boolean;
  /** Every child was rejected so far (and why the last one was). */
  onlyRejects: boolean;
  lastReason: string | null;
}

/** The id of a parent's child at a venue: derived, so a replay gives the same ids. */
export function childOrderId(parentId: string, venue: string): string {
  return `${parentId}@${venue}`;
}

export class RoutedOrders {
  readonly #parents = new Map<string, Parent>();
  readonly #byChild = new Map<string, Parent>();

  /** Registers a parent and the children about to be sent (quantity per venue); returns the child orders. */
  open(order: VenueOrder, children: readonly { venue: string; qty: number }[]): { venue: string; order: VenueOrder }[] {
    const p: Parent = { order, children: [], filled: 0, accepted: false, cancelRequested: false, onlyRejects: true, lastReason: null };
    this.#parents.set(order.clientOrderId, p);
    return children.map(({ venue, qty }) => {
      const id = childOrderId(order.clientOrderId, venue);
      p.children.push({ id, venue, leaves: qty, done: false });
      this.#byChild.set(id, p);
      return { venue, order: { ...order, clientOrderId: id, qty } };
    });
  }

  /** A parent that could not be sent anywhere: its rejection report. */
  reject(order: VenueOrder, time: number, reason: string): ExecutionReport {
    return { kind: 'rejected', clientOrderId: order.clientOrderId, symbol: order.symbol, time, price: NaN, qty: 0, fee: 0, liquidity: null, leavesQty: 0, reason };
  }

  /** Marks a parent as being cancelled; returns its children still open, as [venue, child id]. */
  cancel(parentId: string): [string, string][] {
    const p = this.#parents.get(parentId);
    if (!p) return [];
    p.cancelRequested = true;
    return p.children.filter((c) => !c.done).map((c) => [c.venue, c.id]);
  }

  /** Parent ids of a symbol with children still open. */
  working(symbol: string): string[] {
    const out: string[] = [];
    for (const [id, p] of this.#parents) if (p.order.symbol === symbol && p.children.some((c) => !c.done)) out.push(id);
    return out;
  }

  /** The children of a parent (venue, id, whether finished). */
  children(parentId: string): readonly { venue: string; id: string; done: boolean }[] {
    return (this.#parents.get(parentId)?.children ?? []).map(({ venue, id, done }) => ({ venue, id, done }));
  }

  /**
   * Maps a venue's report on a child to the parent's reports (none, one, or two when a child's
   * end also ends the parent). Reports on unknown ids pass through with the venue attached.
   */
  map(venue: string, r: ExecutionReport, out: ExecutionReport[]): void {
    const p = this.#byChild.get(r.clientOrderId);
    const child = p?.children.find((c) => c.id === r.clientOrderId);
    if (!p || !child) {
      out.push({ ...r, venue });
      return;
    }
    const parent = p.order.clientOrderId;
    // Float sums of child fills: a remainder within rounding of the order is nothing left.
    const open = () => {
      const rest = p.order.qty - p.filled;
      return rest <= 1e-9 * p.order.qty ? 0 : rest;
    };
    const attributed = (x: Partial<ExecutionReport>): ExecutionReport => ({ ...r, ...x, clientOrderId: parent, venue, venueOrderId: child.id });
    switch (r.kind) {
      case 'accepted':
        if (!p.accepted) out.push(attributed({ leavesQty: open() }));
        p.accepted = true;
        return;
      case 'fill':
        p.filled += r.qty;
        p.onlyRejects = false;
        child.leaves = r.leavesQty;
        out.push(attributed({ leavesQty: open() }));
        break;
      case 'amended':
      case 'cancelRejected':
        out.push(attributed({ leavesQty: open() }));
        return;
      default:
        // rejected, cancelled, expired: the child's open quantity will not execute.
        if (r.kind !== 'rejected') p.onlyRejects = false;
        p.lastReason = r.reason ?? p.lastReason;
        child.leaves = 0;
    }
    if (child.leaves === 0) child.done = true;
    this.#finish(p, r, venue, out);
  }

  /** Once every child is done, reports what of the parent did not execute (nothing if all filled). */
  #finish(p: Parent, last: ExecutionReport, venue: string, out: ExecutionReport[]): void {
    if (p.children.some((c) => !c.done)) return;
    const id = p.order.clientOrderId;
    this.#parents.delete(id);
    for (const c of p.children) this.#byChild.delete(c.id);
    const rest = p.order.qty - p.filled;
    // Float sums of child fills: a remainder within rounding of the order is no remainder.
    if (rest <= 1e-9 * p.order.qty) return;
    const kind = p.onlyRejects ? 'rejected' : p.cancelRequested ? 'cancelled' : 'expired';
    out.push({ ...last, kind, clientOrderId: id, price: NaN, qty: kind === 'rejected' ? 0 : rest, fee: 0, liquidity: null, leavesQty: 0, reason: p.lastReason, venue, venueOrderId: last.clientOrderId });
  }
}
