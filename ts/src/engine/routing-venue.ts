/**
 * Several execution venues behind one: each approved order is split across them by the core's
 * smart order router (fee-inclusive prices, lots, caps, minimum notional, book age, latency),
 * the children go to the underlying venues, and their execution reports come back as the
 * parent's, attributed to the venue that executed them. The router's numbers are all computed
 * in the core (`execution.Router`); this class only gathers books and routes reports.
 */
import { InvalidInputError, ResyncRequiredError } from '../errors.js';
import type { MarketEvent } from '../events/index.js';
import { Router, type RouteOptions, type RouteResult, type VenueBook, type VenueConfig } from '../execution/router.js';
import { childOrderId, RoutedOrders } from './routed-orders.js';
import type { ExecutionReport, ExecutionVenue, VenueOrder } from './types.js';

/** One venue behind a {@link RoutingVenue}: the venue and the router's view of its costs. */
export interface RoutedVenue extends Omit<VenueConfig, 'name'> {
  /** The venue; its `name` names it in routes, reports and the journal. */
  venue: ExecutionVenue;
  /** The `venue` field of the market events that are this venue's data. Default its name. */
  feed?: string;
}

/** One routing decision, for logs and tests. */
export interface RouteDecision {
  /** The parent's client order id. */
  parent: string;
  symbol: string;
  /** Children sent: venue, child client order id, quantity; with the router's estimates. */
  children: { venue: string; id: string; qty: number; limitPrice: number; averagePrice: number; fees: number }[];
  /** What the router could not place within the books (rested on the rest venue for resting limits). */
  unfilled: number;
  /** Why nothing was sent, when nothing was. */
  reason: string | null;
}

/** Options of {@link RoutingVenue}. */
export interface RoutingVenueOptions extends Pick<RouteOptions, 'maxBookAgeMs' | 'fillModel' | 'oversize'> {
  /** Default 'router'. */
  name?: string;
  venues: readonly RoutedVenue[];
  /** Levels per side read from each venue's book for a decision. Default 50. */
  depth?: number;
  /** Epoch ms that book ages are measured against. Default the latest event time seen. */
  now?: () => number;
  /**
   * Where post-only orders go, and what the router could not place of a resting (gtc/day) limit
   * order. Default the venue with the lowest maker fee (the first one on ties).
   */
  restVenue?: string;
  /** Observes every routing decision. */
  onRoute?: (decision: RouteDecision) => void;
}

interface Member {
  name: string;
  venue: ExecutionVenue;
  makerFeeBps: number;
}

/**
 * An {@link ExecutionVenue} routing over several. A market or limit order is routed over the
 * venues' current books (`ExecutionVenue.book`; venues without one are skipped, crossed books
 * are dropped); each venue that gets quantity receives one child `<parent id>@<venue>` of the
 * parent's type, limit price and flags. What the books cannot absorb expires for market and
 * IOC orders, rests on the rest venue for gtc/day limits; a FOK order the books cannot fill
 * whole is rejected (`fokUnfillable`); with no usable book the order is rejected (`noLiquidity`,
 * or `staleBook` when every book was too old).
 */
export class RoutingVenue implements ExecutionVenue {
  readonly name: string;
  readonly #members: Member[];
  readonly #byName = new Map<string, Member>();
  readonly #byFeed = new Map<string, ExecutionVenue[]>();
  readonly #router: Router;
  readonly #options: RoutingVenueOptions;
  readonly #depth: number;
  readonly #rest: string;
  readonly #orders = new RoutedOrders();
  readonly #pending: ExecutionReport[] = [];
  #latest = -Infinity;

