/**
 * L2 order book: integer-tick levels, Binance depth sync with gap detection, queries (best
 * bid/ask, mid, spread, top N, depth within a distance, walk-the-book fill cost, imbalance), a
 * columnar batch API, and a streaming reader of Binance websocket captures.
 * @module book
 */
export { OrderBook, priceToTicks } from './order-book.js';
export type {
  BookLevel,
  BookSide,
  DeltaBatch,
  DeltaBatchResult,
  DiffInput,
  DiffOutcome,
  Fill,
  LevelInput,
  OrderBookOptions,
  SnapshotInput,
} from './order-book.js';
export { depthColumns } from './columns.js';
export type { DepthDiffLike } from './columns.js';
export { readBinanceCapture, parseCaptureLine } from '../data/capture.js';
export type {
  BookTickerEvent,
  CaptureEvent,
  DepthEvent,
  OtherEvent,
  RawLevel,
  ReadCaptureOptions,
  SnapshotEvent,
  TradeEvent,
} from '../data/capture.js';
