/**
 * Streaming microstructure estimators for live use: `push` one observation, get the value after
 * it, in O(1) amortised. Each equals its batch function on the same data.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { Quotes, VpinOptions } from './measures.js';

/** Streaming order flow imbalance (see `ofi`). */
export class Ofi {
  readonly #inner: InstanceType<typeof native.MicroOfi>;

  constructor(options: { window: number }) {
    this.#inner = callNative(() => new native.MicroOfi(options.window));
  }

  /** Adds a best-quote observation; returns this change's contribution and the windowed OFI. */
  push(bid: number, bidQty: number, ask: number, askQty: number): { contribution: number; ofi: number } {
    const [contribution, ofi] = this.#inner.push(bid, bidQty, ask, askQty) as [number, number];
    return { contribution, ofi };
  }
}

/** Streaming tick rule (see `tickRule`). */
export class TickRule {
  readonly #inner = new native.MicroTickRule();

  push(price: number): number {
    return this.#inner.push(price);
  }
}

/** Streaming Lee-Ready (see `leeReady`). */
export class LeeReady {
  readonly #inner = new native.MicroLeeReady();

  push(price: number, mid: number): number {
    return this.#inner.push(price, mid);
  }
}

/** Streaming Kyle's lambda (see `kyleLambda`). */
export class KyleLambda {
  readonly #inner: InstanceType<typeof native.MicroKyleLambda>;

  constructor(options: { window: number }) {
    this.#inner = callNative(() => new native.MicroKyleLambda(options.window));
  }

  push(midChange: number, signedVolume: number): number {
    return this.#inner.push(midChange, signedVolume);
  }
}

/** Streaming Amihud illiquidity (see `amihud`). */
export class Amihud {
  readonly #inner: InstanceType<typeof native.MicroAmihud>;

  constructor(options: { window: number }) {
    this.#inner = callNative(() => new native.MicroAmihud(options.window));
  }

  push(ret: number, dollarVolume: number): number {
    return this.#inner.push(ret, dollarVolume);
  }
}

/** Streaming Roll spread (see `rollSpread`). */
export class RollSpread {
  readonly #inner: InstanceType<typeof native.MicroRollSpread>;

  constructor(options: { window: number }) {
    this.#inner = callNative(() => new native.MicroRollSpread(options.window));
  }

  push(price: number): number {
    return this.#inner.push(price);
  }
}

/** Streaming realized volatility (see `realizedVolatility`). */
export class RealizedVolatility {
  readonly #inner: InstanceType<typeof native.MicroRealizedVolatility>;

  constructor(options: { window: number }) {
    this.#inner = callNative(() => new native.MicroRealizedVolatility(options.window));
  }

  push(price: number): number {
    return this.#inner.push(price);
  }
}

/** Streaming VPIN (see `vpin`). */
export class Vpin {
  readonly #inner: InstanceType<typeof native.MicroVpin>;

  constructor(options: VpinOptions) {
    this.#inner = callNative(() => new native.MicroVpin(options));
  }

  push(price: number, volume: number): number {
    return this.#inner.push(price, volume);
  }
}

/** Options of {@link MicropriceModel.fit}. */
export interface MicropriceOptions {
  tickSize: number;
  /** Imbalance buckets over [0, 1] (10 by default, as Stoikov). */
  imbalanceBuckets?: number;
  /** Spread states of 1..n ticks (2 by default). */
  spreadBuckets?: number;
  /** Terms g1..gN summed (6 by default, as Stoikov). */
  iterations?: number;
}

/**
 * Stoikov's micro-price (Stoikov 2018, "The micro-price: a high-frequency estimator of future
 * prices"). `fit` estimates, on discretised (imbalance, spread) states of a quote history, the
 * transition matrices Q (mid unchanged), R (mid moves by +-1/2, +-1 tick) and T (state after a
 * move), from symmetrised data; then `g1 = (1-Q)^-1 R K`, `B = (1-Q)^-1 T`, `g_{i+1} = B g_i` and
 * the micro-price is `mid + tick * (g1 + ... + gN)(state)`, applied live in O(1).
 */
export class MicropriceModel {
  readonly #inner: InstanceType<typeof native.MicropriceModel>;

  private constructor(inner: InstanceType<typeof native.MicropriceModel>) {
    this.#inner = inner;
  }

  /**
   * Fits the model on a quote history (time order).
   * @throws SingularMatrixError when a state never leaves itself; OutOfRangeError for bad options
   */
  static fit(quotes: Quotes, options: MicropriceOptions): MicropriceModel {
    return new MicropriceModel(callNative(() => native.MicropriceModel.fit(quotes, options)));
  }

  /** The micro-price of one quote; NaN for a locked/crossed quote or zero sizes. */
  microprice(bid: number, bidQty: number, ask: number, askQty: number): number {
    return this.#inner.microprice(bid, bidQty, ask, askQty);
  }

  /** The micro-price of every row. */
  apply(quotes: Quotes): Float64Array {
    return callNative(() => this.#inner.apply(quotes));
  }

  /** Adjustments in ticks, `[spread - 1][imbalance bucket]` row-major. */
  get adjustments(): Float64Array {
    return this.#inner.adjustments;
  }

  /** Transitions used by the fit. */
  get transitions(): number {
    return this.#inner.transitions;
  }

  /** Transitions dropped (state out of range, or a mid jump beyond one tick). */
  get dropped(): number {
    return this.#inner.dropped;
  }
}
