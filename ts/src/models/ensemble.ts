/**
 * ModelEnsemble: several ONNX models, one worker thread each, asked in parallel.
 *
 * A prediction writes the feature window once into a SharedArrayBuffer slot that every worker
 * reads, waits for the models up to `timeoutMs`, and combines the answers that arrived
 * (probabilities averaged with the models' weights, renormalised over the models that
 * answered). A slow or failed model never blocks a decision: the result says which models are
 * missing and why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { builtModulePath } from '../built-path.js';
import { callNative, InvalidInputError, InvalidStateError } from '../errors.js';
import { native } from '../native.js';
import { ANSWER_OK, AnswerSignal, ModelChannel, nextSeq, type Answer } from './channel.js';
import { ACTIONS, checkContract, type Action, type ModelContract } from './contract.js';
import type { FromWorker, SessionTuning, ToWorker } from './protocol.js';

export interface EnsembleModelSpec {
  name: string;
  /** Path of the .onnx file. */
  path: string;
  /** Weight in the combination (> 0). Default 1. */
  weight?: number;
}

export interface ModelEnsembleOptions {
  models: EnsembleModelSpec[];
  contract: ModelContract;
  /** Per-request wait for the models, in ms. Default 25. 0 decides at once from what has answered (in practice nothing). */
  timeoutMs?: number;
  /** Concurrent predictions (shared input slots). Default 64; more wait for a free slot. */
  slots?: number;
  /** Requests queued on one model before it is skipped as busy. Default 8. */
  maxQueuePerModel?: number;
  /** Inference runs per model at start-up, before the first decision. Default 10. */
  warmupRuns?: number;
  /**
   * How long a prediction may block the main thread (`Atomics.wait` on the answers of all its
   * models) before it yields to the event loop and waits for the workers' wake-up messages, in
   * microseconds. Default 2000.
   *
   * Blocking is what keeps the tail short: waiting on the event loop costs two more thread
   * wake-ups per model (the worker's message, the loop turn), and on a machine with fewer
   * cores than the models plus one, each wake-up can queue behind a busy thread until the next
   * scheduler tick (4 ms at HZ=250). The price is that the main thread does nothing else for up
   * to this long: other symbols' events wait behind the decision rather than interleaving with
   * it. 0 never blocks.
   */
  blockMicros?: number;
  tuning?: SessionTuning;
}

export type ModelStatus = 'ok' | 'timeout' | 'busy' | 'failed';

export interface ModelAnswer {
  name: string;
  status: ModelStatus;
  weight: number;
  /** Probabilities in the order of `ACTIONS`, when the model answered. */
  probs?: [number, number, number];
  /** Inference time inside the worker. */
  latencyMs?: number;
  error?: string;
}

export interface EnsembleDecision {
  action: Action;
  /** Combined probability of `action`; 0 when no model answered. */
  confidence: number;
  probabilities: Record<Action, number>;
  perModel: ModelAnswer[];
  /** Wall time from the call to the decision, main thread. */
  latencyMs: number;
  /** Every model answered in time. */
  complete: boolean;
}

interface ModelWorker {
  spec: Required<EnsembleModelSpec>;
  worker: Worker;
  /** Requests and answers, in shared memory (channel.ts). */
  channel: ModelChannel;
  /** Answers read so far. */
  seen: number;
  /** Requests posted and not answered yet. */
  queued: number;
  dead?: string;
}

interface Pending {
  answers: ModelAnswer[];
  remaining: number;
  slot: number;
  started: bigint;
  timer: NodeJS.Timeout | undefined;
  resolve: (d: EnsembleDecision) => void;
}

const DEFAULT_TIMEOUT_MS = 25;
const DEFAULT_BLOCK_MICROS = 2_000;

/** The compiled worker: beside this module in dist/, or in dist/ when running from sources. */
function workerPath(): string {
  return builtModulePath(import.meta.url, 'models', 'worker.js');
}

export class ModelEnsemble {
  readonly contract: ModelContract;
  readonly #workers: ModelWorker[];
  readonly #input: Float32Array;
  readonly #slotSize: number;
  readonly #freeSlots: number[];
  readonly #slotWaiters: ((slot: number) => void)[] = [];
  readonly #pending = new Map<number, Pending>();
  readonly #timeoutMs: number;
  readonly #maxQueue: number;
  readonly #signal: AnswerSignal;
  readonly #blockMs: number;
  #nextId = 1;
  #closed = false;

