// An SMC strategy: fair value gap entries at order-block support/resistance, in the direction of
// the market structure (BOS/CHOCH), confirmed by the model ensemble when one is loaded.
//
// Everything the rules compare comes from the core: the streaming SMC events (swings, FVG,
// BOS/CHOCH) and ATR from the engine, order blocks from `smc.ob` on the recent bars. The strategy
// only keeps a little state and decides; the engine does risk checks, execution and accounting.
import { smc } from 'smc-engine';

/**
 * @typedef {object} SmcParams
 * @property {number} swingLength  bars on each side of a swing (SMC stream and order blocks)
 * @property {number} obLookback   bars searched for an unmitigated order block
 * @property {number} riskFraction equity risked per trade (distance to the stop)
 * @property {number} rewardRisk   take-profit distance in units of the stop distance
 * @property {number} atrStop      stop buffer beyond the zone, in ATRs
 * @property {number} maxQty       largest position, units
 * @property {number} lot          quantity step
 */

/** @type {SmcParams} */
export const defaultParams = { swingLength: 10, obLookback: 300, riskFraction: 0.01, rewardRisk: 2, atrStop: 0.5, maxQty: 5, lot: 0.001 };

/**
 * @param {Partial<SmcParams>} [overrides]
 * @returns {import('smc-engine').engine.Strategy<SmcParams>}
 */
export function smcStrategy(overrides = {}) {
  const p = { ...defaultParams, ...overrides };
  /** Recent bars for the order-block pass (a bounded ring, oldest first once full). */
  const keep = p.obLookback;
  const cols = { open: [], high: [], low: [], close: [], volume: [] };
  /** @type {Map<number, { direction: number, top: number, bottom: number }>} */
  const gaps = new Map();
  let trend = 0;
  /** @type {{ side: 1 | -1, stop: number, target: number } | null} */
  let trade = null;

  function remember(bar) {
    for (const k of Object.keys(cols)) {
      cols[k].push(bar[k]);
      if (cols[k].length > keep) cols[k].shift();
    }
  }

  /** The most recent unmitigated order block of `direction` in the remembered bars, if any. */
  function orderBlock(direction) {
    const n = cols.close.length;
    if (n < 4 * p.swingLength) return null;
    const bars = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)]));
    const swings = smc.swingHighsLows(bars, { swingLength: p.swingLength });
    const ob = smc.ob(bars, swings);
    for (let i = n - 1; i >= 0; i--) {
      if (ob.ob[i] === direction && ob.mitigatedIndex[i] === 0) {
        return { top: Math.max(ob.top[i], ob.bottom[i]), bottom: Math.min(ob.top[i], ob.bottom[i]) };
      }
    }
    return null;
  }

  return {
    name: 'smc-ob-fvg',
    requires: {
      smc: { swingLength: p.swingLength },
      indicators: { atr: { kind: 'atr', period: 14 } },
      ensemble: 'onDemand',
    },
    onBar(ctx) {
      const bar = ctx.bar;
      remember(bar);
      /** @type {{ direction: number, top: number, bottom: number } | null} */
      let tapped = null;
      for (const e of ctx.smc) {
        if (e.type === 'bosChoch') trend = Number.isNaN(e.bos) ? e.choch : e.bos;
        else if (e.type === 'fvg') gaps.set(e.row, { direction: e.direction, top: e.top, bottom: e.bottom });
        else if (e.type === 'fvgMitigated') {
          const gap = gaps.get(e.row);
          gaps.delete(e.row);
          if (gap && gap.direction === trend) tapped = gap;
        }
      }
      if (gaps.size > 200) gaps.delete(gaps.keys().next().value);
      const q = ctx.positionQuantity;

      // Exits first: stop or target reached on the close.
      if (trade && q !== 0) {
        const hitStop = trade.side > 0 ? bar.close <= trade.stop : bar.close >= trade.stop;
        const hitTarget = trade.side > 0 ? bar.close >= trade.target : bar.close <= trade.target;
        if (hitStop || hitTarget) {
          trade = null;
          return [{ side: q > 0 ? 'sell' : 'buy', quantity: Math.abs(q), tag: hitStop ? 'stop' : 'target' }];
        }
        return;
      }
      if (q === 0) trade = null;
      const atr = ctx.indicators.atr;
      if (!tapped || !(atr > 0)) return;

      // Entry: price traded back into a gap in the trend's direction, with an order block behind it.
      const dir = tapped.direction;
      const block = orderBlock(dir);
      if (!block) return;
      const stop = dir > 0 ? Math.min(block.bottom, tapped.bottom) - p.atrStop * atr : Math.max(block.top, tapped.top) + p.atrStop * atr;
      const risk = Math.abs(bar.close - stop);
      if (!(risk > 0)) return;
      const qty = Math.min(p.maxQty, Math.floor((p.riskFraction * ctx.equity) / risk / p.lot) * p.lot);
      if (!(qty >= p.lot)) return;
      const enter = () => {
        trade = { side: dir, stop, target: bar.close + dir * p.rewardRisk * risk };
        return [{ side: dir > 0 ? 'buy' : 'sell', quantity: Number(qty.toFixed(6)), tag: 'fvg+ob' }];
      };
      // The ensemble confirms: it must not call for the opposite side.
      return ctx.askEnsemble().then((d) => {
        if (d && d.action === (dir > 0 ? 'sell' : 'buy')) return;
        return enter();
      });
    },
  };
}

/** For `smc backtest --strategy examples/backtest-smc/strategy.mjs`: a factory of the config params. */
export default smcStrategy;
