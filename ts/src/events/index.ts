/**
 * Market events: the typed model, the schema check at the edge, and venue adapters.
 * @module events
 */
export {
  marketEventSchema,
  tradeSchema,
  quoteSchema,
  bookSnapshotSchema,
  bookDeltaSchema,
  barSchema,
  levelSchema,
} from './schema.js';
export type { MarketEvent, MarketEventType, Trade, Quote, BookSnapshot, BookDelta, Bar, Level } from './schema.js';
export { parseEvent, decodeEvent, InvalidEventError } from './validate.js';
export type { RejectReason } from './validate.js';
export { fromBinance } from './binance.js';
export { captureEvent, bookEventsOf } from './capture.js';
export type { CaptureContext } from './capture.js';
export type { BinanceContext } from './binance.js';
