import { describe, expect, it } from 'vitest';

import { ANSWER_FAILED, ANSWER_OK, AnswerSignal, ModelChannel } from '../../src/models/channel.js';

describe('models ModelChannel (shared-memory request and answer rings)', () => {
  it('carries requests and answers in order through many wraps of the ring', () => {
    const main = ModelChannel.create(3);
    const worker = ModelChannel.attach(main.buffers);
    for (let seq = 0; seq < 20; seq++) {
      main.post(100 + seq, seq % 5);
      const req = worker.nextRequest(seq)!;
      expect(req).toEqual({ id: 100 + seq, slot: seq % 5 });
      worker.answerOk(seq, Float32Array.of(0.25, 0.5, 0.25 + seq), seq / 10);
      expect(main.answered()).toBe(seq + 1);
      const a = main.answer(seq);
      expect(a).toEqual({ id: 100 + seq, status: ANSWER_OK, probs: [0.25, 0.5, Math.fround(0.25 + seq)], ms: seq / 10, error: undefined });
    }
  });

  it('keeps up to `capacity` requests outstanding and answers them in order', () => {
    const main = ModelChannel.create(4);
    const worker = ModelChannel.attach(main.buffers);
    for (let k = 0; k < 4; k++) main.post(k + 1, k);
    for (let k = 0; k < 4; k++) worker.answerOk(k, [k, 0, 0], 1);
    expect(main.answered()).toBe(4);
    expect([0, 1, 2, 3].map((k) => main.answer(k).id)).toEqual([1, 2, 3, 4]);
  });

  it('passes a failure with its message (cut at 256 bytes) and stops the worker on close', () => {
    const main = ModelChannel.create(2);
    const worker = ModelChannel.attach(main.buffers);
    main.post(7, 0);
    worker.nextRequest(0);
    worker.answerFailed(0, `bad input: ${'x'.repeat(400)}`);
    const a = main.answer(0);
    expect(a.status).toBe(ANSWER_FAILED);
    expect(a.error!.startsWith('bad input: xxx')).toBe(true);
    expect(new TextEncoder().encode(a.error!).length).toBe(256);
    main.close();
    // Closed: the worker's next wait returns at once instead of blocking.
    expect(worker.nextRequest(1)).toBeUndefined();
  });
});

describe('models ModelChannel counters', () => {
  it('keep working across the int32 wrap (2^31 requests on one model)', () => {
    const main = ModelChannel.create(3);
    expect(main.capacity).toBe(4); // rounded up to a power of two
    const worker = ModelChannel.attach(main.buffers);
    const ctrl = new Int32Array(main.buffers.ctrl);
    const start = 2 ** 31 - 3; // a long-running engine, three requests before the wrap
    ctrl[0] = start;
    ctrl[1] = start;
    let seq = start;
    let seen = start;
    for (let k = 0; k < 10; k++) {
      main.post(500 + k, k);
      const req = worker.nextRequest(seq)!;
      expect(req.id).toBe(500 + k);
      worker.answerOk(seq, [k, 0, 0], 0);
      seq = (seq + 1) | 0;
      const written = main.answered();
      expect(written).toBe(seq);
      expect(main.answer(seen).id).toBe(500 + k);
      seen = (seen + 1) | 0;
    }
    expect(seq).toBeLessThan(0); // it did wrap
  });
});

describe('models AnswerSignal (the main thread blocking on every model at once)', () => {
  it('asks for a wake-up message only while the main thread is not blocked on it', () => {
    const signal = new AnswerSignal();
    const a = ModelChannel.create(2, signal);
    const b = ModelChannel.create(2, signal);
    const wa = ModelChannel.attach(a.buffers);
    const wb = ModelChannel.attach(b.buffers);
    a.post(1, 0);
    b.post(1, 0);
    const seen = signal.count();
    // Not blocked: the worker must send its message.
    expect(wa.answerOk(0, [1, 0, 0], 0)).toBe(true);
    signal.setWaiting(true);
    // Blocked: the signal wakes the main thread, no message.
    expect(wb.answerOk(0, [0, 0, 1], 0)).toBe(false);
    signal.setWaiting(false);
    // Both answers bumped the shared word, so a wait on the old value returns at once.
    expect(signal.count()).toBe(seen + 2);
    const t0 = performance.now();
    signal.wait(seen, 5_000);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect([a.answered(), b.answered()]).toEqual([1, 1]);
  });

  it('times out a wait with no answer', () => {
    const signal = new AnswerSignal();
    const t0 = performance.now();
    signal.wait(signal.count(), 20);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
  });
});
