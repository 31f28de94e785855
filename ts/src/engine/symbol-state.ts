/**
 * Per-symbol market state: the L2 book, the last quote and bar, the requested streaming
 * indicators and SMC stream, and the model feature window. Every number comes from the core's
 * streaming classes (one native call per event); this file only routes events to them.
 */
import { OrderBook } from '../book/index.js';
import { captureRow } from '../events/capture.js';
import type { Bar, BookDelta, BookSnapshot, Quote } from '../events/index.js';
import { Atr, Ema, Rsi, Sma } from '../indicators/index.js';
import { native } from '../native.js';
import { SmcStream, type SmcStreamEvent } from '../smc/index.js';
import type { IndicatorSpec, StrategyRequirements, TopOfBook } from './types.js';

/** L2 book settings of a symbol (tick/tick mode). */
export interface BookSettings {
  tickSize: string | number;
  /** 'futures' links Binance diffs by `pu`. Default 'spot'. */
  market?: 'spot' | 'futures';
}

interface IndicatorSlot {
  name: string;
  spec: IndicatorSpec;
  stream: Sma | Ema | Rsi | Atr;
  /** Values per bar computed up front by the core's batch function (equal to the stream's). */
  column?: Float64Array;
}

const NO_EVENTS: readonly SmcStreamEvent[] = Object.freeze([]);

function createIndicator(spec: IndicatorSpec): Sma | Ema | Rsi | Atr {
  switch (spec.kind) {
    case 'sma':
      return new Sma(spec.period);
    case 'ema':
      return new Ema(spec.period);
    case 'rsi':
      return new Rsi(spec.period);
    case 'atr':
      return new Atr(spec.period);
  }
}

/** The state of one symbol, owned by the engine's lane for that symbol. */
export class SymbolState {
  readonly symbol: string;
  /** Dense portfolio id of the instrument. */
  instrumentId = 0;
  /** Net position after the last applied fill (the portfolio's number, kept for cheap reads). */
  positionQty = 0;
  /** Decisions taken so far (strategy calls): the sequence in client order ids. */
  seq = 0;
  /** Time of the last decided event, and how many decided events of this symbol had it. */
  keyTime = NaN;
  keyRank = 0;

  /**
   * Moves the decision key to an event at `time`: `time` plus its rank among same-time events.
   * It depends only on the event stream, so a restarted process derives the same key. The
   * string ({@link decisionKey}) is built only when the decision sends orders.
   */
  nextKey(time: number): void {
    if (time === this.keyTime) this.keyRank++;
    else {
      this.keyTime = time;
      this.keyRank = 0;
    }
  }

  /** Bars seen so far; `barIndex = barCount - 1`. */
  barCount = 0;
  lastBar: Bar | undefined;
  top: TopOfBook | undefined;
  lastPrice = NaN;
  readonly indicators: Record<string, number> = {};
  smcEvents: readonly SmcStreamEvent[] = NO_EVENTS;
  readonly book: OrderBook | undefined;
  readonly features: InstanceType<typeof native.BarFeatureStream> | undefined;
  readonly window: Float32Array | undefined;
  readonly #slots: IndicatorSlot[];
  readonly #smc: SmcStream | undefined;

  constructor(
    symbol: string,
    requires: StrategyRequirements,
    options: { book?: BookSettings; seqLen?: number; nFeatures?: number; columns?: Readonly<Record<string, Float64Array>> },
  ) {
    this.symbol = symbol;
    this.#slots = Object.entries(requires.indicators ?? {}).map(([name, spec]) => ({ name, spec, stream: createIndicator(spec), column: options.columns?.[name] }));
    for (const slot of this.#slots) this.indicators[slot.name] = NaN;
    this.#smc = requires.smc ? new SmcStream(requires.smc) : undefined;
    this.book = options.book ? new OrderBook({ tickSize: options.book.tickSize, market: options.book.market ?? 'spot' }) : undefined;
    if (requires.ensemble && options.seqLen !== undefined && options.nFeatures !== undefined) {
      this.features = new native.BarFeatureStream(options.seqLen);
      this.window = new Float32Array(options.seqLen * options.nFeatures);
    }
  }

  /** Feeds a bar to every requested stream. Returns true when the model window is ready. */
  onBar(bar: Bar): boolean {
    this.lastBar = bar;
    this.barCount++;
    this.lastPrice = bar.close;
    for (const slot of this.#slots) {
      const s = slot.spec;
      const column = slot.column;
      if (column && this.barCount <= column.length) {
        this.indicators[slot.name] = column[this.barCount - 1]!;
      } else if (s.kind === 'atr') {
        this.indicators[slot.name] = (slot.stream as Atr).push(bar.high, bar.low, bar.close);
      } else {
        this.indicators[slot.name] = (slot.stream as Sma).push(bar[s.source ?? 'close']);
      }
    }
    // Volume feeds order blocks; the open time feeds sessions / previous high-low when requested.
    this.smcEvents = this.#smc
      ? this.#smc.push(bar.open, bar.high, bar.low, bar.close, bar.volume, bar.openTime)
      : NO_EVENTS;
    return this.features ? this.features.push(bar.open, bar.high, bar.low, bar.close, bar.volume) : false;
  }

  onQuote(q: Quote): void {
    this.top = { bid: q.bidPrice, bidQty: q.bidQty, ask: q.askPrice, askQty: q.askQty, mid: (q.bidPrice + q.askPrice) / 2 };
    this.lastPrice = this.top.mid;
  }

  onTrade(price: number): void {
    this.lastPrice = price;
  }

  /** Applies a book event through the core book (Binance sync rules); updates the top of book. */
  onBook(event: BookSnapshot | BookDelta): void {
    const ob = this.book;
    if (!ob) return;
    // A capture replay's book event: the book reads its levels from the native batch.
    const row = captureRow(event);
    if (row) ob.applyCapture(row.batch, row.index);
    else if (event.type === 'book_snapshot') {
      ob.applySnapshot({ lastUpdateId: event.lastUpdateId, bids: event.bids, asks: event.asks });
    } else {
      ob.applyDiff({
        firstUpdateId: event.firstUpdateId,
        lastUpdateId: event.finalUpdateId,
        prevLastUpdateId: event.prevFinalUpdateId ?? undefined,
        bids: event.bids,
        asks: event.asks,
      });
    }
    const top = ob.bbo();
    if (top) {
      this.top = top;
      this.lastPrice = top.mid;
    }
  }

  /** Copies the feature window (oldest row first) into `window` and returns it. */
  copyWindow(): Float32Array | undefined {
    if (!this.features || !this.window || !this.features.ready) return undefined;
    this.features.copyWindow(this.window);
    return this.window;
  }

  /** Final SMC events at the end of a series (the last swing marker). */
  finish(): readonly SmcStreamEvent[] {
    return this.#smc ? this.#smc.finish() : NO_EVENTS;
  }
}
