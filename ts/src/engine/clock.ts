/**
 * Engine clocks. Live, time is the wall clock; in a backtest it is the time of the event being
 * processed, so the breaker's day boundaries, cooldowns and rate limits follow history.
 */

/** A source of epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told: the engine advances it to each event's time. */
export class HistoricalClock implements Clock {
  #now: number;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves to `time` (never backwards: late events keep the clock where it is). */
  advance(time: number): void {
    if (time > this.#now) this.#now = time;
  }
}
