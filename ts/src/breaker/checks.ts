/**
 * The checks of one evaluation. Every check runs every time and every failure is collected;
 * the state machine (breaker.ts) then decides. Comparisons only: the numbers they compare come
 * from the portfolio (Rust), the VaR source and the mid source.
 */
import type { TokenBucket } from './rate-limiter.js';
import type { LimitResolver } from './limits.js';
import type {
  BreakerLimits,
  BreakerPortfolio,
  MidPriceSource,
  OrderIntent,
  RefusalCode,
  RefusalReason,
  VarLimit,
} from './types.js';

/** Fixed configuration of the checks. */
export interface CheckContext {
  readonly limits: BreakerLimits;
  readonly resolver: LimitResolver;
  readonly varLimit: VarLimit | null;
  readonly portfolio: BreakerPortfolio;
  readonly mids: MidPriceSource;
  readonly bucket: TokenBucket;
  readonly tripCodes: ReadonlySet<RefusalCode>;
  readonly allowReducing: boolean;
  readonly killSwitchAllowsReducing: boolean;
}

/** Portfolio-level readings the breaker takes before the checks (it also needs them itself). */
export interface AccountReadings {
  equity: number;
  highWaterMark: number;
  dayStartEquity: number;
  /** Set when the readings could not be taken (the source threw or returned non-finite values). */
  error: string | null;
}

