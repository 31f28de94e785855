/**
 * Which execution venue an engine trades on: the `venue` option, else a `RoutingVenue` over the
 * `routing` option's venues, else one over the simulated venues of the configuration's `routing`
 * section, else one simulated venue choosing each symbol's mode.
 */
import type { EngineConfig } from '../config/index.js';
import { InvalidInputError } from '../errors.js';
import type { EngineOptions } from './options.js';
import { RoutingVenue } from './routing-venue.js';
import { SimVenue } from './sim-venue.js';
import type { ExecutionVenue } from './types.js';

const MS_NS = 1e6;

export function engineVenue<P>(options: EngineOptions<P>, config: EngineConfig): ExecutionVenue {
  if (options.venue && options.routing) throw new InvalidInputError('give either venue or routing, not both');
  if (options.venue) return options.venue;
  if (options.routing) return new RoutingVenue(options.routing);
  const books = options.books;
  const r = config.routing;
  if (r.venues.length === 0) return new SimVenue({ books });
  return new RoutingVenue({
    maxBookAgeMs: r.maxBookAgeMs,
    depth: r.depth,
    restVenue: r.restVenue,
    venues: r.venues.map(({ name, feed, tickSize, takerFeeBps, makerFeeBps, fixedFee, latencyMs, ...caps }) => ({
      // The simulator charges the fees the router prices in, and delays orders by its latency.
      venue: new SimVenue({
        name,
        books,
        tickSize,
        l2: { fees: { takerBps: takerFeeBps, makerBps: makerFeeBps, fixedPerOrder: fixedFee }, latency: { submitNs: latencyMs * MS_NS, cancelNs: latencyMs * MS_NS } },
      }),
      feed,
      takerFeeBps,
      makerFeeBps,
      fixedFee,
      latencyMs,
      ...caps,
    })),
  });
}
