/**
 * The three example architectures, as ONNX graphs over the model contract's input
 * `features [batch, seqLen, nFeatures]`:
 * - `lstm`: one LSTM layer (ONNX `LSTM`), final hidden state;
 * - `transformer`: one encoder block (single-head attention from MatMul/Softmax, residuals,
 *   `LayerNormalization`, a ReLU feed-forward), mean- and last-token pooling;
 * - `ppo`: a PPO-style actor, a two-layer tanh MLP over the flattened window.
 * Hidden weights are fixed random draws from the core's seeded generator (reservoir style);
 * only the linear softmax readout on top is fitted (see build.ts). Without a readout the graph
 * outputs its hidden `state`, which is what the readout is fitted on.
 */
import { native } from '../native.js';
import { GraphBuilder } from './onnx/graph.js';

export type ArchitectureKind = 'lstm' | 'transformer' | 'ppo';

export interface ArchitectureShape {
  seqLen: number;
  nFeatures: number;
  /** Number of action classes (sell, hold, buy). */
  classes: number;
}

export interface Readout {
  /** `[stateSize x classes]`, row-major. */
  weights: Float32Array;
  /** `[classes]`. */
  bias: Float32Array;
}

export const INPUT_NAME = 'features';
export const OUTPUT_NAME = 'probs';
export const STATE_NAME = 'state';

/** Width of each architecture's hidden state (the readout's input). */
export const STATE_SIZE: Record<ArchitectureKind, number> = { lstm: 32, transformer: 64, ppo: 64 };

/** Seeded normal draws with standard deviation `scale` (e.g. 1/sqrt(fan-in)), from the core. */
function randomWeights(n: number, seed: number, scale: number): Float32Array {
  return native.randomWeights(n, seed, scale);
}

function lstmBody(g: GraphBuilder, s: ArchitectureShape, seed: number): string {
  const h = STATE_SIZE.lstm;
  const x = g.node('Transpose', [INPUT_NAME], { perm: [1, 0, 2] }); // [seq, batch, nF]
  const w = g.weight('lstm_W', [1, 4 * h, s.nFeatures], randomWeights(4 * h * s.nFeatures, seed, 0.5 / Math.sqrt(s.nFeatures)));
  // Recurrent weights scaled below 1/sqrt(h) keep the reservoir's dynamics contracting.
  const r = g.weight('lstm_R', [1, 4 * h, h], randomWeights(4 * h * h, seed + 1, 0.9 / Math.sqrt(h)));
  const bias = new Float32Array(8 * h);
  // ONNX gate order is i, o, f, c: a forget-gate bias of 1 keeps memory by default.
  bias.fill(1, 2 * h, 3 * h);
  const b = g.weight('lstm_B', [1, 8 * h], bias);
  g.node('LSTM', [x, w, r, b], { hidden_size: h }, ['', 'lstm_h']); // Y_h: [1, batch, h]
  return g.node('Squeeze', ['lstm_h', g.ints('axes_0', [0])]);
}

function transformerBody(g: GraphBuilder, s: ArchitectureShape, seed: number): string {
  const d = STATE_SIZE.transformer / 2;
  const w = (name: string, rows: number, cols: number, k: number) =>
    g.weight(name, [rows, cols], randomWeights(rows * cols, seed + k, 1 / Math.sqrt(rows)));
  const embedded = g.node('Add', [
    g.node('MatMul', [INPUT_NAME, w('tf_in', s.nFeatures, d, 0)]),
    g.weight('tf_pos', [s.seqLen, d], randomWeights(s.seqLen * d, seed + 1, 0.1)),
  ]);
  const q = g.node('MatMul', [embedded, w('tf_q', d, d, 2)]);
  const k = g.node('MatMul', [embedded, w('tf_k', d, d, 3)]);
  const v = g.node('MatMul', [embedded, w('tf_v', d, d, 4)]);
  const scores = g.node('Mul', [
    g.node('MatMul', [q, g.node('Transpose', [k], { perm: [0, 2, 1] })]),
    g.weight('tf_scale', [1], Float32Array.of(1 / Math.sqrt(d))),
  ]);
  const attention = g.node('MatMul', [g.node('Softmax', [scores], { axis: -1 }), v]);
  const ones = g.weight('tf_ln_gamma', [d], new Float32Array(d).fill(1));
  const zeros = g.weight('tf_ln_beta', [d], new Float32Array(d));
  const norm = (x: string) => g.node('LayerNormalization', [x, ones, zeros], { axis: -1, epsilon: { float: 1e-5 } });
  const z1 = norm(g.node('Add', [embedded, g.node('MatMul', [attention, w('tf_o', d, d, 5)])]));
  const hidden = g.node('Relu', [g.node('MatMul', [z1, w('tf_ff1', d, 2 * d, 6)])]);
  const z2 = norm(g.node('Add', [z1, g.node('MatMul', [hidden, w('tf_ff2', 2 * d, d, 7)])]));
  const mean = g.node('ReduceMean', [z2, g.ints('axes_1', [1])], { keepdims: 0 });
  const last = g.node('Flatten', [g.node('Gather', [z2, g.ints('last_step', [s.seqLen - 1])], { axis: 1 })], { axis: 1 });
  return g.node('Concat', [mean, last], { axis: 1 });
}

function ppoBody(g: GraphBuilder, s: ArchitectureShape, seed: number): string {
  const h = STATE_SIZE.ppo;
  const inputs = s.seqLen * s.nFeatures;
  const flat = g.node('Flatten', [INPUT_NAME], { axis: 1 });
  const layer = (x: string, rows: number, k: number) =>
    g.node('Tanh', [
      g.node('Add', [
        g.node('MatMul', [x, g.weight(`ppo_w${k}`, [rows, h], randomWeights(rows * h, seed + k, 1 / Math.sqrt(rows)))]),
        g.weight(`ppo_b${k}`, [h], new Float32Array(h)),
      ]),
    ]);
  return layer(layer(flat, inputs, 1), h, 2);
}

const BODIES: Record<ArchitectureKind, (g: GraphBuilder, s: ArchitectureShape, seed: number) => string> = {
  lstm: lstmBody,
  transformer: transformerBody,
  ppo: ppoBody,
};

/**
 * The serialized ONNX model of `kind`. With a readout: `probs [batch, classes]` (softmax);
 * without: `state [batch, STATE_SIZE[kind]]`.
 */
export function buildArchitecture(
  kind: ArchitectureKind,
  shape: ArchitectureShape,
  seed: number,
  readout?: Readout,
  metadata: Record<string, string> = {},
): Uint8Array {
  const g = new GraphBuilder(`smc_${kind}`);
  g.input(INPUT_NAME, ['batch', shape.seqLen, shape.nFeatures]);
  const state = BODIES[kind](g, shape, seed);
  if (readout) {
    const size = STATE_SIZE[kind];
    const logits = g.node('Add', [
      g.node('MatMul', [state, g.weight('readout_w', [size, shape.classes], readout.weights)]),
      g.weight('readout_b', [shape.classes], readout.bias),
    ]);
    g.node('Softmax', [logits], { axis: -1 }, [OUTPUT_NAME]);
    g.output(OUTPUT_NAME, ['batch', shape.classes]);
  } else {
    g.node('Identity', [state], {}, [STATE_NAME]);
    g.output(STATE_NAME, ['batch', STATE_SIZE[kind]]);
  }
  for (const [key, value] of Object.entries(metadata)) g.metadata(key, value);
  return g.toBytes();
}
