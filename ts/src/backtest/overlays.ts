/**
 * SMC overlays of the report from the core's batch functions (fvg, ob, bosChoch, liquidity):
 * only where to draw them is decided here.
 */
import type { LevelOverlay, ZoneOverlay } from '../report/index.js';
import { bosChoch, fvg, liquidity, ob, swingHighsLows } from '../smc/index.js';
import type { BarColumns } from './types.js';

/** Zones and levels of the last `max` events of each kind (the chart stays readable). */
export function smcOverlays(bars: BarColumns, swingLength: number, max: number): { zones: ZoneOverlay[]; levels: LevelOverlay[] } {
  const n = bars.close.length;
  const zones: ZoneOverlay[] = [];
  const levels: LevelOverlay[] = [];
  if (n < 2 * swingLength + 2) return { zones, levels };
  const t = bars.time;
  const endTime = (idx: number) => t[idx > 0 && idx < n ? idx : n - 1]!;
  const dir = (x: number): 1 | -1 => (x > 0 ? 1 : -1);
  const keep = <T>(xs: T[]) => xs.slice(Math.max(0, xs.length - max));

  const f = fvg(bars);
  const fz: ZoneOverlay[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(f.fvg[i]!)) continue;
    fz.push({ kind: 'fvg', direction: dir(f.fvg[i]!), startTime: t[i]!, endTime: endTime(f.mitigatedIndex[i]!), top: f.top[i]!, bottom: f.bottom[i]! });
  }
  const swings = swingHighsLows(bars, { swingLength });
  const o = ob(bars, swings);
  const oz: ZoneOverlay[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(o.ob[i]!)) continue;
    const top = Math.max(o.top[i]!, o.bottom[i]!);
    const bottom = Math.min(o.top[i]!, o.bottom[i]!);
    oz.push({ kind: 'orderBlock', direction: dir(o.ob[i]!), startTime: t[i]!, endTime: endTime(o.mitigatedIndex[i]!), top, bottom });
  }
  const bc = bosChoch(bars, swings);
  const bl: LevelOverlay[] = [];
  for (let i = 0; i < n; i++) {
    const b = bc.bos[i]!;
    const c = bc.choch[i]!;
    if (Number.isNaN(b) && Number.isNaN(c)) continue;
    bl.push({ kind: Number.isNaN(b) ? 'choch' : 'bos', direction: dir(Number.isNaN(b) ? c : b), startTime: t[i]!, endTime: endTime(bc.brokenIndex[i]!), price: bc.level[i]! });
  }
  const l = liquidity(bars, swings);
  const ll: LevelOverlay[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(l.liquidity[i]!)) continue;
    ll.push({ kind: 'liquidity', direction: dir(l.liquidity[i]!), startTime: t[i]!, endTime: endTime(l.end[i]!), price: l.level[i]! });
  }
  zones.push(...keep(fz), ...keep(oz));
  levels.push(...keep(bl), ...keep(ll));
  return { zones, levels };
}
