import { describe, expect, it } from 'vitest';

import { ANSWER_FAILED, ANSWER_OK, ModelChannel } from '../../src/models/channel.js';

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
