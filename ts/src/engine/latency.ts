/**
 * Per-stage latency of decision cycles: every stage of every cycle is timed with
 * `process.hrtime.bigint()`, kept in a ring per stage for the breakdown, and observed in the
 * prom-client histograms of issue 6 §5 when metrics are attached.
 */
import type { EngineMetrics } from '../metrics/index.js';
import { quantiles } from '../risk/index.js';
import { STAGES, type Stage, type StageLatency } from './types.js';

/** Stages that feed a named Prometheus histogram. */
const HISTOGRAM_OF: Partial<Record<Stage, (m: EngineMetrics, ms: number) => void>> = {
  // tick to order decision: the whole cycle up to the venue hand-off
  total: (m, ms) => m.tradingLatency.observe(ms),
  data: (m, ms) => m.dataPipelineLatency.observe({ source: 'engine' }, ms),
  inference: (m, ms) => m.mlInferenceLatency.observe({ model: 'ensemble' }, ms),
  risk: (m, ms) => m.riskCheckLatency.observe(ms),
};

/** Ring buffers of stage latencies (ms), the most recent `capacity` cycles per stage. */
export class LatencyRecorder {
  readonly #rings: Record<Stage, Float64Array>;
  readonly #counts: Record<Stage, number>;
  readonly #capacity: number;
  readonly #metrics: EngineMetrics | undefined;

  constructor(capacity: number, metrics?: EngineMetrics) {
    this.#capacity = capacity;
    this.#metrics = metrics;
    this.#rings = {} as Record<Stage, Float64Array>;
    this.#counts = {} as Record<Stage, number>;
    for (const s of STAGES) {
      this.#rings[s] = new Float64Array(capacity);
      this.#counts[s] = 0;
    }
  }

  /** Records one stage duration measured from `start` to now; returns now (the next start). */
  lap(stage: Stage, start: bigint): bigint {
    const now = process.hrtime.bigint();
    this.record(stage, Number(now - start) / 1e6);
    return now;
  }

  record(stage: Stage, ms: number): void {
    const n = this.#counts[stage]++;
    this.#rings[stage][n % this.#capacity] = ms;
    const observe = this.#metrics ? HISTOGRAM_OF[stage] : undefined;
    if (observe) observe(this.#metrics!, ms);
  }

  /** Samples of one stage (ms), the last `capacity` at most, in no particular order. */
  samples(stage: Stage): Float64Array {
    const n = Math.min(this.#counts[stage], this.#capacity);
    return this.#rings[stage].slice(0, n);
  }

  /** p50/p95/p99/max per stage (stages never recorded are left out). Quantiles by the core. */
  breakdown(): Partial<Record<Stage, StageLatency>> {
    const out: Partial<Record<Stage, StageLatency>> = {};
    for (const s of STAGES) {
      const xs = this.samples(s);
      if (xs.length === 0) continue;
      const [p50, p95, p99, max] = quantiles(xs, [0.5, 0.95, 0.99, 1]);
      out[s] = { count: this.#counts[s], p50: p50!, p95: p95!, p99: p99!, max: max! };
    }
    return out;
  }

  reset(): void {
    for (const s of STAGES) this.#counts[s] = 0;
  }
}