  private constructor(options: ModelEnsembleOptions, workers: ModelWorker[], signal: AnswerSignal, input: SharedArrayBuffer, slots: number) {
    this.contract = options.contract;
    this.#workers = workers;
    this.#input = new Float32Array(input);
    this.#slotSize = options.contract.seqLen * options.contract.nFeatures;
    this.#freeSlots = Array.from({ length: slots }, (_, i) => slots - 1 - i);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxQueue = options.maxQueuePerModel ?? 8;
    this.#signal = signal;
    this.#blockMs = (options.blockMicros ?? DEFAULT_BLOCK_MICROS) / 1_000;
    for (const w of workers) {
      w.worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'answered') this.#drain(w);
        else if (msg.type === 'error') w.dead = msg.message;
      });
      w.worker.on('error', (err) => (w.dead = err.message));
      w.worker.on('exit', (code) => (w.dead ??= `worker exited with code ${code}`));
    }
  }

  /** Starts one worker per model, loads and checks each model, and warms it up. */
  static async create(options: ModelEnsembleOptions): Promise<ModelEnsemble> {
    if (options.models.length === 0) throw new InvalidInputError('an ensemble needs at least one model');
    const names = new Set<string>();
    for (const m of options.models) {
      if (names.has(m.name)) throw new InvalidInputError(`duplicate model name '${m.name}'`);
      names.add(m.name);
      if (m.weight !== undefined && !(m.weight > 0 && Number.isFinite(m.weight))) {
        throw new InvalidInputError(`model '${m.name}': weight must be a finite number > 0, got ${m.weight}`);
      }
      if (!existsSync(m.path)) throw new InvalidInputError(`model '${m.name}': file not found: ${m.path}`);
    }
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(Number.isFinite(timeout) && timeout >= 0)) throw new InvalidInputError(`timeoutMs: expected a number of milliseconds >= 0, got ${timeout}`);
    const block = options.blockMicros ?? DEFAULT_BLOCK_MICROS;
    if (!(Number.isFinite(block) && block >= 0 && block <= 1_000_000)) {
      throw new InvalidInputError(`blockMicros: expected a number of microseconds in [0, 1000000], got ${block}`);
    }
    const slots = options.slots ?? 64;
    const c = options.contract;
    const input = new SharedArrayBuffer(slots * c.seqLen * c.nFeatures * Float32Array.BYTES_PER_ELEMENT);
    const path = workerPath();
    const capacity = options.maxQueuePerModel ?? 8;
    if (!(Number.isInteger(capacity) && capacity >= 0 && capacity <= 1024)) {
      throw new InvalidInputError(`maxQueuePerModel: expected a whole number in [0, 1024], got ${capacity}`);
    }
    const signal = new AnswerSignal();
    const workers: ModelWorker[] = options.models.map((m) => ({
      spec: { weight: 1, ...m },
      worker: new Worker(path),
      channel: ModelChannel.create(Math.max(1, capacity), signal),
      seen: 0,
      queued: 0,
    }));
    try {
      await Promise.all(workers.map((w) => startWorker(w, options, input)));
    } catch (err) {
      await Promise.all(workers.map((w) => stopWorker(w, 5_000)));
      throw err;
    }
    for (const w of workers) w.worker.postMessage({ type: 'serve' } satisfies ToWorker);
    return new ModelEnsemble(options, workers, signal, input, slots);
  }

  /**
   * Loads the models listed in a `manifest.json` written by `buildExampleModels` (or by you,
   * in the same format) with the contract it declares.
   */
  static async fromManifest(dir: string, options: Partial<Omit<ModelEnsembleOptions, 'contract'>> = {}): Promise<ModelEnsemble> {
    const manifestPath = join(dir, 'manifest.json');
    if (!existsSync(manifestPath)) throw new InvalidInputError(`no manifest.json in ${dir}: run \`npm run models\``);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ModelContract & {
      models: { name: string; file: string; weight?: number }[];
    };
    return ModelEnsemble.create({
      ...options,
      contract: {
        inputName: manifest.inputName,
        outputName: manifest.outputName,
        seqLen: manifest.seqLen,
        nFeatures: manifest.nFeatures,
        classes: manifest.classes,
      },
      models:
        options.models ??
        manifest.models.map((m) => ({ name: m.name, path: join(dir, m.file), weight: m.weight ?? 1 })),
    });
  }

  get modelNames(): string[] {
    return this.#workers.map((w) => w.spec.name);
  }

  /** Asks every model about `window` (`seqLen * nFeatures` values, oldest row first). */
  predict(window: Float32Array): Promise<EnsembleDecision> {
    if (window.length !== this.#slotSize) {
      return Promise.reject(
        new InvalidInputError(`window has ${window.length} values; the contract needs ${this.#slotSize} (seqLen x nFeatures)`),
      );
    }
    return this.predictWith((slot) => slot.set(window));
  }

  /**
   * Like `predict`, but `fill` writes the window straight into the shared input slot (for
   * example `featureStream.copyWindow(slot)`), saving the copy.
   */
  async predictWith(fill: (slot: Float32Array) => void): Promise<EnsembleDecision> {
    if (this.#closed) throw new InvalidStateError('the ensemble is closed');
    const started = process.hrtime.bigint();
    const slot = await this.#acquireSlot();
    fill(this.#input.subarray(slot * this.#slotSize, (slot + 1) * this.#slotSize));
    const id = this.#nextId++;
    const decision = new Promise<EnsembleDecision>((resolve) => {
      const answers: ModelAnswer[] = this.#workers.map((w) => ({ name: w.spec.name, weight: w.spec.weight, status: 'timeout' }));
      const pending: Pending = { answers, remaining: 0, slot, started, resolve, timer: this.#timeoutMs > 0 ? setTimeout(() => this.#finish(id), this.#timeoutMs) : undefined };
      this.#pending.set(id, pending);
      this.#workers.forEach((w, i) => {
        if (w.dead) {
          answers[i] = { ...answers[i]!, status: 'failed', error: w.dead };
        } else if (w.queued >= this.#maxQueue) {
          answers[i] = { ...answers[i]!, status: 'busy' };
        } else {
          w.queued++;
          pending.remaining++;
          w.channel.post(id, slot);
        }
      });
      if (pending.remaining === 0) this.#finish(id);
    });
    const pending = this.#pending.get(id);
    if (pending && this.#timeoutMs === 0) this.#finish(id);
    else if (pending && this.#blockMs > 0) this.#block(pending);
    return decision;
  }

  /**
   * Blocks the main thread until `pending` has all its answers or the block budget is spent
   * (the timeout then keeps running on the event loop). Answers to other predictions that
   * arrive meanwhile are taken too. The rings are read once more after the waiting flag is
   * cleared: channel.ts's AnswerSignal explains why that read cannot miss an answer.
   */
  #block(pending: Pending): void {
    const deadline = performance.now() + Math.min(this.#blockMs, this.#timeoutMs);
    this.#signal.setWaiting(true);
    try {
      for (;;) {
        const seen = this.#signal.count();
        for (const w of this.#workers) this.#drain(w);
        if (pending.remaining === 0) break;
        const left = deadline - performance.now();
        if (left <= 0) break;
        this.#signal.wait(seen, left);
      }
    } finally {
      this.#signal.setWaiting(false);
      for (const w of this.#workers) this.#drain(w);
    }
  }

  /**
   * Stops the workers. Pending predictions resolve with what has arrived. Each worker is asked
   * to release its session and exit on its own: terminating a thread while onnxruntime is
   * inside `run()` can abort the whole process, so `terminate()` is only the fallback after
   * `graceMs`.
   */
  async close(graceMs = 5_000): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of [...this.#pending.keys()]) this.#finish(id);
    await Promise.all(this.#workers.map((w) => stopWorker(w, graceMs)));
  }

  #acquireSlot(): Promise<number> {
    const free = this.#freeSlots.pop();
    if (free !== undefined) return Promise.resolve(free);
    return new Promise((resolve) => this.#slotWaiters.push(resolve));
  }

  #releaseSlot(slot: number): void {
    const waiter = this.#slotWaiters.shift();
    if (waiter) waiter(slot);
    else this.#freeSlots.push(slot);
  }

  /** Reads the answers a worker has written since the last call. */
  #drain(w: ModelWorker): void {
    const written = w.channel.answered();
    while (w.seen !== written) {
      const a = w.channel.answer(w.seen);
      w.seen = nextSeq(w.seen);
      this.#onAnswer(w, a);
    }
  }

  #onAnswer(w: ModelWorker, a: Answer): void {
    w.queued--;
    const pending = this.#pending.get(a.id);
    if (!pending) return; // answered after its deadline: the decision was already taken
    const i = this.#workers.indexOf(w);
    // A model whose output is not three finite probabilities has failed; it is never averaged.
    if (a.status !== ANSWER_OK) {
      pending.answers[i] = { ...pending.answers[i]!, status: 'failed', error: a.error };
    } else if (!a.probs.every(Number.isFinite)) {
      pending.answers[i] = { ...pending.answers[i]!, status: 'failed', error: `output is not three finite numbers: [${a.probs.join(', ')}]` };
    } else {
      pending.answers[i] = { ...pending.answers[i]!, status: 'ok', probs: a.probs, latencyMs: a.ms };
    }
    if (--pending.remaining === 0) this.#finish(a.id);
  }

  #finish(id: number): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    // A late worker may still read the slot; it only ever reads, and its answer is dropped.
    this.#releaseSlot(pending.slot);
    pending.resolve(combine(pending.answers, Number(process.hrtime.bigint() - pending.started) / 1e6));
  }
}

/** Loads the model in its worker, checks it against the contract, then warms it up. */
async function startWorker(w: ModelWorker, options: ModelEnsembleOptions, input: SharedArrayBuffer): Promise<void> {
  const c = options.contract;
  const next = () =>
    new Promise<FromWorker>((resolve, reject) => {
      w.worker.once('message', resolve);
      w.worker.once('error', reject);
    });
  let reply = next();
  w.worker.postMessage({
    type: 'init',
    name: w.spec.name,
    path: w.spec.path,
    input,
    seqLen: c.seqLen,
    nFeatures: c.nFeatures,
    inputName: c.inputName,
    outputName: c.outputName,
    tuning: options.tuning ?? {},
    channel: w.channel.buffers,
  } satisfies ToWorker);
  const loaded = await reply;
  if (loaded.type !== 'loaded') {
    throw new InvalidInputError(`model '${w.spec.name}' failed to load: ${loaded.type === 'error' ? loaded.message : loaded.type}`);
  }
  checkContract(w.spec.name, loaded.inputs, loaded.outputs, c);
  reply = next();
  w.worker.postMessage({ type: 'warmup', runs: options.warmupRuns ?? 10 } satisfies ToWorker);
  const ready = await reply;
  if (ready.type !== 'ready') {
    throw new InvalidInputError(`model '${w.spec.name}' failed its warm-up: ${ready.type === 'error' ? ready.message : ready.type}`);
  }
}

function stopWorker(w: ModelWorker, graceMs: number): Promise<void> {
  const worker = w.worker;
  return new Promise((resolve) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolve()), graceMs);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // Serving: leave the channel loop. Still starting: the close message.
    w.channel.close();
    worker.postMessage({ type: 'close' } satisfies ToWorker);
  });
}

/**
 * Combines the answers (weighted mean in the core, renormalised over the models that answered);
 * hold with confidence 0 when none did.
 */
function combine(answers: ModelAnswer[], latencyMs: number): EnsembleDecision {
  const k = ACTIONS.length;
  const probs = new Float64Array(answers.length * k);
  const weights = new Float64Array(answers.length);
  answers.forEach((a, m) => {
    if (a.status !== 'ok' || !a.probs) return;
    probs.set(a.probs, m * k);
    weights[m] = a.weight;
  });
  const combined = callNative(() => native.combineVotes(probs, weights, k));
  const answered = weights.some((w) => w > 0);
  let best = 1; // hold
  if (answered) for (let c = 0; c < k; c++) if (combined[c]! > combined[best]!) best = c;
  return {
    action: ACTIONS[best]!,
    confidence: answered ? combined[best]! : 0,
    probabilities: { sell: combined[0]!, hold: combined[1]!, buy: combined[2]! },
    perModel: answers,
    latencyMs,
    complete: answers.every((a) => a.status === 'ok'),
  };
}
