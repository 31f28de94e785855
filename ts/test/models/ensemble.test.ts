import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { models, synth, InvalidInputError } from '../../src/index.js';
import { native } from '../../src/native.js';

const dir = mkdtempSync(join(tmpdir(), 'smc-models-'));
let manifest: models.ModelsManifest;

beforeAll(async () => {
  // A small market keeps the build quick; the default build uses 40,000 bars.
  manifest = await models.buildExampleModels({ outDir: dir, bars: synth.syntheticBars({ bars: 6_000, seed: 3 }) });
}, 120_000);

describe('example models', () => {
  it('are built with a declared contract and honest fit figures', () => {
    expect(manifest.models.map((m) => m.name)).toEqual(['lstm', 'transformer', 'ppo']);
    expect(manifest.classes).toEqual(['sell', 'hold', 'buy']);
    expect(manifest.featureNames).toHaveLength(manifest.nFeatures);
    for (const m of manifest.models) expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.trainWindows).toBe(Math.floor((manifest.trainWindows + manifest.testWindows) * 0.8));
  });

  it('report the accuracy their saved files really have on the held-out windows', async () => {
    // Rebuild the held-out windows the way the builder does, run each saved file on them and
    // compare with the manifest: the figures must describe the files, not some other model.
    const bars = synth.syntheticBars({ bars: 6_000, seed: 3 });
    const features = native.barFeatures(bars);
    const labels = native.forwardReturnLabels(bars.close, manifest.horizon, 0.5);
    const { windows, labels: windowLabels } = native.trainingWindows(features, manifest.nFeatures, labels, manifest.seqLen);
    expect(windowLabels.length).toBe(manifest.trainWindows + manifest.testWindows);
    const row = manifest.seqLen * manifest.nFeatures;
    const test = windows.subarray(manifest.trainWindows * row);
    const testLabels = windowLabels.subarray(manifest.trainWindows);
    for (const m of manifest.models) {
      const session = await ort.InferenceSession.create(join(dir, m.file));
      const out = await session.run({ features: new ort.Tensor('float32', test, [manifest.testWindows, manifest.seqLen, manifest.nFeatures]) });
      const accuracy = native.classificationAccuracy(out.probs!.data as Float32Array, testLabels, 3);
      expect(accuracy).toBe(m.testAccuracy);
      expect(m.baselineAccuracy).toBe(native.majorityBaseline(windowLabels.subarray(0, manifest.trainWindows), testLabels, 3));
    }
  });

  it('are deterministic: the same options give byte-identical files', async () => {
    const again = await models.buildExampleModels({
      outDir: mkdtempSync(join(tmpdir(), 'smc-models-')),
      bars: synth.syntheticBars({ bars: 6_000, seed: 3 }),
    });
    expect(again.models.map((m) => m.sha256)).toEqual(manifest.models.map((m) => m.sha256));
  }, 120_000);

  it('use real ONNX operators: LSTM, attention with MatMul/Softmax/LayerNormalization, MLP with Softmax', async () => {
    const shape = { seqLen: 32, nFeatures: 8, classes: 3 };
    const ops = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);
    expect(ops(models.buildArchitecture('lstm', shape, 1))).toContain('LSTM');
    const tf = ops(models.buildArchitecture('transformer', shape, 1));
    for (const op of ['MatMul', 'Softmax', 'LayerNormalization']) expect(tf).toContain(op);
    expect(ops(models.buildArchitecture('ppo', shape, 1))).toContain('Tanh');
    const session = await ort.InferenceSession.create(join(dir, 'ppo.onnx'));
    expect(session.outputNames).toEqual(['probs']);
  });
});

describe('ModelEnsemble', () => {
  let ensemble: models.ModelEnsemble;
  const window = new Float32Array(32 * 8).map((_, i) => Math.sin(i / 7));

  beforeAll(async () => {
    ensemble = await models.ModelEnsemble.fromManifest(dir, { timeoutMs: 2_000 });
  }, 60_000);
  afterAll(() => ensemble.close());

  it('asks every model and combines their probabilities', async () => {
    const d = await ensemble.predict(window);
    expect(d.complete).toBe(true);
    expect(d.perModel.map((m) => m.status)).toEqual(['ok', 'ok', 'ok']);
    const p = d.probabilities;
    expect(p.sell + p.hold + p.buy).toBeCloseTo(1, 5);
    expect(d.confidence).toBe(Math.max(p.sell, p.hold, p.buy));
    expect(d.action).toBe((['sell', 'hold', 'buy'] as const)[[p.sell, p.hold, p.buy].indexOf(d.confidence)]);
    // The combination is the weighted mean of the per-model answers.
    const mean = [0, 1, 2].map((c) => d.perModel.reduce((s, m) => s + m.probs![c]!, 0) / 3);
    expect(p.sell).toBeCloseTo(mean[0]!, 6);
    // The decision waits for every model, so it takes at least as long as the slowest run.
    expect(d.latencyMs).toBeGreaterThanOrEqual(Math.max(...d.perModel.map((m) => m.latencyMs!)));
  });

  it('gives the same answer as running the model directly', async () => {
    const session = await ort.InferenceSession.create(join(dir, 'lstm.onnx'));
    const direct = await session.run({ features: new ort.Tensor('float32', window, [1, 32, 8]) });
    const d = await ensemble.predict(window);
    const lstm = d.perModel.find((m) => m.name === 'lstm')!;
    expect(lstm.probs![0]).toBeCloseTo((direct.probs!.data as Float32Array)[0]!, 6);
  });

  it('serves many concurrent predictions and reads windows written in place', async () => {
    const stream = new native.BarFeatureStream(32);
    const bars = synth.syntheticBars({ bars: 80, seed: 5 });
    for (let i = 0; i < 80; i++) stream.push(bars.open[i]!, bars.high[i]!, bars.low[i]!, bars.close[i]!, bars.volume[i]!);
    expect(stream.ready).toBe(true);
    const decisions = await Promise.all(
      Array.from({ length: 40 }, () => ensemble.predictWith((slot) => stream.copyWindow(slot))),
    );
    // Under load a model may be skipped as busy, but whoever answers gives the same answer.
    expect(decisions.every((d) => d.perModel.every((m) => m.status === 'ok' || m.status === 'busy'))).toBe(true);
    for (const name of ensemble.modelNames) {
      const answers = decisions.flatMap((d) => d.perModel.filter((m) => m.name === name && m.status === 'ok'));
      expect(answers.length).toBeGreaterThan(0);
      expect(new Set(answers.map((m) => m.probs!.join(','))).size).toBe(1);
    }
  });

  it('rejects a window of the wrong size', async () => {
    await expect(ensemble.predict(new Float32Array(10))).rejects.toThrow(InvalidInputError);
  });
});