function reason(code: RefusalCode, message: string, limit: number | null, observed: number | null): RefusalReason {
  return { code, message, limit, observed };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The outcome of one evaluation's checks. One instance is reused by a breaker across
 * evaluations (reset at the start of each), so a clean approval allocates no lists.
 */
export class CheckRun {
  /** Failures that refuse the order. */
  refusals: RefusalReason[] | null = null;
  /** Exposure failures waived because the order reduces risk. */
  waived: RefusalReason[] | null = null;
  /** Failures (refused or waived) whose code trips the breaker. */
  trips: RefusalReason[] | null = null;
  reducing = false;

  reset(): void {
    this.refusals = null;
    this.waived = null;
    this.trips = null;
    this.reducing = false;
  }

  refuse(r: RefusalReason, ctx: CheckContext): void {
    (this.refusals ??= []).push(r);
    if (ctx.tripCodes.has(r.code)) (this.trips ??= []).push(r);
  }

  /** An exposure-limit failure: waived for reducing orders when allowed. */
  exposure(r: RefusalReason, ctx: CheckContext): void {
    if (this.reducing && ctx.allowReducing) {
      (this.waived ??= []).push(r);
      if (ctx.tripCodes.has(r.code)) (this.trips ??= []).push(r);
    } else {
      this.refuse(r, ctx);
    }
  }
}

function invalidOrder(order: OrderIntent): string | null {
  if (typeof order !== 'object' || order === null) return 'the order is not an object';
  if (typeof order.instrument !== 'string' || order.instrument === '') return 'instrument must be a non-empty string';
  if (order.side !== 'buy' && order.side !== 'sell') return `side must be 'buy' or 'sell', got ${String(order.side)}`;
  if (!(order.quantity > 0 && order.quantity < Infinity)) return `quantity must be a finite number > 0, got ${order.quantity}`;
  if (order.price !== undefined && !(order.price > 0 && order.price < Infinity)) {
    return `price must be a finite number > 0 when given, got ${order.price}`;
  }
  return null;
}

/** Runs every check for `order` into `run`. */
export function runChecks(
  ctx: CheckContext,
  run: CheckRun,
  order: OrderIntent,
  now: number,
  account: AccountReadings,
  killSwitchEngaged: boolean,
): void {
  run.reset();
  const limits = ctx.limits;
  const problem = invalidOrder(order);
  if (problem !== null) run.refuse(reason('INVALID_ORDER', problem, null, null), ctx);
  const valid = problem === null;

  // Order-level readings first: whether the order reduces the position decides which failures
  // can be waived.
  let position = 0;
  let instrumentNotional = 0;
  let grossNotional = 0;
  let multiplier = 1;
  let dataOk = valid;
  if (valid) {
    try {
      position = ctx.portfolio.positionOf(order.instrument);
      instrumentNotional = ctx.portfolio.notionalOf(order.instrument);
      grossNotional = ctx.portfolio.grossNotional();
      multiplier = ctx.portfolio.multiplierOf(order.instrument);
      if (!Number.isFinite(position + instrumentNotional + grossNotional + multiplier)) {
        throw new Error(
          `non-finite portfolio reading for ${order.instrument}: position ${position}, notional ${instrumentNotional}, ` +
            `gross ${grossNotional}, multiplier ${multiplier}`,
        );
      }
    } catch (err) {
      dataOk = false;
      run.refuse(reason('RISK_DATA_UNAVAILABLE', errorMessage(err), null, null), ctx);
    }
  }
  const signed = valid ? (order.side === 'buy' ? order.quantity : -order.quantity) : 0;
  const after = position + signed;
  run.reducing = dataOk && position !== 0 && Math.sign(signed) !== Math.sign(position) && Math.abs(signed) <= Math.abs(position);

  if (killSwitchEngaged && !(run.reducing && ctx.killSwitchAllowsReducing)) {
    run.refuse(reason('KILL_SWITCH', 'the kill switch is engaged', null, null), ctx);
  }

  if (account.error !== null) {
    run.refuse(reason('RISK_DATA_UNAVAILABLE', account.error, null, null), ctx);
  } else {
    const drawdown = (account.highWaterMark - account.equity) / account.highWaterMark;
    if (drawdown > limits.maxDrawdown) {
      run.exposure(
        reason('MAX_DRAWDOWN', `drawdown ${drawdown} exceeds ${limits.maxDrawdown} of the high-water mark`, limits.maxDrawdown, drawdown),
        ctx,
      );
    }
    const dailyLoss = account.dayStartEquity - account.equity;
    if (dailyLoss > limits.dailyLossLimit) {
      run.exposure(
        reason('DAILY_LOSS', `loss since the start of the day ${dailyLoss} exceeds ${limits.dailyLossLimit}`, limits.dailyLossLimit, dailyLoss),
        ctx,
      );
    }
  }

  if (!valid) return;
  const own = ctx.resolver.for(order.instrument);

  // Reference price: the mid (exposure is valued at market); a limit order's price when there
  // is no usable mid, in which case the order is refused anyway (MID_UNAVAILABLE).
  let mid: number;
  try {
    mid = ctx.mids.mid(order.instrument);
  } catch {
    mid = NaN; // a throwing source is a missing mid: refused below
  }
  const midOk = mid > 0 && mid < Infinity;
  if (!midOk) {
    run.refuse(reason('MID_UNAVAILABLE', `no usable mid price for ${order.instrument}: ${mid}`, null, Number.isFinite(mid) ? mid : null), ctx);
  } else if (order.price !== undefined) {
    const deviation = Math.abs(order.price - mid) / mid;
    if (deviation > own.priceBand) {
      run.refuse(
        reason('PRICE_BAND', `price ${order.price} is ${deviation} away from mid ${mid} (band ${own.priceBand})`, own.priceBand, deviation),
        ctx,
      );
    }
  }

  if (order.quantity > own.maxOrderQuantity) {
    run.refuse(
      reason('MAX_ORDER_QUANTITY', `order quantity ${order.quantity} exceeds ${own.maxOrderQuantity}`, own.maxOrderQuantity, order.quantity),
      ctx,
    );
  }
  if (dataOk && Math.abs(after) > own.maxPosition) {
    run.exposure(
      reason('MAX_POSITION', `position after the order ${after} exceeds ${own.maxPosition} in absolute value`, own.maxPosition, Math.abs(after)),
      ctx,
    );
  }

  const price = midOk ? mid : order.price;
  if (price !== undefined && dataOk) {
    const orderNotional = order.quantity * price * multiplier;
    if (orderNotional > own.maxOrderNotional) {
      run.refuse(
        reason('MAX_ORDER_NOTIONAL', `order notional ${orderNotional} exceeds ${own.maxOrderNotional}`, own.maxOrderNotional, orderNotional),
        ctx,
      );
    }
    const notionalAfter = Math.abs(after) * price * multiplier;
    if (notionalAfter > own.maxInstrumentNotional) {
      run.exposure(
        reason(
          'MAX_INSTRUMENT_NOTIONAL',
          `${order.instrument} notional after the order ${notionalAfter} exceeds ${own.maxInstrumentNotional}`,
          own.maxInstrumentNotional,
          notionalAfter,
        ),
        ctx,
      );
    }
    const grossAfter = grossNotional - instrumentNotional + notionalAfter;
    if (grossAfter > limits.maxTotalNotional) {
      run.exposure(
        reason('MAX_TOTAL_NOTIONAL', `gross notional after the order ${grossAfter} exceeds ${limits.maxTotalNotional}`, limits.maxTotalNotional, grossAfter),
        ctx,
      );
    }
    if (ctx.varLimit !== null) varCheck(ctx, ctx.varLimit, run, grossAfter);
  } else if (ctx.varLimit !== null && dataOk) {
    run.refuse(reason('VAR_UNAVAILABLE', 'VaR cannot be applied without a reference price', ctx.varLimit.maxLoss, null), ctx);
  }

  const tokens = ctx.bucket.available(now);
  if (tokens < 1) {
    run.refuse(
      reason('RATE_LIMIT', `more than ${limits.maxOrdersPerSecond} orders per second`, limits.maxOrdersPerSecond, limits.maxOrdersPerSecond - tokens),
      ctx,
    );
  }
}

function varCheck(ctx: CheckContext, v: VarLimit, run: CheckRun, grossAfter: number): void {
  let fraction = NaN;
  let failure: string | null = null;
  try {
    fraction = v.source.var(v.key, v.alpha);
  } catch (err) {
    failure = errorMessage(err);
  }
  if (failure !== null || !(fraction >= 0 && fraction < Infinity)) {
    const why = failure ?? `reading ${fraction}`;
    run.refuse(reason('VAR_UNAVAILABLE', `no usable VaR for '${v.key}' at alpha ${v.alpha}: ${why}`, v.maxLoss, null), ctx);
    return;
  }
  const varLoss = fraction * grossAfter;
  if (varLoss > v.maxLoss) {
    run.exposure(
      reason('VAR_LIMIT', `VaR ${varLoss} (${fraction} of gross notional ${grossAfter}) exceeds ${v.maxLoss}`, v.maxLoss, varLoss),
      ctx,
    );
  }
}
