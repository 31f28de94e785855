/**
 * DDSketch (Masson, Rim & Lee, VLDB 2019): quantiles and VaR of an unbounded stream with a
 * guaranteed relative accuracy, in memory logarithmic in the value range; both signs; mergeable
 * across processes or shards with the same accuracy.
 */
import { callNative, InvalidInputError } from '../errors.js';
import { native } from '../native.js';

export class DDSketch {
  readonly #inner: InstanceType<typeof native.DdSketch>;

  /** @param relativeAccuracy in (0, 1), e.g. 0.01: every quantile is within 1% of a true order statistic. */
  constructor(relativeAccuracy: number) {
    this.#inner = callNative(() => new native.DdSketch(relativeAccuracy));
  }

  add(x: number): void {
    callNative(() => this.#inner.add(x));
  }

  /** Adds a batch in one native call; a non-finite value adds nothing and throws NonFiniteError. */
  addMany(xs: Float64Array): void {
    callNative(() => this.#inner.addMany(xs));
  }

  /** Adds `other`'s counts; InvalidInputError when the relative accuracies differ or `other` is this sketch. */
  merge(other: DDSketch): void {
    // The binding borrows both sketches at once, which Rust forbids for one object.
    if (other === this) throw new InvalidInputError('cannot merge a DDSketch into itself');
    callNative(() => this.#inner.merge(other.#inner));
  }

  /**
   * The q-quantile, within the relative accuracy of the order statistic of rank
   * floor(q (count - 1)), clamped to [min, max]. EmptyInputError on an empty sketch.
   */
  quantile(q: number): number {
    return callNative(() => this.#inner.quantile(q));
  }

  /** Historical VaR of the stream (positive loss): -quantile(alpha), alpha in (0, 0.5]. */
  var(alpha: number): number {
    return callNative(() => this.#inner.var(alpha));
  }

  get count(): number {
    return this.#inner.count;
  }
  get min(): number {
    return this.#inner.min;
  }
  get max(): number {
    return this.#inner.max;
  }
  get sum(): number {
    return this.#inner.sum;
  }
  get relativeAccuracy(): number {
    return this.#inner.relativeAccuracy;
  }
  /** Non-empty buckets: the memory the sketch actually holds. */
  get bucketCount(): number {
    return this.#inner.bucketCount;
  }
}
