/** What a backtest report shows. Times are epoch milliseconds (UTC) everywhere. */
import type { Ohlc } from '../ohlc.js';

/** A price zone drawn as a shaded box from `startTime` to `endTime` (FVG, order block). */
export interface ZoneOverlay {
  kind: 'fvg' | 'orderBlock';
  /** 1 bullish, -1 bearish. */
  direction: 1 | -1;
  startTime: number;
  endTime: number;
  top: number;
  bottom: number;
}

/** A horizontal level drawn from `startTime` to `endTime` (BOS, CHOCH, liquidity). */
export interface LevelOverlay {
  kind: 'bos' | 'choch' | 'liquidity';
  direction: 1 | -1;
  startTime: number;
  endTime: number;
  price: number;
}

export interface TradeRecord {
  id: string;
  side: 'long' | 'short';
  quantity: number;
  entryTime: number;
  entryPrice: number;
  /** Absent while the trade is still open at the end of the run. */
  exitTime?: number;
  exitPrice?: number;
  /** Realised PnL after fees, in the quote currency. */
  pnl: number;
  fees: number;
}

export type StatFormat = 'pct' | 'number' | 'money' | 'int' | 'ratio' | 'text' | 'duration';

export interface StatRow {
  label: string;
  /** null renders as "n/a" (for example a Sortino ratio without losing periods). */
  value: number | string | null;
  format?: StatFormat;
}

export interface StatSection {
  title: string;
  rows: StatRow[];
}

export interface ReportData {
  title: string;
  subtitle?: string;
  /** The traded instrument's bars; `time` is required. */
  bars: Ohlc & { time: Float64Array };
  /** The equity curve. */
  equity: { time: Float64Array; equity: Float64Array };
  /** Drawdown of the equity curve as a fraction <= 0, one value per equity point. */
  drawdown: Float64Array;
  trades: TradeRecord[];
  sections: StatSection[];
  overlays?: { zones: ZoneOverlay[]; levels: LevelOverlay[] };
}
