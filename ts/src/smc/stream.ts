/**
 * Incremental Smart Money Concepts: bars in one at a time, confirmed events out.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { Ohlc } from '../ohlc.js';
import type {
  BosChochResult,
  FvgResult,
  LiquidityResult,
  ObResult,
  PreviousHighLowResult,
  RetracementResult,
  SessionName,
  SessionResult,
  Swings,
} from './batch.js';

/** The batch functions' options, under the same names. */
export interface SmcStreamOptions {
  /** As in {@link swingHighsLows} (default 50). */
  swingLength?: number;
  /** As in {@link fvg} (default false). */
  joinConsecutive?: boolean;
  /** As in {@link bosChoch} (default true). */
  closeBreak?: boolean;
  /** As in {@link ob} (default false). */
  closeMitigation?: boolean;
  /** As in {@link ob} (default false). */
  bullishMitigationAtBreak?: boolean;
  /** As in {@link liquidity} (default 0.01). */
  rangePercent?: number;
  /** Streams {@link previousHighLow} with this frame; every bar then needs a time. */
  timeFrame?: string;
  /** As in {@link previousHighLow} (default false). */
  strictPrevious?: boolean;
  /** Streams {@link sessions} for this session; every bar then needs a time. */
  session?: SessionName;
  /** As in {@link sessions} (`Custom` sessions). */
  startTime?: string;
  /** As in {@link sessions} (`Custom` sessions). */
  endTime?: string;
  /** As in {@link sessions} (default 'UTC'). */
  timeZone?: string;
  /** As in {@link sessions} (default false). */
  isoOffsetSign?: boolean;
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

/**
 * An order block formed on candle `row` (`ob` +1 bullish / -1 bearish). Not final: a later bar
 * can mitigate or remove it (see {@link ObMitigatedEvent}, {@link ObResetEvent}).
 */
export interface ObEvent {
  type: 'ob';
  row: number;
  ob: number;
  top: number;
  bottom: number;
  obVolume: number;
  percentage: number;
}

/** The block at `row` (pass `direction`) became a breaker, mitigated at `mitigatedIndex`. */
export interface ObMitigatedEvent {
  type: 'obMitigated';
  row: number;
  direction: number;
  mitigatedIndex: number;
}

/** The breaker at `row` (pass `direction`) was invalidated: its cells are cleared. */
export interface ObResetEvent {
  type: 'obReset';
  row: number;
  direction: number;
}

/** A liquidity pool at `row`, emitted by `finish()` (the band uses the whole input's range). */
export interface LiquidityEvent {
  type: 'liquidity';
  row: number;
  liquidity: number;
  level: number;
  end: number;
  swept: number;
}

export type SmcStreamEvent =
  | SwingEvent
  | FvgEvent
  | FvgMitigatedEvent
  | BosChochEvent
  | ObEvent
  | ObMitigatedEvent
  | ObResetEvent
  | LiquidityEvent;

/**
 * The eight SMC functions updated bar by bar. Swing, gap, BOS/CHoCH and liquidity events are
 * final when emitted (never revoked): a swing once the run of same-type candidates it heads ends
 * (its candidate is known `swingLength` bars after its row), a gap one bar after its middle
 * candle, a BOS/CHoCH once broken and no later structure can cancel it. Sessions and previous
 * high/low rows are final when pushed. Order blocks and retracements advance with the final
 * swings; what the package decides with later bars is provisional until `finish()`
 * ({@link SmcStream.obIsFinal}, {@link SmcStream.retracementIsFinal}). Liquidity is computed
 * at `finish()` (its band is the whole input's range). After {@link SmcStream.finish}, every
 * accessor equals its batch function on the same bars.
 */
export class SmcStream {
  readonly #inner: InstanceType<typeof native.SmcStream>;

  constructor(options: SmcStreamOptions = {}) {
    this.#inner = callNative(() => new native.SmcStream(options));
  }

  /**
   * Adds one bar; returns the events it made certain. `volume` (default 0) feeds order blocks;
   * `time` (epoch ms) is required when `timeFrame` or `session` was given.
   */
  push(open: number, high: number, low: number, close: number, volume?: number, time?: number): SmcStreamEvent[] {
    return callNative(() => this.#inner.push(open, high, low, close, volume, time)) as SmcStreamEvent[];
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

  /** Order-block columns so far (equal to {@link ob} after `finish()`). */
  ob(): ObResult {
    return callNative(() => this.#inner.ob());
  }

  /**
   * Whether row `row`'s order-block cells can no longer change before `finish()`: only rows
   * holding no block that no later block can land on (a held block can still be mitigated or
   * removed by a later bar).
   */
  obIsFinal(row: number): boolean {
    return callNative(() => this.#inner.obIsFinal(row));
  }

  /**
   * Liquidity: after `finish()` the batch result; before, the result as if the series ended now
   * (provisional, O(n) per call: a later bar can widen the band).
   */
  liquidity(): LiquidityResult {
    return callNative(() => this.#inner.liquidity());
  }

  /** Retracement columns so far (equal to {@link retracements} after `finish()`). */
  retracements(): RetracementResult {
    return callNative(() => this.#inner.retracements());
  }

  /** Whether row `row`'s retracement cells are final (always after `finish()`). */
  retracementIsFinal(row: number): boolean {
    return callNative(() => this.#inner.retracementIsFinal(row));
  }

  /** Session columns, final as pushed; throws `InvalidStateError` unless built with `session`. */
  sessions(): SessionResult {
    return callNative(() => this.#inner.sessions());
  }

  /** Previous high/low columns, final as pushed; throws unless built with `timeFrame`. */
  previousHighLow(): PreviousHighLowResult {
    return callNative(() => this.#inner.previousHighLow());
  }

  /** Bars pushed. */
  get length(): number {
    return this.#inner.length;
  }
}
