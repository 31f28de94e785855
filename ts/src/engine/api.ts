/** The public face of a running coordinator: its interface, counters and fill records. */
import type { CircuitBreaker } from '../breaker/index.js';
import type { Cache } from '../cache/index.js';
import type { MarketEvent } from '../events/index.js';
import type { EngineMetrics } from '../metrics/index.js';
import type { FillResult, Portfolio } from '../portfolio/index.js';
import type { EventMeta } from '../sources/index.js';
import type { ExecutionReport, ExecutionVenue, Stage, StageLatency } from './types.js';

/** Counters of a running engine. */
export interface EngineStats {
  events: number;
  decisions: number;
  orders: number;
  refused: number;
  /** Orders whose deterministic id had been sent before (replays): not sent again. */
  duplicates: number;
  fills: number;
  ensembleCalls: number;
  ensembleCacheHits: number;
}

/** A fill as the engine applied it, with the portfolio's answer. */
export interface EngineFill {
  report: ExecutionReport;
  side: 'buy' | 'sell';
  decisionPrice: number;
  result: FillResult;
}

/** The running coordinator returned by `createEngine`. */
export interface Engine {
  readonly portfolio: Portfolio;
  readonly breaker: CircuitBreaker;
  readonly venue: ExecutionVenue;
  readonly metrics: EngineMetrics | undefined;
  readonly cache: Cache | undefined;
  /** Warm-up and restore; starts the source when there is one. Idempotent. */
  start(): Promise<void>;
  /** Validates an event and runs its decision cycle (ordered per symbol). */
  process(event: unknown): Promise<void>;
  /**
   * Runs a cycle for an event that a source already validated; returns a promise only when it
   * had to wait. `meta`, the event's position in its source, names the decision in client order
   * ids when the event has no venue id of its own (engine/order-ids.ts).
   */
  processValidated(event: MarketEvent, meta?: EventMeta): Promise<void> | void;
  /** start(), then consume the source to its end (or until stop()), then stop(). */
  run(): Promise<EngineStats>;
  /** Drains the lanes, stops the source (offsets commit), flushes and closes the outputs. */
  stop(): Promise<void>;
  /** Per-stage latency p50/p95/p99 (ms) of the recorded cycles. */
  latency(): Partial<Record<Stage, StageLatency>>;
  stats(): EngineStats;
  /** Observes every applied fill (backtests build the trade list from these). */
  onFill(listener: (fill: EngineFill) => void): void;
  /**
   * Progress of a parent order sent with `algo`: executor status, filled, remaining. Answers
   * while the parent works and for the last 1,000 finished parents (the first to finish is
   * forgotten first); undefined for an unknown or forgotten id.
   */
  parentStatus(id: string): { status: string; filled: number; remaining: number } | undefined;
}
