/**
 * The client order ids of the most recent finished orders, bounded: a redelivered event (Kafka
 * is at-least-once) must not send its order again, but a long-running engine must not keep
 * every id it ever sent. Redeliveries come from the last uncommitted offsets, so the last
 * `capacity` finished orders are plenty; ids from before a restart come from the store.
 */
export class RecentIds {
  readonly #set = new Set<string>();
  readonly #ring: (string | undefined)[];
  #next = 0;

  constructor(readonly capacity: number) {
    this.#ring = new Array<string | undefined>(capacity);
  }

  add(id: string): void {
    if (this.#set.has(id)) return;
    const old = this.#ring[this.#next];
    if (old !== undefined) this.#set.delete(old);
    this.#ring[this.#next] = id;
    this.#next = (this.#next + 1) % this.capacity;
    this.#set.add(id);
  }

  has(id: string): boolean {
    return this.#set.has(id);
  }

  get size(): number {
    return this.#set.size;
  }
}
