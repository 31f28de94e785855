/**
 * Rolling VaR/ES over a sliding window, equal after every push to recomputing the one-shot
 * function on the window: historical through the exact sorted window (O(log n) search plus a
 * memmove bounded by about sqrt(window)), Gaussian and modified through running power sums.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { QuantileMethod } from './quantile.js';
import type { EsConvention, VarEs } from './var.js';

export interface RollingVarOptions {
  /** Number of most recent returns (a whole number >= 1). */
  window: number;
  /** Tail probability in (0, 0.5]. */
  alpha: number;
  /** `'historical'` (default), `'gaussian'` (needs `ddof`) or `'modified'`. */
  model?: 'historical' | 'gaussian' | 'modified';
  /** Historical only; `'linear'` by default. */
  method?: QuantileMethod;
  /** Historical only; `'acerbi_tasche'` by default. */
  convention?: EsConvention;
  /** Gaussian only, required: 0 population, 1 sample. */
  ddof?: number;
  /** Returns needed before values are reported (NaN until then); the model's minimum by default (1, ddof+1 or 4). */
  minPeriods?: number;
}

export class RollingVar {
  readonly #inner: InstanceType<typeof native.RollingVar>;

  constructor(options: RollingVarOptions) {
    this.#inner = callNative(() => new native.RollingVar(options));
  }

  /** Adds one return; VaR and ES of the window after the push. */
  push(x: number): VarEs {
    return callNative(() => this.#inner.push(x));
  }

  /**
   * Adds every return in one native call; VaR and ES after each push. A non-finite value
   * rejects the whole batch and leaves the window unchanged.
   */
  pushMany(xs: Float64Array): { var: Float64Array; es: Float64Array } {
    return callNative(() => this.#inner.pushMany(xs));
  }

  /** VaR and ES of the current window (NaN during warm-up). */
  current(): VarEs {
    return this.#inner.current();
  }

  reset(): void {
    this.#inner.reset();
  }

  get length(): number {
    return this.#inner.length;
  }

  get window(): number {
    return this.#inner.window;
  }

  get alpha(): number {
    return this.#inner.alpha;
  }
}
