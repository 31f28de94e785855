/**
 * Parent orders worked by the core's execution algorithms (TWAP, VWAP, POV, iceberg): the
 * breaker approves the parent once, an `execution.Executor` per parent decides the child
 * orders on every event of the symbol, and the venue's reports on the children flow back into
 * it. Children carry `<parent id>.<child id>`, so they stay deterministic too.
 *
 * A finished parent (executor done, no child working) is kept for {@link ParentOrders.status}
 * among the last {@link FINISHED_PARENTS}, the first to finish forgotten first: an executor
 * keeps its audit trail, and a live engine must not keep one per parent it ever worked.
 */
import { Executor, type ExecutorOptions } from '../execution/index.js';
import { RecentOrders } from './recent-ids.js';
import { isFinalReport, type ExecutionReport, type ParentAlgo, type VenueOrder } from './types.js';

/**
 * Finished parents whose status stays available: a strategy or an operator asks about the
 * parents that just finished, not about one from a thousand parents ago.
 */
export const FINISHED_PARENTS = 1_000;

interface Parent {
  id: string;
  symbol: string;
  side: 'buy' | 'sell';
  executor: Executor;
  /** Child client order ids still working at the venue. */
  working: Set<string>;
}

/** The parent id and child number of a child client order id, or undefined. */
function childOf(clientOrderId: string): { parent: string; child: number } | undefined {
  const dot = clientOrderId.lastIndexOf('.');
  if (dot < 0) return undefined;
  const child = Number(clientOrderId.slice(dot + 1));
  return Number.isInteger(child) ? { parent: clientOrderId.slice(0, dot), child } : undefined;
}

export class ParentOrders {
  /** Parents being worked, by symbol and by id. */
  readonly #bySymbol = new Map<string, Parent[]>();
  readonly #byId = new Map<string, Parent>();
  /** The last finished parents. */
  readonly #finished: RecentOrders<Parent>;

  constructor(finishedCapacity = FINISHED_PARENTS) {
    this.#finished = new RecentOrders<Parent>(finishedCapacity);
  }

  /** Starts working an approved parent order from `now` (ms). */
  start(id: string, symbol: string, side: 'buy' | 'sell', quantity: number, algo: ParentAlgo, now: number): void {
    const { durationMs, ...rest } = algo;
    const executor = new Executor({ ...rest, side, quantity, start: now, end: now + durationMs } as ExecutorOptions);
    const parent: Parent = { id, symbol, side, executor, working: new Set() };
    this.#byId.set(id, parent);
    const list = this.#bySymbol.get(symbol);
    if (list) list.push(parent);
    else this.#bySymbol.set(symbol, [parent]);
  }

  /** Whether the symbol has parents being worked (the engine then steps them on each event). */
  has(symbol: string): boolean {
    return (this.#bySymbol.get(symbol)?.length ?? 0) > 0;
  }

  /**
   * Feeds the market to the symbol's executors and returns the child orders and cancels they
   * decide now. `volume` is the market volume since the last call.
   */
  step(symbol: string, now: number, bid: number, ask: number, volume: number): { submit: VenueOrder[]; cancel: string[]; finished: string[] } {
    const submit: VenueOrder[] = [];
    const cancel: string[] = [];
    const list = this.#bySymbol.get(symbol);
    if (!list) return { submit, cancel, finished: [] };
    for (const p of list) {
      const ex = p.executor;
      if (ex.status !== 'running') continue;
      // Bars carry no spread: the executor only gets real quotes (market-style children need none).
      if (bid > 0 && ask > bid) ex.onQuote(now, bid, ask);
      if (volume > 0) ex.onVolume(now, volume);
      for (const a of ex.step(now)) {
        const childId = `${p.id}.${a.childId}`;
        if (a.kind === 'new') {
          p.working.add(childId);
          submit.push({ clientOrderId: childId, symbol, side: p.side, type: a.price === undefined ? 'market' : 'limit', qty: a.quantity, price: a.price });
        } else {
          cancel.push(childId);
        }
      }
    }
    return { submit, cancel, finished: this.#prune(symbol) };
  }

  /** Routes a venue report on a child to its executor; returns the parent id, or undefined. */
  onReport(r: ExecutionReport): string | undefined {
    const c = childOf(r.clientOrderId);
    // A finished parent still takes its children's late reports (it ignores them: its
    // executor is done); a forgotten one is no longer known, like any unknown id.
    const p = c && (this.#byId.get(c.parent) ?? this.#finished.get(c.parent));
    if (!c || !p) return undefined;
    const ex = p.executor;
    if (r.kind === 'fill' && ex.status === 'running') ex.onFill(r.time, c.child, r.qty, r.price);
    if (isFinalReport(r.kind, r.leavesQty) && p.working.delete(r.clientOrderId) && r.kind !== 'fill' && ex.status === 'running') {
      ex.onCancelAck(r.time, c.child);
    }
    return p.id;
  }

  /**
   * Status of a parent: the executor's status, filled and remaining quantity. Undefined for an
   * unknown id and for a finished parent beyond the last {@link FINISHED_PARENTS} finished.
   */
  status(id: string): { status: string; filled: number; remaining: number } | undefined {
    const p = this.#byId.get(id) ?? this.#finished.get(id);
    return p && { status: p.executor.status, filled: p.executor.filled, remaining: p.executor.remaining };
  }

  /** Stops stepping the symbol's finished parents and moves them to the finished ones; returns their ids. */
  #prune(symbol: string): string[] {
    const list = this.#bySymbol.get(symbol);
    if (!list) return [];
    const live = list.filter((p) => p.executor.status === 'running' || p.working.size > 0);
    if (live.length === list.length) return [];
    if (live.length === 0) this.#bySymbol.delete(symbol);
    else this.#bySymbol.set(symbol, live);
    const done = list.filter((p) => !live.includes(p));
    for (const p of done) {
      this.#byId.delete(p.id);
      this.#finished.set(p.id, p);
    }
    return done.map((p) => p.id);
  }
}
