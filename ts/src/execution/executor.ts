/**
 * Stateful executors: feed them time, quotes, volume and fills; they answer with child orders.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { Side } from './measure.js';
import type { LotOptions, VolumeProfile } from './schedule.js';

/** How children are priced: join the near touch, cross the spread, or market orders. */
export type OrderStyle = 'passive' | 'aggressive' | 'market';

export interface ExecutorCommonOptions extends LotOptions {
  side: Side;
  quantity: number;
  /** Window in epoch ms. */
  start: number;
  end: number;
  /** Limit price guard: no child is priced beyond it. */
  limit?: number;
  /** 'passive' by default. */
  style?: OrderStyle;
  /** Lag (target - filled) beyond which children cross the spread; set above one slice. */
  catchUp?: number;
  /** A working child further than this from the desired price is cancelled and replaced (0 by default). */
  driftTolerance?: number;
  /** Largest child. */
  maxChild?: number;
}

export type ExecutorOptions = ExecutorCommonOptions &
  (
    | { algorithm: 'twap'; slices: number; jitter?: { seed: number; fraction: number } }
    | { algorithm: 'vwap'; profile: Pick<VolumeProfile, 'weights'> & Partial<VolumeProfile>; dynamic?: boolean }
    | { algorithm: 'pov'; rate: number }
    | { algorithm: 'iceberg'; display: number; variance?: number; seed?: number }
  );

/** A new child (send it, via the router or a venue) or a cancel of a working one. */
export interface ExecutorAction {
  kind: 'new' | 'cancel';
  childId: number;
  quantity: number;
  /** Absent for a market order. */
  price?: number;
}

/** One audited decision or event. */
export interface ExecutorDecision {
  time: number;
  kind: 'new-child' | 'cancel-child' | 'hold' | 'limit-guard' | 'fill' | 'cancel-ack' | 'status';
  childId?: number;
  quantity: number;
  price?: number;
  target?: number;
  filled: number;
  reason: string;
}

export type ExecutorStatus = 'running' | 'completed' | 'cancelled' | 'expired' | 'stranded';

/**
 * Works a parent order with TWAP, VWAP (static or dynamic), POV or iceberg. Call {@link step}
 * on every clock tick; report quotes, market volume, fills and cancel acknowledgements as they
 * happen. After completion or cancellation, `step`, `cancel` and fills of unknown children
 * throw InvalidStateError.
 */
export class Executor {
  readonly #inner: InstanceType<typeof native.Executor>;

  /** @throws InvalidInputError, OutOfRangeError, UnorderedError */
  constructor(options: ExecutorOptions) {
    this.#inner = callNative(() => new native.Executor(toNative(options)));
  }

  /** Best bid and ask. @throws CrossedBookError, NonFiniteError, UnorderedError */
  onQuote(time: number, bid: number, ask: number): void {
    callNative(() => this.#inner.onQuote(time, bid, ask));
  }

  /** Market volume traded since the last report (everyone's, ours included). */
  onVolume(time: number, volume: number): void {
    callNative(() => this.#inner.onVolume(time, volume));
  }

  /** A fill of a child. @throws NotFoundError (unknown child), InvalidStateError (completed) */
  onFill(time: number, childId: number, quantity: number, price: number): void {
    callNative(() => this.#inner.onFill(time, childId, quantity, price));
  }

  /** A child is gone without further fills (cancel confirmed, expired, rejected). */
  onCancelAck(time: number, childId: number): void {
    callNative(() => this.#inner.onCancelAck(time, childId));
  }

  /** Advances the clock and returns the actions to take now. */
  step(now: number): ExecutorAction[] {
    return callNative(() => this.#inner.step(now)) as ExecutorAction[];
  }

  /** Cancels the parent: cancels for every working child. */
  cancel(now: number): ExecutorAction[] {
    return callNative(() => this.#inner.cancel(now)) as ExecutorAction[];
  }

  /** Audit trail, from entry `from` (0 by default). */
  audit(from?: number): ExecutorDecision[] {
    return callNative(() => this.#inner.audit(from)) as ExecutorDecision[];
  }

  get algorithm(): ExecutorOptions['algorithm'] {
    return this.#inner.algorithm as ExecutorOptions['algorithm'];
  }

  get status(): ExecutorStatus {
    return this.#inner.status as ExecutorStatus;
  }

  get filled(): number {
    return this.#inner.filled;
  }

  get remaining(): number {
    return this.#inner.remaining;
  }

  /** Open quantity of working children (including those being cancelled). */
  get working(): number {
    return this.#inner.working;
  }

  /** Average fill price; undefined before the first fill. */
  get averagePrice(): number | undefined {
    return this.#inner.averagePrice ?? undefined;
  }
}

function toNative(o: ExecutorOptions): ConstructorParameters<typeof native.Executor>[0] {
  const common = {
    side: o.side,
    quantity: o.quantity,
    start: o.start,
    end: o.end,
    lotSize: o.lotSize,
    minQty: o.minQty,
    limit: o.limit,
    style: o.style,
    catchUp: o.catchUp,
    driftTolerance: o.driftTolerance,
    maxChild: o.maxChild,
  };
  switch (o.algorithm) {
    case 'twap':
      return { ...common, algorithm: 'twap', slices: o.slices, jitterSeed: o.jitter?.seed, jitterFraction: o.jitter?.fraction };
    case 'vwap':
      return { ...common, algorithm: 'vwap', weights: o.profile.weights, meanVolume: o.profile.meanVolume, dynamic: o.dynamic };
    case 'pov':
      return { ...common, algorithm: 'pov', rate: o.rate };
    case 'iceberg':
      return { ...common, algorithm: 'iceberg', display: o.display, variance: o.variance, seed: o.seed };
    default:
      // Reached only from untyped JavaScript: let the core name the bad algorithm.
      return { ...common, algorithm: String((o as { algorithm: unknown }).algorithm) };
  }
}
