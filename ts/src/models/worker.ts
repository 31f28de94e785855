/**
 * One model per worker thread. onnxruntime-node's `run()` blocks the thread it runs on, so each
 * model gets its own thread and its own InferenceSession, and the main thread stays free.
 * Inputs are read straight from a SharedArrayBuffer slot: no structured clone per request.
 */
import { parentPort } from 'node:worker_threads';

import * as ort from 'onnxruntime-node';

import type { FromWorker, InitMessage, ToWorker } from './protocol.js';

if (!parentPort) throw new Error('models/worker.js must run in a worker thread');
const port = parentPort;

let session: ort.InferenceSession | undefined;
let init: InitMessage | undefined;
let slots: Float32Array | undefined;
let local: Float32Array | undefined;

function post(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

async function run(slot: number): Promise<Float32Array> {
  const size = init!.seqLen * init!.nFeatures;
  // onnxruntime-node rejects tensors over a SharedArrayBuffer ("Invalid argument"), so the
  // slot is copied into this thread's own buffer: one memcpy of seqLen x nFeatures floats.
  local!.set(slots!.subarray(slot * size, (slot + 1) * size));
  const tensor = new ort.Tensor('float32', local!, [1, init!.seqLen, init!.nFeatures]);
  const out = await session!.run({ [init!.inputName]: tensor });
  // Copy the three probabilities out of onnxruntime's buffer so it can be transferred.
  return Float32Array.from(out[init!.outputName]!.data as Float32Array);
}

port.on('message', async (msg: ToWorker) => {
  try {
    if (msg.type === 'init') {
      init = msg;
      slots = new Float32Array(msg.input);
      local = new Float32Array(msg.seqLen * msg.nFeatures);
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
    } else if (msg.type === 'run') {
      const t0 = process.hrtime.bigint();
      const probs = await run(msg.slot);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      post({ type: 'result', id: msg.id, probs, ms }, [probs.buffer as ArrayBuffer]);
    } else {
      await session?.release();
      port.close();
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (msg.type === 'run') post({ type: 'failed', id: msg.id, message });
    else post({ type: 'error', message });
  }
});
