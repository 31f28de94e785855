/**
 * A precomputed VaR/ES table for hot paths (the risk circuit breaker): per-key exact rolling
 * windows of returns in Rust, and a flat key-major snapshot of VaR and ES for a fixed set of
 * tail probabilities held in JavaScript, so a read is two Map lookups and an array index — no
 * native call, no computation.
 *
 * ```ts
 * const table = new risk.VarTable({ alphas: [0.01, 0.05], window: 500, minPeriods: 100 });
 * table.update('BTC-USDT', returns);        // O(log w) per return, any time
 * table.refresh();                          // recompute changed keys, swap the snapshot
 * const stop = table.startAutoRefresh(250); // or in the background
 * table.var('BTC-USDT', 0.01);              // O(1) read of the last snapshot
 * ```
 */
import { callNative, NotFoundError } from '../errors.js';
import { native } from '../native.js';
import type { QuantileMethod } from './quantile.js';
import type { EsConvention } from './var.js';

export interface VarTableOptions {
  /** Distinct tail probabilities in (0, 0.5]; the table holds one VaR and ES per key and alpha. */
  alphas: readonly number[];
  /** Returns kept per key (a whole number >= 1). */
  window: number;
  /** Quantile definition; `'linear'` by default. */
  method?: QuantileMethod;
  /** ES convention; `'acerbi_tasche'` by default. */
  convention?: EsConvention;
  /** Returns a key needs before its entries are numbers (NaN until then); 1 by default. */
  minPeriods?: number;
}

export class VarTable {
  readonly #inner: InstanceType<typeof native.VarTable>;
  readonly #alphaSlots = new Map<number, number>();
  readonly #keySlots = new Map<string, number>();
  readonly #width: number;
  #var: Float64Array = new Float64Array(0);
  #es: Float64Array = new Float64Array(0);

  constructor(options: VarTableOptions) {
    const alphas = Float64Array.from(options.alphas);
    this.#inner = callNative(() => new native.VarTable({ ...options, alphas }));
    alphas.forEach((a, i) => this.#alphaSlots.set(a, i));
    this.#width = alphas.length;
  }

  /**
   * Appends returns to `key`'s window (creating the key). Not visible to readers until the next
   * {@link refresh}. A non-finite value appends nothing and throws NonFiniteError.
   */
  update(key: string, returns: Float64Array | readonly number[]): void {
    const xs = returns instanceof Float64Array ? returns : Float64Array.from(returns);
    const slot = callNative(() => this.#inner.update(key, xs));
    this.#keySlots.set(key, slot);
  }

  /** Recomputes the keys updated since the last refresh and publishes the new snapshot. */
  refresh(): number {
    const refreshed = this.#inner.refresh();
    if (refreshed > 0 || this.#var.length !== this.#keySlots.size * this.#width) {
      this.#var = this.#inner.varTable();
      this.#es = this.#inner.esTable();
    }
    return refreshed;
  }

  /**
   * Calls {@link refresh} every `intervalMs` on a timer that does not keep Node alive; returns
   * the function that stops it.
   */
  startAutoRefresh(intervalMs: number): () => void {
    const timer = setInterval(() => this.refresh(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * VaR (positive loss) of `key` at `alpha` from the last snapshot, O(1). NaN while the key has
   * fewer than `minPeriods` returns or was never refreshed.
   * @throws NotFoundError for a key never updated or an alpha not in the table
   */
  var(key: string, alpha: number): number {
    return this.#read(this.#var, key, alpha);
  }

  /** Alias of {@link var}. */
  get(key: string, alpha: number): number {
    return this.#read(this.#var, key, alpha);
  }

  /** ES (positive loss) of `key` at `alpha` from the last snapshot, O(1). */
  es(key: string, alpha: number): number {
    return this.#read(this.#es, key, alpha);
  }

  has(key: string): boolean {
    return this.#keySlots.has(key);
  }

  keys(): string[] {
    return [...this.#keySlots.keys()];
  }

  get alphas(): number[] {
    return [...this.#alphaSlots.keys()];
  }

  #read(table: Float64Array, key: string, alpha: number): number {
    const k = this.#keySlots.get(key);
    const a = this.#alphaSlots.get(alpha);
    if (k === undefined) throw new NotFoundError(`no VaR key '${key}'`);
    if (a === undefined) throw new NotFoundError(`alpha ${alpha} is not in the table`);
    const i = k * this.#width + a;
    return i < table.length ? table[i]! : Number.NaN;
  }
}
