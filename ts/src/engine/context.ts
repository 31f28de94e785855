/** The strategy context of one decision cycle. */
import type { MarketEvent } from '../events/index.js';
import type { EnsembleDecision } from '../models/index.js';
import type { Portfolio } from '../portfolio/index.js';
import type { SymbolState } from './symbol-state.js';
import type { ExecutionVenue, StrategyContext } from './types.js';

/** What a context reads from its engine. */
export interface ContextHost<P> {
  readonly portfolio: Portfolio;
  readonly venue: ExecutionVenue;
  readonly params: P;
  now(): number;
  askEnsemble(st: SymbolState): Promise<EnsembleDecision | undefined>;
}

/**
 * The strategy's view of one cycle. Position, equity and working orders are read from the
 * portfolio and venue only when the strategy asks (each is a native call).
 */
export class Context<P> implements StrategyContext<P> {
  readonly symbol: string;
  readonly time: number;
  readonly bar;
  readonly barIndex: number;
  readonly top;
  readonly indicators;
  readonly smc;
  readonly params: P;
  readonly #engine: ContextHost<P>;
  readonly #state: SymbolState;

  constructor(
    engine: ContextHost<P>,
    st: SymbolState,
    readonly event: MarketEvent,
    readonly seq: number,
    readonly decision: EnsembleDecision | undefined,
  ) {
    this.#engine = engine;
    this.#state = st;
    this.symbol = st.symbol;
    this.time = engine.now();
    this.bar = st.lastBar;
    this.barIndex = st.barCount - 1;
    this.top = st.top;
    this.indicators = st.indicators;
    this.smc = st.smcEvents;
    this.params = engine.params;
  }

  get position() {
    return this.#engine.portfolio.position(this.symbol);
  }

  askEnsemble(): Promise<EnsembleDecision | undefined> {
    if (this.decision) return Promise.resolve(this.decision);
    return this.#engine.askEnsemble(this.#state);
  }

  get positionQuantity(): number {
    return this.#state.positionQty;
  }

  get equity(): number {
    return this.#engine.portfolio.equity();
  }

  get workingOrders(): readonly string[] {
    return this.#engine.venue.working?.(this.symbol) ?? [];
  }
}
