/**
 * The local append-only file journal entries go to while the database is unreachable.
 *
 * Appends are serialised through one promise chain, so entries land in the order they were
 * spilled. Replay first renames the file aside (`<path>.replaying`), so entries spilled during a
 * replay start a fresh file and nothing is read and written at the same time. A replay that fails
 * half-way keeps its file; the next replay starts over from its first line, which is harmless
 * because the inserts are idempotent.
 */
import { once } from 'node:events';
import { createReadStream, existsSync } from 'node:fs';
import { appendFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

import type { JournalEntry } from './tables.js';

/** An append-only JSON-lines file of journal entries. */
export class SpillFile {
  private chain: Promise<void> = Promise.resolve();
  private ready: Promise<unknown> | undefined;
  /** Entries appended by this process and not yet handed to a replay. */
  pending = 0;

  constructor(readonly path: string) {}

  private get replayingPath(): string {
    return `${this.path}.replaying`;
  }

  /** Whether anything awaits replay, including files left by a previous run. */
  hasPending(): boolean {
    return this.pending > 0 || existsSync(this.path) || existsSync(this.replayingPath);
  }

  /** Appends entries (queued behind earlier appends); resolves once they are in the file. */
  append(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return this.chain;
    let text = '';
    for (const e of entries) text += `${JSON.stringify(e)}\n`;
    this.ready ??= mkdir(dirname(this.path), { recursive: true });
    const ready = this.ready;
    this.pending += entries.length;
    this.chain = this.chain.then(async () => {
      await ready;
      await appendFile(this.path, text, 'utf8');
    });
    return this.chain;
  }

  /**
   * Feeds every spilled entry to `write` in batches of `batchSize`, oldest first, deleting each
   * file once all of it is written. Stops at the first failing write (the file stays).
   */
  async replay(batchSize: number, write: (entries: JournalEntry[]) => Promise<void>): Promise<number> {
    await this.chain;
    let written = 0;
    if (existsSync(this.replayingPath)) written += await this.replayFile(this.replayingPath, batchSize, write);
    // The rename runs inside the append chain: appends queued before it land in the file being
    // replayed, appends queued after it start the next file. None can be lost between the two.
    const moved = (this.chain = this.chain.then(async () => {
      if (existsSync(this.path)) await rename(this.path, this.replayingPath);
    }));
    await moved;
    if (existsSync(this.replayingPath)) {
      this.pending = 0;
      written += await this.replayFile(this.replayingPath, batchSize, write);
    }
    return written;
  }

  private async replayFile(path: string, batchSize: number, write: (entries: JournalEntry[]) => Promise<void>): Promise<number> {
    const input = createReadStream(path, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    let batch: JournalEntry[] = [];
    let written = 0;
    try {
      for await (const line of lines) {
        if (!line) continue;
        batch.push(JSON.parse(line) as JournalEntry);
        if (batch.length >= batchSize) {
          await write(batch);
          written += batch.length;
          batch = [];
        }
      }
      if (batch.length) {
        await write(batch);
        written += batch.length;
      }
    } finally {
      lines.close();
      input.destroy();
      if (!input.closed) await once(input, 'close');
    }
    await rm(path, { force: true });
    return written;
  }
}
