/**
 * The write-behind journal: the hot path appends rows synchronously and moves on; a background
 * loop writes them in batches, retries, and, when the database stays unreachable, spills them to
 * a local append-only file that is replayed when the database is back. Nothing is dropped.
 */
import type { EngineMetrics } from '../metrics/engine-metrics.js';
import type { EventLog } from '../metrics/logger.js';
import { SpillFile } from './spill-file.js';
import type { Store } from './sql-store.js';
import type { JournalEntry, JournalRows, JournalTable } from './tables.js';

/** Options of {@link WriteBehindJournal}. */
export interface WriteBehindOptions {
  /** The append-only file used while the database is down. */
  spillPath: string;
  /** Most rows per database write; 500 by default. */
  batchSize?: number;
  /** How often queued rows are written, ms; 50 by default. */
  flushIntervalMs?: number;
  /** Rows held in memory; beyond this they are spilled to the file at once. 50,000 by default. */
  maxQueued?: number;
  /** Attempts per batch before it is spilled; 3 by default. */
  maxAttempts?: number;
  /** Pause between probes of a database that is down, ms; 1,000 by default. */
  retryIntervalMs?: number;
  logger?: EventLog;
  metrics?: EngineMetrics;
}

/** Counters of a {@link WriteBehindJournal}. */
export interface JournalStats {
  queued: number;
  written: number;
  spilled: number;
  replayed: number;
  databaseUp: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Batches journal rows into a {@link Store} off the hot path, spilling to disk while it is down. */
export class WriteBehindJournal {
  private queue: JournalEntry[] = [];
  private readonly spill: SpillFile;
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly maxAttempts: number;
  private readonly retryIntervalMs: number;
  private readonly timer: NodeJS.Timeout;
  private draining: Promise<void> | undefined;
  private databaseUp = true;
  private nextProbeAt = 0;
  private closed = false;
  private readonly counts = { written: 0, spilled: 0, replayed: 0 };

  constructor(
    private readonly store: Store,
    private readonly options: WriteBehindOptions,
  ) {
    this.spill = new SpillFile(options.spillPath);
    this.batchSize = options.batchSize ?? 500;
    this.maxQueued = options.maxQueued ?? 50_000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryIntervalMs = options.retryIntervalMs ?? 1_000;
    this.timer = setInterval(() => void this.drain(), options.flushIntervalMs ?? 50);
    this.timer.unref(); // the journal alone never keeps the process alive
  }

  /** Queues one row. Synchronous and O(1): the caller never waits for the database. */
  append<T extends JournalTable>(table: T, row: JournalRows[T]): void {
    if (this.closed) throw new Error('journal is closed');
    this.queue.push({ table, row } as JournalEntry);
    if (this.queue.length >= this.maxQueued) this.spillQueue('queue full');
    this.options.metrics?.storeQueueDepth.set({ store: this.store.name }, this.queue.length);
  }

  stats(): JournalStats {
    return { queued: this.queue.length, ...this.counts, databaseUp: this.databaseUp };
  }

  private spillQueue(why: string): Promise<void> {
    const entries = this.queue;
    this.queue = [];
    if (entries.length === 0) return Promise.resolve();
    this.counts.spilled += entries.length;
    this.options.metrics?.storeSpilledRows.inc({ store: this.store.name }, entries.length);
    this.options.metrics?.storeQueueDepth.set({ store: this.store.name }, 0);
    this.options.logger?.warn({ store: this.store.name, rows: entries.length, why }, 'journal rows spilled to file');
    return this.spill.append(entries);
  }

  /** Writes one batch with retries; false when the database is (still) unreachable. */
  private async writeBatch(entries: JournalEntry[]): Promise<boolean> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        await this.store.insert(entries);
        return true;
      } catch (err) {
        if (attempt === this.maxAttempts) {
          this.markDown(err);
          return false;
        }
        await sleep(20 * attempt);
      }
    }
    return false;
  }

  private markDown(err: unknown): void {
    this.nextProbeAt = Date.now() + this.retryIntervalMs;
    if (!this.databaseUp) return;
    this.databaseUp = false;
    this.options.logger?.error({ store: this.store.name, err: (err as Error).message }, 'journal database unreachable; spilling to file');
  }

  /** Writes what is queued (or spills it while the database is down). Runs one at a time. */
  drain(): Promise<void> {
    this.draining ??= this.drainOnce().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    if (!this.databaseUp) {
      await this.spillQueue('database down');
      if (Date.now() < this.nextProbeAt) return;
      try {
        await this.store.ping();
      } catch (err) {
        this.markDown(err);
        return;
      }
      this.databaseUp = true;
      this.options.logger?.info({ store: this.store.name }, 'journal database reachable again; replaying spill file');
    }
    if (this.spill.hasPending() && !(await this.replaySpill())) return;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      this.options.metrics?.storeQueueDepth.set({ store: this.store.name }, this.queue.length);
      if (await this.writeBatch(batch)) {
        this.counts.written += batch.length;
        continue;
      }
      this.queue.unshift(...batch);
      await this.spillQueue('database down');
      return;
    }
  }

  private async replaySpill(): Promise<boolean> {
    try {
      const replayed = await this.spill.replay(this.batchSize, async (entries) => {
        if (!(await this.writeBatch(entries))) throw new Error('database unreachable during replay');
      });
      this.counts.replayed += replayed;
      this.counts.written += replayed;
      if (replayed) this.options.logger?.info({ store: this.store.name, rows: replayed }, 'spill file replayed');
      return true;
    } catch (err) {
      this.markDown(err);
      return false;
    }
  }

  /**
   * Writes everything queued and pending in the spill file; with the database down, everything
   * queued ends in the spill file instead. Resolves once no row is only in memory.
   */
  async flush(): Promise<void> {
    await this.drain();
    if (this.queue.length > 0 || (this.databaseUp && this.spill.hasPending())) await this.drain();
    if (!this.databaseUp) await this.spillQueue('flush while database down');
  }

  /** Flushes, then stops the background loop. Rows the database did not take stay in the spill file. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
  }
}
