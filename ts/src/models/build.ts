/**
 * Builds the three example models deterministically, in seconds, with no download:
 * 1. bars (the seeded synthetic market, or bars you pass) -> the core's bar features -> rolling
 *    windows, and three-class labels from forward returns (also computed in the core);
 * 2. each architecture's random hidden layers run through onnxruntime to get hidden states;
 * 3. a softmax readout fitted on those states by ridge regression (in the core);
 * 4. the final ONNX files plus `manifest.json` with the contract and honest fit figures
 *    (in-sample and on the held-out last 20% of windows, next to the majority-class baseline).
 * These are plumbing examples: on a random-walk-like market no readout beats the baseline by
 * much, and the manifest says so in numbers.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { Ohlc } from '../ohlc.js';
import { syntheticBars } from '../synth/index.js';
import { buildArchitecture, INPUT_NAME, OUTPUT_NAME, STATE_NAME, STATE_SIZE, type ArchitectureKind } from './architectures.js';
import { ACTIONS, type ModelContract } from './contract.js';

export interface BuildModelsOptions {
  /** Directory the models and manifest are written to. */
  outDir: string;
  /** Window length (rows of features per decision). Default 32. */
  seqLen?: number;
  /** Seed of the random hidden weights and of the synthetic market. Default 7. */
  seed?: number;
  /** Training bars; default: 40,000 synthetic one-minute bars. */
  bars?: Ohlc;
  /** Forward-return horizon of the labels, in bars. Default 5. */
  horizon?: number;
  /** Label threshold in units of sigma * sqrt(horizon). Default 0.5. */
  threshold?: number;
  /** Ridge penalty. Default 1. */
  lambda?: number;
}

export interface ModelFit {
  name: ArchitectureKind;
  file: string;
  sha256: string;
  stateSize: number;
  temperature: number;
  trainLogLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** Accuracy of always predicting the most frequent training class, on the test windows. */
  baselineAccuracy: number;
}

export interface ModelsManifest extends ModelContract {
  version: 1;
  featureNames: string[];
  horizon: number;
  trainWindows: number;
  testWindows: number;
  models: ModelFit[];
}

const KINDS: readonly ArchitectureKind[] = ['lstm', 'transformer', 'ppo'];
const BATCH = 2048;

/** Runs a model over `windows` ([m, seqLen, nFeatures]) in batches; returns `[m x width]`. */
async function runAll(bytes: Uint8Array, output: string, windows: Float32Array, m: number, rowSize: number, seqLen: number, nFeatures: number, width: number): Promise<Float32Array> {
  // Loaded on demand: importing smc-engine must not load onnxruntime unless models are built.
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const out = new Float32Array(m * width);
  for (let start = 0; start < m; start += BATCH) {
    const count = Math.min(BATCH, m - start);
    const input = new ort.Tensor('float32', windows.subarray(start * rowSize, (start + count) * rowSize), [count, seqLen, nFeatures]);
    const result = await session.run({ [INPUT_NAME]: input });
    out.set(result[output]!.data as Float32Array, start * width);
  }
  await session.release();
  return out;
}

export async function buildExampleModels(options: BuildModelsOptions): Promise<ModelsManifest> {
  const seqLen = options.seqLen ?? 32;
  const seed = options.seed ?? 7;
  const horizon = options.horizon ?? 5;
  const bars = options.bars ?? syntheticBars({ bars: 40_000, seed });
  const names = native.barFeatureNames();
  const nFeatures = names.length;
  const features = callNative(() => native.barFeatures(bars));
  const labels = callNative(() => native.forwardReturnLabels(bars.close, horizon, options.threshold ?? 0.5));

  // One window per labelled bar whose window holds no warm-up rows, built in the core.
  const rowSize = seqLen * nFeatures;
  const { windows, labels: windowLabels } = callNative(() => native.trainingWindows(features, nFeatures, labels, seqLen));
  const m = windowLabels.length;
  // Chronological split: the test windows come strictly after the training ones.
  const mTrain = Math.floor(m * 0.8);
  const trainLabels = windowLabels.subarray(0, mTrain);
  const testLabels = windowLabels.subarray(mTrain);
  const baselineAccuracy = callNative(() => native.majorityBaseline(trainLabels, testLabels, ACTIONS.length));

  mkdirSync(options.outDir, { recursive: true });
  const shape = { seqLen, nFeatures, classes: ACTIONS.length };
  const models: ModelFit[] = [];
  for (const [k, kind] of KINDS.entries()) {
    const kindSeed = seed * 1000 + k * 100;
    const width = STATE_SIZE[kind];
    const states = await runAll(buildArchitecture(kind, shape, kindSeed), STATE_NAME, windows, m, rowSize, seqLen, nFeatures, width);
    const fit = callNative(() =>
      native.fitSoftmaxReadout(Float64Array.from(states.subarray(0, mTrain * width)), trainLabels, width, ACTIONS.length, options.lambda ?? 1),
    );
    const metadata = {
      'smc.contract': JSON.stringify({ seqLen, nFeatures, classes: ACTIONS, featureNames: names }),
      'smc.kind': kind,
    };
    const bytes = buildArchitecture(kind, shape, kindSeed, { weights: Float32Array.from(fit.weights), bias: Float32Array.from(fit.bias) }, metadata);
    const probs = await runAll(bytes, OUTPUT_NAME, windows.subarray(mTrain * rowSize), m - mTrain, rowSize, seqLen, nFeatures, ACTIONS.length);
    const file = `${kind}.onnx`;
    writeFileSync(join(options.outDir, file), bytes);
    models.push({
      name: kind,
      file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      stateSize: width,
      temperature: fit.temperature,
      trainLogLoss: fit.logLoss,
      trainAccuracy: fit.accuracy,
      testAccuracy: callNative(() => native.classificationAccuracy(probs, testLabels, ACTIONS.length)),
      baselineAccuracy,
    });
  }
  const manifest: ModelsManifest = {
    version: 1,
    inputName: INPUT_NAME,
    outputName: OUTPUT_NAME,
    seqLen,
    nFeatures,
    classes: ACTIONS,
    featureNames: names,
    horizon,
    trainWindows: mTrain,
    testWindows: m - mTrain,
    models,
  };
  writeFileSync(join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
