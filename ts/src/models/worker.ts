/**
 * One model per worker thread. onnxruntime-node's `run()` blocks the thread it runs on, so each
 * model gets its own thread and its own InferenceSession, and the main thread stays free.
 * Start-up (load, contract check, warm-up) uses messages; then the worker serves requests from
 * its shared-memory channel (channel.ts), blocked in `Atomics.wait` between them, reads inputs
 * straight from the shared input slots, and wakes the main thread through the ensemble's answer
 * signal when it is blocked on it, else with an empty message.
 */
import { parentPort } from 'node:worker_threads';

import * as ort from 'onnxruntime-node';

import { ModelChannel, nextSeq } from './channel.js';
import type { FromWorker, InitMessage, ToWorker } from './protocol.js';

if (!parentPort) throw new Error('models/worker.js must run in a worker thread');
const port = parentPort;

let session: ort.InferenceSession | undefined;
let init: InitMessage | undefined;
let slots: Float32Array | undefined;
let local: Float32Array | undefined;
let channel: ModelChannel | undefined;
let serving = false;

const ANSWERED: FromWorker = { type: 'answered' };

function post(msg: FromWorker): void {
  port.postMessage(msg);
}

async function run(slot: number): Promise<ArrayLike<number>> {
  const size = init!.seqLen * init!.nFeatures;
  // onnxruntime-node rejects tensors over a SharedArrayBuffer ("Invalid argument"), so the
  // slot is copied into this thread's own buffer: one memcpy of seqLen x nFeatures floats.
  local!.set(slots!.subarray(slot * size, (slot + 1) * size));
  const tensor = new ort.Tensor('float32', local!, [1, init!.seqLen, init!.nFeatures]);
  const out = await session!.run({ [init!.inputName]: tensor });
  return out[init!.outputName]!.data as Float32Array;
}

/** Answers requests in order until the ensemble closes the channel. */
async function serve(ch: ModelChannel): Promise<void> {
  for (let seq = 0; ; seq = nextSeq(seq)) {
    const req = ch.nextRequest(seq);
    if (!req) break;
    const t0 = process.hrtime.bigint();
    let needsMessage: boolean;
    try {
      const probs = await run(req.slot);
      needsMessage = ch.answerOk(seq, probs, Number(process.hrtime.bigint() - t0) / 1e6);
    } catch (err) {
      needsMessage = ch.answerFailed(seq, err instanceof Error ? err.message : String(err));
    }
    if (needsMessage) post(ANSWERED);
  }
  await session?.release();
  port.close();
}

port.on('message', async (msg: ToWorker) => {
  try {
    if (msg.type === 'init') {
      init = msg;
      slots = new Float32Array(msg.input);
      local = new Float32Array(msg.seqLen * msg.nFeatures);
      channel = ModelChannel.attach(msg.channel);
      session = await ort.InferenceSession.create(msg.path, {
        executionProviders: msg.tuning.executionProviders ?? ['cpu'],
        intraOpNumThreads: msg.tuning.intraOpNumThreads ?? 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: msg.tuning.graphOptimizationLevel ?? 'all',
        executionMode: 'sequential',
      });
      post({
        type: 'loaded',
        inputs: session.inputMetadata.map((m) => ({ ...m, shape: m.isTensor ? [...m.shape] : undefined, type: m.isTensor ? m.type : undefined })),
        outputs: session.outputMetadata.map((m) => ({ ...m, shape: m.isTensor ? [...m.shape] : undefined, type: m.isTensor ? m.type : undefined })),
      });
    } else if (msg.type === 'warmup') {
      // The first runs allocate arenas and pick kernels: keep that out of trading decisions.
      for (let i = 0; i < msg.runs; i++) await run(0);
      post({ type: 'ready' });
    } else if (msg.type === 'serve') {
      serving = true;
      await serve(channel!);
    } else if (!serving) {
      // While serving, the channel's close ends the loop, which releases the session itself:
      // releasing here too could free it under a run awaiting in serve().
      await session?.release();
      port.close();
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
