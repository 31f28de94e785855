/**
 * The request and answer rings between the ensemble (main thread) and one model worker, in
 * shared memory. A request is two integers written into the ring and one `Atomics.notify`:
 * the worker, blocked in `Atomics.wait`, wakes at once (no event loop turn, no structured
 * clone), runs the model and writes the probabilities back into the ring.
 *
 * The main thread hears of answers in one of two ways. While it blocks in `Atomics.wait` on the
 * ensemble's {@link AnswerSignal} (shared by all its channels), the worker bumps the signal and
 * notifies it. Otherwise the worker sends an empty message, which wakes the event loop
 * (`Atomics.waitAsync` is not used: Node does not wake an idle event loop for it,
 * nodejs/node#44729, #61941).
 *
 * Layout (Int32Array `ctrl`): [0] requests posted, [1] answers written, [2] close flag, then
 * per ring entry k: request id, input slot, answer status, error length. Probabilities
 * (Float32, 3 per entry), run times (Float64, 1 per entry) and error texts (256 bytes per
 * entry) sit in their own buffers. The ensemble never has more than `capacity` requests
 * outstanding on a model, so an entry is read before it is reused.
 *
 * The counters are int32 and wrap after 2^31 requests: they are only ever compared for
 * (in)equality and mapped to entries with `seq & (entries - 1)`, where the entry count is a power
 * of two, so the mapping stays continuous across the wrap.
 */

const REQUESTS = 0;
const ANSWERS = 1;
const CLOSE = 2;
const HEADER = 4;
const ENTRY = 4;
const ERROR_BYTES = 256;

// AnswerSignal layout (Int32Array): answers announced by all workers (wrapping), main waiting.
const SIGNAL_COUNT = 0;
const SIGNAL_WAITING = 1;

export const ANSWER_OK = 0;
export const ANSWER_FAILED = 1;

/** What crosses to the worker once, at start-up. */
export interface ChannelBuffers {
  capacity: number;
  ctrl: SharedArrayBuffer;
  probs: SharedArrayBuffer;
  ms: SharedArrayBuffer;
  errors: SharedArrayBuffer;
  /** The ensemble's {@link AnswerSignal}, shared by all its channels. */
  signal: SharedArrayBuffer;
}

/**
 * One word all of an ensemble's workers bump when they write an answer, so the main thread can
 * block on every model at once with one `Atomics.wait`, and a flag saying it does.
 *
 * No answer is missed when the main thread stops waiting: a worker stores its answer count,
 * bumps the signal, then loads the flag; the main thread clears the flag, then reads the answer
 * counts. All are sequentially consistent atomics, so either the worker sees the flag cleared
 * and sends its wake-up message, or the main thread's read sees the answer.
 */
