/**
 * Bookkeeping during a backtest run: the trade list (flat -> position -> flat, from the
 * portfolio's own realised PnL per fill), implementation shortfall per fill (computed by the
 * core's `execution.implementationShortfall`), exposure and traded notional.
 */
import type { EngineFill } from '../engine/engine.js';
import { implementationShortfall } from '../execution/index.js';
import type { Portfolio } from '../portfolio/index.js';
import type { TradeRecord } from '../report/index.js';
import type { ShortfallSummary } from './types.js';

interface OpenTrade {
  record: TradeRecord;
  realised: number;
}

export class RunRecorder {
  readonly trades: TradeRecord[] = [];
  readonly shortfall: ShortfallSummary = { orders: 0, delay: 0, trading: 0, fees: 0, total: 0, totalBps: null };
  tradedNotional = 0;
  barsInMarket = 0;
  /** A position is open after the last fill. */
  inMarket = false;
  #decisionNotional = 0;
  #open: OpenTrade | undefined;
  #nextId = 1;
  /** Arrival and end prices of the bar being processed (bar mode), else NaN. */
  arrival = NaN;
  end = NaN;

  constructor(private readonly portfolio: Portfolio, private readonly symbol: string) {}

  onFill(f: EngineFill): void {
    const r = f.report;
    const pos = this.portfolio.position(this.symbol);
    const after = pos.quantity;
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
        open.record.entryPrice = pos.avgEntryPrice;
      }
    }
    if (!open && after !== 0) {
      this.#open = {
        realised: 0,
        record: { id: `t${this.#nextId++}`, side: after > 0 ? 'long' : 'short', quantity: Math.abs(after), entryTime: r.time, entryPrice: pos.avgEntryPrice, pnl: 0, fees: before === 0 ? r.fee : 0 },
      };
    }
  }

  #shortfall(f: EngineFill): void {
    const r = f.report;
    if (!(f.decisionPrice > 0)) return;
    const arrival = this.arrival > 0 ? this.arrival : r.price;
    const end = this.end > 0 ? this.end : r.price;
    const s = implementationShortfall({
      side: f.side,
      intended: r.qty,
      decisionPrice: f.decisionPrice,
      arrivalPrice: arrival,
      endPrice: end,
      fillQty: Float64Array.of(r.qty),
      fillPrice: Float64Array.of(r.price),
      fees: r.fee,
    });
    const t = this.shortfall;
    t.orders++;
    t.delay += s.delay;
    t.trading += s.trading;
    t.fees += s.fees;
    t.total += s.total;
    this.#decisionNotional += r.qty * f.decisionPrice;
    t.totalBps = this.#decisionNotional > 0 ? (t.total / this.#decisionNotional) * 1e4 : null;
  }

  /** Trades: closed ones plus the one still open at the end, marked with its unrealised PnL. */
  allTrades(): TradeRecord[] {
    const open = this.#open;
    if (!open) return this.trades;
    const pos = this.portfolio.position(this.symbol);
    return [...this.trades, { ...open.record, pnl: open.realised + pos.unrealisedPnl - open.record.fees }];
  }
}
