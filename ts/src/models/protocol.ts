/**
 * Messages between the ensemble (main thread) and its model workers at start-up and shutdown.
 * Inference requests and answers do not use messages: they go through the shared-memory rings
 * of channel.ts.
 */
import type { ChannelBuffers } from './channel.js';

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
  channel: ChannelBuffers;
}

/** Sent once the main thread has checked the loaded model against the contract. */
export interface WarmupMessage {
  type: 'warmup';
  runs: number;
}

/** Start answering requests from the channel (the worker then blocks on it until closed). */
export interface ServeMessage {
  type: 'serve';
}

export type ToWorker = InitMessage | WarmupMessage | ServeMessage | { type: 'close' };

export type FromWorker =
  | {
      type: 'loaded';
      inputs: { name: string; isTensor: boolean; type?: string; shape?: (number | string)[] }[];
      outputs: { name: string; isTensor: boolean; type?: string; shape?: (number | string)[] }[];
    }
  | { type: 'ready' }
  /** New answers are in the channel (the message only wakes the main thread). */
  | { type: 'answered' }
  | { type: 'error'; message: string };
