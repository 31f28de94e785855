/**
 * The engine's side of the PGlite journal process: a {@link SqlExecutor} that forwards each
 * statement over IPC to store/pglite-child.js. Statements are answered in order; a transaction
 * holds a lock so no other statement runs between its BEGIN and COMMIT (PGlite has one
 * connection). If the process dies, every call fails with UnavailableError, which the
 * write-behind journal answers by spilling to disk.
 */
import { fork, type ChildProcess } from 'node:child_process';

import { builtModulePath } from '../built-path.js';
import { UnavailableError } from '../errors.js';
import type { SqlExecutor } from './executor.js';
import type { FromJournalProcess, JournalProcessArgs, ToJournalProcess } from './pglite-protocol.js';

interface Waiting {
  resolve: (rows: unknown[]) => void;
  reject: (err: Error) => void;
}

type Request = { op: 'query'; text: string; params: readonly unknown[] } | { op: 'exec'; text: string } | { op: 'close' };

/** An error the child reported, with PostgreSQL's SQLSTATE code when there was one. */
class JournalSqlError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'JournalSqlError';
    this.code = code;
  }
}

export class PgliteProcessExecutor implements SqlExecutor {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, Waiting>();
  readonly #ready: Promise<void>;
  #nextId = 1;
  #dead: string | undefined;
  /** Calls in progress (sent or waiting for the child to be ready). */
  #busy = 0;
  /** Tail of the transaction lock: statements outside a transaction wait for it. */
  #lock: Promise<void> = Promise.resolve();

  constructor(args: JournalProcessArgs) {
    this.#child = fork(builtModulePath(import.meta.url, 'store', 'pglite-child.js'), [JSON.stringify(args)], {
      // Dates, typed arrays and bigints cross the channel as themselves.
      serialization: 'advanced',
      // Not the parent's flags: `--input-type`, `--eval` or a test runner's loaders would break
      // or change the child, which needs none.
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let ready!: () => void;
    let failed!: (err: Error) => void;
    this.#ready = new Promise((res, rej) => {
      ready = res;
      failed = rej;
    });
    // Never an unhandled rejection: the first call awaits it and fails with the reason.
    this.#ready.catch(() => undefined);
    // Idle, neither the child nor its channel keeps the engine's process alive (a script that
    // forgets close() still exits, and the child exits with it when the channel goes).
    this.#child.unref();
    this.#child.channel?.unref();
    this.#child.on('message', (msg: FromJournalProcess) => {
      if (msg.id === 0) {
        if (msg.op === 'ready') ready();
        else if (msg.op === 'error') failed(new UnavailableError(`pglite journal process: ${msg.error.message}`));
        return;
      }
      const w = this.#waiting.get(msg.id);
      if (!w) return;
      this.#waiting.delete(msg.id);
      if (msg.op === 'rows') w.resolve(msg.rows);
      else if (msg.op === 'error') w.reject(new JournalSqlError(msg.error.message, msg.error.code));
    });
    const died = (why: string) => {
      this.#dead ??= why;
      const err = new UnavailableError(`pglite journal process ${this.#dead}`);
      failed(err);
      for (const w of this.#waiting.values()) w.reject(err);
      this.#waiting.clear();
    };
    this.#child.on('exit', (code, signal) => died(signal ? `killed by ${signal}` : `exited with code ${code}`));
    this.#child.on('error', (err) => died(`failed: ${err.message}`));
  }

  /** Process id of the journal process (for memory accounting and tests). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** While no call is in progress, neither the child nor the channel keeps this process alive. */
  #idle(): void {
    if (this.#busy > 0) return;
    this.#child.unref();
    this.#child.channel?.unref();
  }

  async #send(req: Request): Promise<unknown[]> {
    // Referenced from the call on, including the wait for the child to be ready: an awaited
    // call must keep the process alive until it is answered.
    this.#busy++;
    this.#child.ref();
    this.#child.channel?.ref();
    try {
      await this.#ready;
      if (this.#dead) throw new UnavailableError(`pglite journal process ${this.#dead}`);
      const id = this.#nextId++;
      return await new Promise<unknown[]>((resolve, reject) => {
        this.#waiting.set(id, { resolve, reject });
        this.#child.send({ id, ...req } as ToJournalProcess, (err) => {
          if (!err) return;
          this.#waiting.delete(id);
          reject(new UnavailableError(`pglite journal process: ${err.message}`, { cause: err }));
        });
      });
    } finally {
      this.#busy--;
      this.#idle();
    }
  }

  /** Runs `fn` after any open transaction has finished. */
  async #outside<T>(fn: () => Promise<T>): Promise<T> {
    await this.#lock;
    return fn();
  }

  query<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.#outside(() => this.#send({ op: 'query', text, params }) as Promise<R[]>);
  }

  exec(script: string): Promise<void> {
    return this.#outside(async () => {
      await this.#send({ op: 'exec', text: script });
    });
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const before = this.#lock;
    let release!: () => void;
    this.#lock = new Promise((res) => (release = res));
    await before;
    const tx: SqlExecutor = {
      query: <R>(text: string, params: readonly unknown[] = []) => this.#send({ op: 'query', text, params }) as Promise<R[]>,
      exec: async (script: string) => {
        await this.#send({ op: 'exec', text: script });
      },
      transaction: (inner) => inner(tx),
      close: () => Promise.resolve(),
    };
    try {
      await this.#send({ op: 'exec', text: 'BEGIN' });
      try {
        const out = await fn(tx);
        await this.#send({ op: 'exec', text: 'COMMIT' });
        return out;
      } catch (err) {
        await this.#send({ op: 'exec', text: 'ROLLBACK' }).catch(() => undefined);
        throw err;
      }
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    if (this.#dead || this.#child.exitCode !== null) return;
    const exited = new Promise<void>((res) => this.#child.once('exit', () => res()));
    try {
      await this.#outside(() => this.#send({ op: 'close' }));
    } catch {
      this.#child.kill();
    }
    await exited;
  }
}
