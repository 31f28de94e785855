/**
 * The native reader of Binance websocket captures (`<local receive ns> <json>` per line, gzip or
 * plain): gunzip and parsing run in Rust, on a background thread by default, and deliver
 * columnar batches. The events a replay builds from them are those of `events.fromBinance` on
 * each line, with the same checks (see `ReplaySource`).
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { CaptureColumns, CaptureLevels, CaptureReject } from '../../../native/binding.cjs';

export type { CaptureColumns, CaptureLevels, CaptureReject };

/** `CaptureColumns.kind` codes. */
export const CAPTURE_KIND = { depth: 0, snapshot: 1, quote: 2, trade: 3 } as const;

/** `CaptureColumns.symbol` of a message that names no symbol (the caller's default applies). */
export const NO_SYMBOL = 0xffff_ffff;

export interface CaptureReaderOptions {
  /** `'skip'` (default): invalid lines are skipped and listed in `rejects()`; `'fail'`: the first throws, naming the line. */
  onInvalid?: 'skip' | 'fail';
  /** Messages per batch. Default 4096. */
  batchSize?: number;
  /** Read ahead on a background thread. Default true. */
  prefetch?: boolean;
  /** Force gzip (true) or plain text (false); detected from the magic bytes by default. */
  gzip?: boolean;
}

/**
 * One batch of messages. Per-message columns are copied into JavaScript once; the price levels
 * stay in native memory (the book and the simulated exchange apply them by message index) and
 * are copied only when asked for.
 */
export class CaptureBatch {
  /** The native batch (what `OrderBook.applyCapture` and `SimulatedExchange.applyCapture` read). */
  readonly native: InstanceType<typeof native.CaptureBatch>;
  readonly length: number;
  readonly columns: CaptureColumns;
  /** Symbols named by the messages (`columns.symbol` indexes this). */
  readonly symbols: readonly string[];
  #levels: CaptureLevels | undefined;

  constructor(batch: InstanceType<typeof native.CaptureBatch>) {
    this.native = batch;
    this.length = batch.length;
    this.columns = batch.columns();
    this.symbols = batch.symbols;
  }

  /** Price levels of every message (copied on the first call). */
  levels(): CaptureLevels {
    return (this.#levels ??= this.native.levels());
  }

  /** Lines skipped as invalid, in file order. */
  rejects(): CaptureReject[] {
    return this.native.rejects();
  }

  /** Price-level updates plus quotes plus trades in the batch. */
  get bookEvents(): number {
    return this.native.bookEvents;
  }
}

/**
 * Reads a capture batch by batch, in file order, with memory bounded by a few batches.
 *
 * ```ts
 * const reader = new CaptureReader('usdm_btcusdt_20240808.gz');
 * for (const batch of reader) console.log(batch.length, batch.bookEvents);
 * ```
 *
 * @throws NotFoundError for a missing file; InvalidInputError for an unreadable one (corrupt
 *   gzip) or, with `onInvalid: 'fail'`, an invalid line
 */
export class CaptureReader implements Iterable<CaptureBatch> {
  readonly #inner: InstanceType<typeof native.CaptureReader>;

  constructor(path: string, options: CaptureReaderOptions = {}) {
    this.#inner = callNative(() => new native.CaptureReader(path, options));
  }

  /** The next batch, or null at the end. */
  next(): CaptureBatch | null {
    const b = callNative(() => this.#inner.next());
    return b ? new CaptureBatch(b) : null;
  }

  /** Stops reading (ends the background thread) and releases the file. */
  close(): void {
    this.#inner.close();
  }

  *[Symbol.iterator](): Iterator<CaptureBatch> {
    try {
      for (let b = this.next(); b; b = this.next()) yield b;
    } finally {
      this.close();
    }
  }
}
