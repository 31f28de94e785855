/**
 * The most recent finished orders, bounded: a redelivered event (Kafka is at-least-once) must
 * not send its order again, and a report arriving after an order's final one (a fill overtaken
 * by a cancel acknowledgement, a refused cancel) must still be booked and reach the strategy;
 * but a long-running engine must not keep every order it ever sent. Redeliveries come from the
 * last uncommitted offsets and late reports from the last moments, so the last `capacity`
 * finished orders are plenty; ids from before a restart come from the store.
 */
export class RecentOrders<V> {
  readonly #map = new Map<string, V>();
  readonly #ring: (string | undefined)[];
  #next = 0;

  constructor(readonly capacity: number) {
    this.#ring = new Array<string | undefined>(capacity);
  }

  set(id: string, value: V): void {
    if (this.#map.has(id)) {
      this.#map.set(id, value);
      return;
    }
    const old = this.#ring[this.#next];
    if (old !== undefined) this.#map.delete(old);
    this.#ring[this.#next] = id;
    this.#next = (this.#next + 1) % this.capacity;
    this.#map.set(id, value);
  }

  get(id: string): V | undefined {
    return this.#map.get(id);
  }

  has(id: string): boolean {
    return this.#map.has(id);
  }

  get size(): number {
    return this.#map.size;
  }
}
