/**
 * O(1) token bucket for the order-rate check.
 */

/**
 * A bucket of `capacity` tokens refilled continuously at `capacity` per second: at most
 * `capacity` orders in any burst, and `capacity` per second sustained. Time comes from the
 * caller (the breaker's injected clock); a clock that goes backwards refills nothing.
 */
export class TokenBucket {
  readonly capacity: number;
  #tokens: number;
  #updatedAt: number | null = null;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#tokens = capacity;
  }

  /** Tokens available at `now`, after refilling (an order needs 1). */
  available(now: number): number {
    if (this.capacity === Infinity) return Infinity;
    if (this.#updatedAt !== null && now > this.#updatedAt) {
      this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#updatedAt) * this.capacity) / 1000);
    }
    if (this.#updatedAt === null || now > this.#updatedAt) this.#updatedAt = now;
    return this.#tokens;
  }

  /** Takes one token (call after {@link available} returned >= 1 at the same time). */
  take(): void {
    if (this.capacity !== Infinity) this.#tokens -= 1;
  }

  /** State for the breaker snapshot. */
  state(): { tokens: number; updatedAt: number | null } {
    return { tokens: this.capacity === Infinity ? 0 : this.#tokens, updatedAt: this.#updatedAt };
  }

  restore(tokens: number, updatedAt: number | null): void {
    this.#tokens = this.capacity === Infinity ? Infinity : Math.min(this.capacity, tokens);
    this.#updatedAt = updatedAt;
  }
}