  /** @throws InvalidInputError (no venues, duplicate names, unknown rest venue, bad depth), OutOfRangeError (bad fee, lot, cap) */
  constructor(options: RoutingVenueOptions) {
    if (options.venues.length === 0) throw new InvalidInputError('RoutingVenue needs at least one venue');
    const depth = options.depth ?? 50;
    if (!Number.isInteger(depth) || depth < 1) throw new InvalidInputError(`depth: expected an integer >= 1, got ${depth}`);
    this.name = options.name ?? 'router';
    this.#options = options;
    this.#depth = depth;
    this.#router = new Router(options.venues.map(({ venue, feed: _feed, ...cost }) => ({ ...cost, name: venue.name })));
    this.#members = options.venues.map((v) => ({ name: v.venue.name, venue: v.venue, makerFeeBps: v.makerFeeBps ?? 0 }));
    for (const [i, m] of this.#members.entries()) {
      this.#byName.set(m.name, m);
      const feed = options.venues[i]!.feed ?? m.name;
      this.#byFeed.set(feed, [...(this.#byFeed.get(feed) ?? []), m.venue]);
    }
    const cheapest = this.#members.reduce((a, b) => (b.makerFeeBps < a.makerFeeBps ? b : a));
    this.#rest = options.restVenue ?? cheapest.name;
    if (!this.#byName.has(this.#rest)) throw new InvalidInputError(`restVenue: unknown venue ${JSON.stringify(this.#rest)}`);
  }

  /** The underlying venues, by name. */
  venue(name: string): ExecutionVenue | undefined {
    return this.#byName.get(name)?.venue;
  }

  onMarket(event: MarketEvent): void {
    if (event.receiveTime > this.#latest) this.#latest = event.receiveTime;
    const targets = this.#byFeed.get(event.venue);
    if (targets) for (const v of targets) v.onMarket?.(event);
  }

  submit(order: VenueOrder): void {
    const { children, unfilled, reason, route } = this.#plan(order);
    this.#options.onRoute?.({
      parent: order.clientOrderId,
      symbol: order.symbol,
      children: children.map((c) => {
        const est = route?.children.find((r) => r.venue === c.venue);
        return { venue: c.venue, id: childOrderId(order.clientOrderId, c.venue), qty: c.qty, limitPrice: est?.limitPrice ?? NaN, averagePrice: est?.averagePrice ?? NaN, fees: est?.fees ?? 0 };
      }),
      unfilled,
      reason: children.length === 0 ? reason : null,
    });
    if (children.length === 0) {
      this.#pending.push(this.#orders.reject(order, this.#now(), reason));
      return;
    }
    for (const { venue, order: child } of this.#orders.open(order, children)) this.#byName.get(venue)!.venue.submit(child);
  }

  /** Which venues get how much of `order`, and why nothing when nothing. */
  #plan(order: VenueOrder): { children: { venue: string; qty: number }[]; unfilled: number; reason: string; route?: RouteResult } {
    if (order.postOnly) return { children: [{ venue: this.#rest, qty: order.qty }], unfilled: 0, reason: '' };
    let route: RouteResult | undefined;
    let reason = 'noLiquidity';
    try {
      const { maxBookAgeMs, fillModel, oversize } = this.#options;
      const limit = order.type === 'limit' ? order.price : undefined;
      route = this.#router.route({ side: order.side, quantity: order.qty, limit }, this.#books(order.symbol), { maxBookAgeMs, fillModel, oversize });
    } catch (err) {
      if (!(err instanceof ResyncRequiredError)) throw err;
      reason = 'staleBook';
    }
    const children = (route?.children ?? []).map((c) => ({ venue: c.venue, qty: c.quantity }));
    const unfilled = route ? route.unfilled : order.qty;
    // The router's rounding leaves float dust; less than that is nothing left.
    const left = unfilled > 1e-9 * order.qty;
    if (left && order.tif === 'fok') return { children: [], unfilled, reason: 'fokUnfillable', route };
    const resting = order.type === 'limit' && (order.tif === undefined || order.tif === 'gtc' || order.tif === 'day');
    if (left && resting) {
      const home = children.find((c) => c.venue === this.#rest);
      if (home) home.qty += unfilled;
      else children.push({ venue: this.#rest, qty: unfilled });
    }
    return { children, unfilled, reason, route };
  }

  /** The venues' current books of `symbol`, keyed by venue name (without book: left out). */
  #books(symbol: string): Record<string, VenueBook> {
    const now = this.#now();
    const books: Record<string, VenueBook> = {};
    for (const m of this.#members) {
      const b = m.venue.book?.(symbol, this.#depth);
      if (!b) continue;
      // A crossed book cannot be traded on (and the router refuses one): leave the venue out.
      if (b.bids.price.length > 0 && b.asks.price.length > 0 && b.bids.price[0]! >= b.asks.price[0]!) continue;
      books[m.name] = { bids: b.bids, asks: b.asks, ageMs: Math.max(0, now - b.time), sequenceGap: b.sequenceGap };
    }
    return books;
  }

  /** Epoch ms of book ages and immediate reports; before any event, 0 (books count as fresh). */
  #now(): number {
    const t = this.#options.now?.() ?? this.#latest;
    return Number.isFinite(t) ? t : 0;
  }

  cancel(symbol: string, clientOrderId: string): void {
    for (const [venue, child] of this.#orders.cancel(clientOrderId)) this.#byName.get(venue)!.venue.cancel(symbol, child);
  }

  drain(): ExecutionReport[] {
    const out = this.#pending.length > 0 ? this.#pending.splice(0) : [];
    for (const m of this.#members) for (const r of m.venue.drain()) this.#orders.map(m.name, r, out);
    return out;
  }

  /** Parent ids of the symbol with children still working. */
  working(symbol: string): readonly string[] {
    return this.#orders.working(symbol);
  }

  /** The children of a working parent: venue, child id, finished. */
  children(parentId: string): readonly { venue: string; id: string; done: boolean }[] {
    return this.#orders.children(parentId);
  }

  async close(): Promise<void> {
    for (const m of this.#members) await m.venue.close?.();
  }
}