describe('ModelEnsemble waiting for answers', () => {
  const windows = Array.from({ length: 30 }, (_, k) => new Float32Array(32 * 8).map((_, i) => Math.sin((i + k) / 5)));
  const probsOf = (d: models.EnsembleDecision) => d.perModel.map((m) => m.probs!.join(',')).join(';');

  async function decide(options: Partial<models.ModelEnsembleOptions>, concurrent: boolean): Promise<string[]> {
    const e = await models.ModelEnsemble.fromManifest(dir, { timeoutMs: 5_000, warmupRuns: 2, maxQueuePerModel: 32, ...options });
    try {
      const ds = concurrent ? await Promise.all(windows.map((w) => e.predict(w))) : [];
      if (!concurrent) for (const w of windows) ds.push(await e.predict(w));
      expect(ds.every((d) => d.complete)).toBe(true);
      return ds.map(probsOf);
    } finally {
      await e.close();
    }
  }

  it('gives the same answers blocking the main thread, on the event loop only, and when the block budget runs out first', async () => {
    const blocking = await decide({}, false);
    expect(await decide({ blockMicros: 0 }, false)).toEqual(blocking);
    // A 1 us budget ends before any model answers: every answer must still arrive, through the
    // workers' wake-up messages (the signal's flag is cleared before the last read).
    expect(await decide({ blockMicros: 1 }, false)).toEqual(blocking);
    expect(await decide({ blockMicros: 1 }, true)).toEqual(blocking);
    expect(await decide({}, true)).toEqual(blocking);
  }, 60_000);

  it('refuses a block budget outside [0, 1e6] us and a timeout that is not a finite number of ms >= 0', async () => {
    for (const blockMicros of [-1, Number.NaN, 2e6]) {
      await expect(models.ModelEnsemble.fromManifest(dir, { blockMicros })).rejects.toThrow(/blockMicros/);
    }
    for (const timeoutMs of [-1, Number.NaN, Infinity]) {
      await expect(models.ModelEnsemble.fromManifest(dir, { timeoutMs })).rejects.toThrow(/timeoutMs/);
    }
  });
});

describe('ModelEnsemble degradation', () => {
  it('answers from the models that answered in time and says which did not', async () => {
    const e = await models.ModelEnsemble.fromManifest(dir, { timeoutMs: 0, warmupRuns: 0 });
    try {
      const d = await e.predict(new Float32Array(32 * 8));
      expect(d.complete).toBe(false);
      expect(d.perModel.some((m) => m.status === 'timeout')).toBe(true);
      if (d.perModel.every((m) => m.status !== 'ok')) {
        expect(d.action).toBe('hold');
        expect(d.confidence).toBe(0);
      }
    } finally {
      await e.close();
    }
  });

  it('skips models whose queue is full instead of waiting on them', async () => {
    const e = await models.ModelEnsemble.fromManifest(dir, { maxQueuePerModel: 0, warmupRuns: 0 });
    try {
      const d = await e.predict(new Float32Array(32 * 8));
      expect(d.perModel.map((m) => m.status)).toEqual(['busy', 'busy', 'busy']);
      expect(d.action).toBe('hold');
    } finally {
      await e.close();
    }
  });

  it('refuses a model that breaks the contract, naming it', async () => {
    const other = mkdtempSync(join(tmpdir(), 'smc-models-bad-'));
    const { writeFileSync } = await import('node:fs');
    const path = join(other, 'short.onnx');
    writeFileSync(path, models.buildArchitecture('ppo', { seqLen: 16, nFeatures: 8, classes: 3 }, 1, {
      weights: new Float32Array(64 * 3),
      bias: new Float32Array(3),
    }));
    await expect(
      models.ModelEnsemble.create({
        models: [{ name: 'short', path }],
        contract: { inputName: 'features', outputName: 'probs', seqLen: 32, nFeatures: 8, classes: models.ACTIONS },
      }),
    ).rejects.toThrow(/model 'short' does not satisfy the contract: input shape \[batch, 16, 8\]/);
    await expect(
      models.ModelEnsemble.create({ models: [{ name: 'x', path: join(other, 'missing.onnx') }], contract: manifest }),
    ).rejects.toThrow(InvalidInputError);
  });
});
