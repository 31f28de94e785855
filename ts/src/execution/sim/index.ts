/**
 * Simulated exchange for backtests and paper trading: one venue per instance, L2 mode (replayed
 * book, queue-position models, latency, fees) or bar mode (open/close/touch fills with slippage),
 * batch market data in and batch execution events out. Everything is computed in Rust.
 * @module execution/sim
 */
export { SimulatedExchange, eventList } from './simulated-exchange.js';
export { levelColumns, marketColumns, sliceMarket } from './market-data.js';
export { EXEC_EVENT_KINDS, MARKET_ROW, REJECT_REASONS } from './types.js';
export type {
  BarBatch,
  BarOptions,
  BarVenueOptions,
  ExecEvent,
  ExecEventBatch,
  ExecEventKind,
  FeeOptions,
  FeeTier,
  L2VenueOptions,
  LatencyOptions,
  LevelColumns,
  MarketBatch,
  OrderInfo,
  OrderInput,
  OrderSide,
  OrderStatus,
  QueueModelOptions,
  RejectReason,
  SimulatedExchangeOptions,
  SlippageOptions,
  TimeInForce,
} from './types.js';
