/**
 * smc-engine: a low-latency trading toolkit with a Rust core.
 *
 * Each domain is a namespace (`risk`, ...); the typed errors are exported at the top level.
 *
 * ```ts
 * import { risk } from 'smc-engine';
 * const var95 = -risk.quantile(returns, 0.05);
 * ```
 */
export * as book from './book/index.js';
export * as micro from './micro/index.js';
export * as indicators from './indicators/index.js';
export * as risk from './risk/index.js';
export * as synth from './synth/index.js';
export * as models from './models/index.js';
export * as report from './report/index.js';
export * as portfolio from './portfolio/index.js';
export * as breaker from './breaker/index.js';
export * as execution from './execution/index.js';
export * as stats from './stats/index.js';
export * as smc from './smc/index.js';
export * as events from './events/index.js';
export * as sources from './sources/index.js';
export * as sinks from './sinks/index.js';
export * as cache from './cache/index.js';
export * as store from './store/index.js';
export * as metrics from './metrics/index.js';
export * as config from './config/index.js';
export * as io from './io/index.js';
export * as engine from './engine/index.js';
export * as backtest from './backtest/index.js';
export { assertOhlc } from './ohlc.js';
export { loadOhlcCsv, readOhlcCsvChunks, CsvParseError } from './data/ohlc-csv.js';
export type { OhlcCsvOptions, OhlcCsvColumns, CsvTimeFormat } from './data/ohlc-csv.js';
export type { Ohlc } from './ohlc.js';
export {
  SmcError,
  InvalidInputError,
  EmptyInputError,
  NonFiniteError,
  LengthMismatchError,
  OutOfRangeError,
  UnorderedError,
  SingularMatrixError,
  ResyncRequiredError,
  CrossedBookError,
  InvalidStateError,
  NotFoundError,
  ConfigError,
  UnavailableError,
  InternalError,
} from './errors.js';
export type { SmcErrorCode } from './errors.js';
