/**
 * Options of `createEngine` and how their defaults are resolved: every external system has an
 * embedded default (replay source, memory cache, PGlite store, JSONL sink), and the real one is
 * chosen by the configuration (normally the environment: KAFKA_BROKERS, REDIS_URL, DATABASE_URL).
 */
import type { BreakerLimits } from '../breaker/index.js';
import type { Cache } from '../cache/index.js';
import { parseConfig, type EngineConfig, type EngineConfigInput } from '../config/index.js';
import type { EngineMetrics, EventLog } from '../metrics/index.js';
import type { ModelEnsemble } from '../models/index.js';
import type { Sink } from '../sinks/index.js';
import type { Source } from '../sources/index.js';
import type { Store, WriteBehindJournal } from '../store/index.js';
import type { Clock } from './clock.js';
import type { RoutingVenueOptions } from './routing-venue.js';
import type { BookSettings } from './symbol-state.js';
import type { ExecutionVenue, Strategy } from './types.js';

/** Breaker settings; every limit defaults to Infinity (disabled) except where set. */
export interface EngineBreakerOptions {
  limits?: Partial<BreakerLimits>;
  cooldownMs?: number;
  halfOpenProbes?: number;
  allowReducing?: boolean;
}

/**
 * Options of {@link createEngine}. A field left `undefined` gets the embedded default (or the
 * real service when the configuration names one); `null` turns the component off.
 */
export interface EngineOptions<P = unknown> {
  strategy: Strategy<P>;
  /** Parameters handed to the strategy in `ctx.params`. */
  params?: P;
  /** Instruments traded (registered in the portfolio up front; others are added when seen). */
  symbols?: string[];
  /** The I/O configuration (`config.loadConfig(...)` or an object in the same shape). */
  config?: EngineConfig | EngineConfigInput;
  /** Market data for `run()`: default `io.createSource(config)` (Kafka or replay). */
  source?: Source | null;
  /**
   * Where approved orders go. Default a `SimVenue` choosing each symbol's simulator: L2 on the
   * symbol's `books` settings, L2 on quotes (top of book) for other tick symbols, bar mode for bars.
   */
  venue?: ExecutionVenue;
  /**
   * Route every order across several venues with the core's smart order router (a
   * `RoutingVenue`); instead of `venue`. The configuration's `routing.venues` does the same with
   * simulated venues.
   */
  routing?: RoutingVenueOptions;
  /** The model ensemble (the engine closes it on stop). Default none. */
  ensemble?: ModelEnsemble | null;
  /** Version string in ensemble cache keys: change it when the models change. Default 'v1'. */
  modelVersion?: string;
  /** Feature quantum of the ensemble cache key. Default 1e-4. */
  featureQuantum?: number;
  /** Ensemble answers are cached here first. Default `io.createCache(config)` (memory, or Redis in front). */
  cache?: Cache | null;
  /** Journal store with its write-behind queue. Default `io.createStore(config)` (PGlite, or Postgres). */
  store?: { store: Store; journal: WriteBehindJournal } | null;
  /** Output records (orders, fills, signals, risk events). Default `io.createSink(config)` (JSONL, or Kafka). */
  sink?: Sink | null;
  /** Prometheus metrics. Default a fresh `metrics.createEngineMetrics()`. */
  metrics?: EngineMetrics | null;
  logger?: EventLog;
  /** Time source. Default the wall clock; backtests pass a `HistoricalClock`. */
  clock?: Clock;
  initialCash?: number;
  /**
   * Keep one (time, equity) point per portfolio mark (`portfolio.equityCurve()`). Backtests turn
   * it on (their statistics are computed from it); a live engine leaves it off (default), since
   * it would grow by 16 bytes per mark for the life of the process.
   */
  recordEquityCurve?: boolean;
  /** Most points of the recorded curve (see `PortfolioOptions.equityCurveMaxPoints`); no limit by default. */
  equityCurveMaxPoints?: number;
  breaker?: EngineBreakerOptions;
  /** L2 book settings per symbol (enables the core book for book events). */
  books?: Readonly<Record<string, BookSettings>>;
  /** Per-stage latency: recorded by default with a ring of 100,000 cycles. */
  latency?: { record?: boolean; capacity?: number };
  /**
   * Backtests: the requested indicators' values for every bar, by symbol and indicator name,
   * computed once by the core's batch functions (bit-identical to the streams, one native call
   * per column instead of one per bar). Bars beyond a column fall back to the stream.
   */
  indicatorColumns?: Readonly<Record<string, Readonly<Record<string, Float64Array>>>>;
  /** Restore positions, the ids of journaled orders (never re-sent) and the breaker snapshot from the store on start. Default true. */
  restore?: boolean;
}

const OFF = Infinity;

/** Breaker limits with the engine's defaults: nothing blocks unless configured. */
export function breakerLimits(partial: Partial<BreakerLimits> = {}): BreakerLimits {
  return {
    maxDrawdown: OFF,
    dailyLossLimit: OFF,
    maxPosition: OFF,
    maxInstrumentNotional: OFF,
    maxTotalNotional: OFF,
    maxOrderQuantity: OFF,
    maxOrderNotional: OFF,
    priceBand: OFF,
    maxOrdersPerSecond: OFF,
    ...partial,
  };
}

/** Validated config: pass-through when already parsed (has every section), else parsed. */
export function resolveConfig(input: EngineConfig | EngineConfigInput | undefined): EngineConfig {
  return parseConfig((input ?? {}) as EngineConfigInput);
}
