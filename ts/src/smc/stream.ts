/**
 * Incremental Smart Money Concepts: bars in one at a time, confirmed events out.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { Ohlc } from '../ohlc.js';
import type { BosChochResult, FvgResult, Swings } from './batch.js';

export interface SmcStreamOptions {
  /** As in {@link swingHighsLows} (default 50). */
  swingLength?: number;
  /** As in {@link fvg} (default false). */
  joinConsecutive?: boolean;
  /** As in {@link bosChoch} (default true). */
  closeBreak?: boolean;
}

/** A swing at `row` (+1 high / -1 low). */
export interface SwingEvent {
  type: 'swing';
  row: number;
  highLow: number;
  level: number;
}

/** A fair value gap whose middle candle is `row`. */
export interface FvgEvent {
  type: 'fvg';
  row: number;
  direction: number;
  top: number;
  bottom: number;
}

/** The gap at `row` was traded into at `mitigatedIndex` (the bar just pushed). */
export interface FvgMitigatedEvent {
  type: 'fvgMitigated';
  row: number;
  mitigatedIndex: number;
}

/** A BOS (`bos` = ±1, `choch` NaN) or CHoCH at `row`, broken at `brokenIndex`, final. */
export interface BosChochEvent {
  type: 'bosChoch';
  row: number;
  bos: number;
  choch: number;
  level: number;
  brokenIndex: number;
}

export type SmcStreamEvent = SwingEvent | FvgEvent | FvgMitigatedEvent | BosChochEvent;

/**
 * Swings, fair value gaps and BOS/CHoCH updated bar by bar. Every event is final when emitted
 * (never revoked): a swing once the run of same-type candidates it heads ends (its candidate is
 * known `swingLength` bars after its row), a gap one bar after its middle candle, a BOS/CHoCH
 * once broken and no later structure can cancel it. After {@link SmcStream.finish}, `swings()`,
 * `fvg()` and `bosChoch()` equal the batch functions on the same bars.
 */
export class SmcStream {
  readonly #inner: InstanceType<typeof native.SmcStream>;

  constructor(options: SmcStreamOptions = {}) {
    this.#inner = callNative(() => new native.SmcStream(options));
  }

  /** Adds one bar; returns the events it made certain. */
  push(open: number, high: number, low: number, close: number): SmcStreamEvent[] {
    return callNative(() => this.#inner.push(open, high, low, close)) as SmcStreamEvent[];
  }

  /** Adds every bar of `bars` in order (one native call); returns all events in order. */
  pushMany(bars: Ohlc): SmcStreamEvent[] {
    return callNative(() => this.#inner.pushMany(bars)) as SmcStreamEvent[];
  }

  /** Ends the series: emits what only the end decides (last swing, row n-1 marker, ...). */
  finish(): SmcStreamEvent[] {
    return callNative(() => this.#inner.finish()) as SmcStreamEvent[];
  }

  /** Swing columns so far. */
  swings(): Swings {
    return callNative(() => this.#inner.swings());
  }

  /** Gap columns so far. */
  fvg(): FvgResult {
    return callNative(() => this.#inner.fvg());
  }

  /** BOS/CHoCH columns so far. */
  bosChoch(): BosChochResult {
    return callNative(() => this.#inner.bosChoch());
  }

  /** Bars pushed. */
  get length(): number {
    return this.#inner.length;
  }
}
