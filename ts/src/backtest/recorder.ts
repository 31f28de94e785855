/**
 * Bookkeeping during a backtest run: the trade list (flat -> position -> flat, from the
 * portfolio's own realised PnL per fill), the fill log whose implementation shortfall the core
 * measures at the end (`execution.shortfallOfFills`, one call), exposure and traded notional.
 */
import type { EngineFill } from '../engine/engine.js';
import { shortfallOfFills } from '../execution/index.js';
import type { Portfolio } from '../portfolio/index.js';
import type { TradeRecord } from '../report/index.js';
import type { ShortfallSummary } from './types.js';

interface OpenTrade {
  record: TradeRecord;
  realised: number;
}

/** The fill log kept for the shortfall measure (grows by one row per fill, like the trade list). */
interface FillLog {
  sign: number[];
  qty: number[];
  price: number[];
  fee: number[];
  decisionPrice: number[];
  arrivalPrice: number[];
  endPrice: number[];
}

export class RunRecorder {
  readonly trades: TradeRecord[] = [];
  readonly #fills: FillLog = { sign: [], qty: [], price: [], fee: [], decisionPrice: [], arrivalPrice: [], endPrice: [] };
  tradedNotional = 0;
  barsInMarket = 0;
  /** A position is open after the last fill. */
  inMarket = false;
  #open: OpenTrade | undefined;
  #nextId = 1;
  /** Arrival and end prices of the bar being processed (bar mode), else NaN. */
  arrival = NaN;
  end = NaN;

  constructor(private readonly portfolio: Portfolio, private readonly symbol: string) {}

  onFill(f: EngineFill): void {
    const r = f.report;
    const after = this.portfolio.positionOf(this.symbol);
    this.inMarket = after !== 0;
    const before = after - (f.side === 'buy' ? r.qty : -r.qty);
    this.tradedNotional += r.qty * r.price;
    this.#shortfall(f);
    let open = this.#open;
    if (open) {
      open.realised += f.result.strategyRealisedPnl;
      open.record.fees += r.fee;
      open.record.quantity = Math.max(open.record.quantity, Math.abs(after));
      const closed = after === 0 || Math.sign(after) !== Math.sign(before);
      if (closed) {
        open.record.exitTime = r.time;
        open.record.exitPrice = r.price;
        open.record.pnl = open.realised - open.record.fees;
        this.trades.push(open.record);
        this.#open = open = undefined;
      } else {
        open.record.entryPrice = this.portfolio.avgEntryPrice(this.symbol);
      }
    }
    if (!open && after !== 0) {
      this.#open = {
        realised: 0,
        record: { id: `t${this.#nextId++}`, side: after > 0 ? 'long' : 'short', quantity: Math.abs(after), entryTime: r.time, entryPrice: this.portfolio.avgEntryPrice(this.symbol), pnl: 0, fees: before === 0 ? r.fee : 0 },
      };
    }
  }

  #shortfall(f: EngineFill): void {
    const r = f.report;
    if (!(f.decisionPrice > 0)) return;
    const log = this.#fills;
    log.sign.push(f.side === 'buy' ? 1 : -1);
    log.qty.push(r.qty);
    log.price.push(r.price);
    log.fee.push(r.fee);
    log.decisionPrice.push(f.decisionPrice);
    log.arrivalPrice.push(this.arrival > 0 ? this.arrival : r.price);
    log.endPrice.push(this.end > 0 ? this.end : r.price);
  }

  /** Implementation shortfall of every fill against its decision price, measured by the core. */
  shortfall(): ShortfallSummary {
    const log = this.#fills;
    const t = shortfallOfFills({
      sign: Float64Array.from(log.sign),
      qty: Float64Array.from(log.qty),
      price: Float64Array.from(log.price),
      fee: Float64Array.from(log.fee),
      decisionPrice: Float64Array.from(log.decisionPrice),
      arrivalPrice: Float64Array.from(log.arrivalPrice),
      endPrice: Float64Array.from(log.endPrice),
    });
    return { orders: t.fills, delay: t.delay, trading: t.trading, fees: t.fees, total: t.total, totalBps: t.totalBps };
  }

  /** Trades: closed ones plus the one still open at the end, marked with its unrealised PnL. */
  allTrades(): TradeRecord[] {
    const open = this.#open;
    if (!open) return this.trades;
    const pos = this.portfolio.position(this.symbol);
    return [...this.trades, { ...open.record, pnl: open.realised + pos.unrealisedPnl - open.record.fees }];
  }
}