export class AnswerSignal {
  readonly buffer: SharedArrayBuffer;
  readonly #word: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.buffer = buffer;
    this.#word = new Int32Array(buffer);
  }

  // ---- main thread ----

  /** Answers announced so far (wrapping int32; only compared for equality). */
  count(): number {
    return Atomics.load(this.#word, SIGNAL_COUNT);
  }

  /** Raises or clears the flag. After clearing it, read the channels once more. */
  setWaiting(on: boolean): void {
    Atomics.store(this.#word, SIGNAL_WAITING, on ? 1 : 0);
  }

  /** Blocks until an answer arrives after `seen = count()`, or `ms` pass. */
  wait(seen: number, ms: number): void {
    Atomics.wait(this.#word, SIGNAL_COUNT, seen, ms);
  }

  // ---- worker thread ----

  /** After an answer is written: wakes a waiting main thread; true when a message is needed instead. */
  announce(): boolean {
    Atomics.add(this.#word, SIGNAL_COUNT, 1);
    if (Atomics.load(this.#word, SIGNAL_WAITING) !== 0) {
      Atomics.notify(this.#word, SIGNAL_COUNT);
      return false;
    }
    return true;
  }
}

export interface Answer {
  id: number;
  status: number;
  probs: [number, number, number];
  ms: number;
  error: string | undefined;
}

/** Entry of request number `seq` (an int32 counter, possibly wrapped). */
function entry(seq: number, entries: number): number {
  return seq & (entries - 1);
}

/** The next int32 counter value. */
function next(seq: number): number {
  return (seq + 1) | 0;
}

export class ModelChannel {
  /** Ring entries: a power of two at least as large as the outstanding requests allowed. */
  readonly capacity: number;
  readonly buffers: ChannelBuffers;
  readonly #ctrl: Int32Array;
  readonly #probs: Float32Array;
  readonly #ms: Float64Array;
  readonly #errors: Uint8Array;
  readonly #signal: AnswerSignal;

  private constructor(b: ChannelBuffers) {
    this.capacity = b.capacity;
    this.buffers = b;
    this.#ctrl = new Int32Array(b.ctrl);
    this.#probs = new Float32Array(b.probs);
    this.#ms = new Float64Array(b.ms);
    this.#errors = new Uint8Array(b.errors);
    this.#signal = new AnswerSignal(b.signal);
  }

  /**
   * A channel for up to `outstanding` requests in flight (the ring is rounded up to a power of
   * two), announcing its answers on `signal`.
   */
  static create(outstanding: number, signal: AnswerSignal = new AnswerSignal()): ModelChannel {
    let capacity = 1;
    while (capacity < outstanding) capacity *= 2;
    return new ModelChannel({
      capacity,
      ctrl: new SharedArrayBuffer((HEADER + ENTRY * capacity) * 4),
      probs: new SharedArrayBuffer(3 * capacity * 4),
      ms: new SharedArrayBuffer(capacity * 8),
      errors: new SharedArrayBuffer(ERROR_BYTES * capacity),
      signal: signal.buffer,
    });
  }

  static attach(b: ChannelBuffers): ModelChannel {
    return new ModelChannel(b);
  }

  // ---- main thread ----

  /** Posts request number `posted()` and wakes the worker. */
  post(id: number, slot: number): void {
    const seq = Atomics.load(this.#ctrl, REQUESTS);
    const at = HEADER + ENTRY * entry(seq, this.capacity);
    this.#ctrl[at] = id;
    this.#ctrl[at + 1] = slot;
    Atomics.store(this.#ctrl, REQUESTS, next(seq));
    Atomics.notify(this.#ctrl, REQUESTS, 1);
  }

  /** Answers written so far (an int32 count that wraps; answer k is {@link answer}(k)). */
  answered(): number {
    return Atomics.load(this.#ctrl, ANSWERS);
  }

  answer(seq: number): Answer {
    const k = entry(seq, this.capacity);
    const at = HEADER + ENTRY * k;
    const status = this.#ctrl[at + 2]!;
    const len = this.#ctrl[at + 3]!;
    return {
      id: this.#ctrl[at]!,
      status,
      probs: [this.#probs[3 * k]!, this.#probs[3 * k + 1]!, this.#probs[3 * k + 2]!],
      ms: this.#ms[k]!,
      // TextDecoder refuses views of shared memory: copy the bytes out first.
      error: status === ANSWER_FAILED ? new TextDecoder().decode(this.#errors.slice(k * ERROR_BYTES, k * ERROR_BYTES + len)) : undefined,
    };
  }

  /** Asks the worker to leave its loop. */
  close(): void {
    Atomics.store(this.#ctrl, CLOSE, 1);
    Atomics.notify(this.#ctrl, REQUESTS);
  }

  // ---- worker thread ----

  /**
   * Blocks until request `seq` is posted; undefined once the channel is closed. The posted
   * count is either `seq` (nothing new) or ahead of it: inequality is wrap-safe.
   */
  nextRequest(seq: number): { id: number; slot: number } | undefined {
    for (;;) {
      if (Atomics.load(this.#ctrl, CLOSE) !== 0) return undefined;
      if (Atomics.load(this.#ctrl, REQUESTS) !== seq) break;
      Atomics.wait(this.#ctrl, REQUESTS, seq);
    }
    const at = HEADER + ENTRY * entry(seq, this.capacity);
    return { id: this.#ctrl[at]!, slot: this.#ctrl[at + 1]! };
  }

  /**
   * Writes the answer to request `seq` and wakes a main thread blocked on the signal. Returns
   * true when the main thread is not blocked and must be woken by a message.
   */
  answerOk(seq: number, probs: ArrayLike<number>, ms: number): boolean {
    const k = entry(seq, this.capacity);
    this.#probs[3 * k] = probs[0]!;
    this.#probs[3 * k + 1] = probs[1]!;
    this.#probs[3 * k + 2] = probs[2]!;
    this.#ms[k] = ms;
    return this.#publish(seq, ANSWER_OK, 0);
  }

  /** Like {@link answerOk}, for a run that failed. */
  answerFailed(seq: number, message: string): boolean {
    const k = entry(seq, this.capacity);
    const bytes = new TextEncoder().encode(message).subarray(0, ERROR_BYTES);
    this.#errors.set(bytes, k * ERROR_BYTES);
    return this.#publish(seq, ANSWER_FAILED, bytes.length);
  }

  #publish(seq: number, status: number, errorLength: number): boolean {
    const at = HEADER + ENTRY * entry(seq, this.capacity);
    this.#ctrl[at + 2] = status;
    this.#ctrl[at + 3] = errorLength;
    Atomics.store(this.#ctrl, ANSWERS, next(seq));
    return this.#signal.announce();
  }
}

/** The request number after `seq` (int32, wrapping): what workers and the ensemble count with. */
export const nextSeq = next;
