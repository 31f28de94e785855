/** Messages between the ensemble (main thread) and its model workers. */

export interface SessionTuning {
  /** onnxruntime execution providers, in preference order. Default ['cpu']. */
  executionProviders?: string[];
  /** Threads inside one operator. Default 1: the ensemble parallelises across models. */
  intraOpNumThreads?: number;
  /** Default 'all'. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
}

export interface InitMessage {
  type: 'init';
  name: string;
  path: string;
  /** Shared input slots, `slots * seqLen * nFeatures` float32 values. */
  input: SharedArrayBuffer;
  seqLen: number;
  nFeatures: number;
  inputName: string;
  outputName: string;
  tuning: SessionTuning;
}

export interface RunMessage {
  type: 'run';
  id: number;
  slot: number;
}

/** Sent once the main thread has checked the loaded model against the contract. */
export interface WarmupMessage {
  type: 'warmup';
  runs: number;
}

export type ToWorker = InitMessage | WarmupMessage | RunMessage | { type: 'close' };

export type FromWorker =
  | {
      type: 'loaded';
      inputs: { name: string; isTensor: boolean; type?: string; shape?: (number | string)[] }[];
      outputs: { name: string; isTensor: boolean; type?: string; shape?: (number | string)[] }[];
    }
  | { type: 'ready' }
  | { type: 'result'; id: number; probs: Float32Array; ms: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'error'; message: string };
