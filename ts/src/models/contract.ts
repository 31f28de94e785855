/**
 * The model contract: what an ONNX model must accept and produce to join the ensemble.
 *
 * Input: one float32 tensor `[batch, seqLen, nFeatures]`, the rolling feature window (oldest
 * row first, newest last), features in the order of `featureNames`.
 * Output: one float32 tensor `[batch, classes]` of probabilities over the actions, in the order
 * of `classes` (sell, hold, buy). Any model with that signature works: see the README section
 * "Bring your own model".
 */
import { InvalidInputError } from '../errors.js';

export const ACTIONS = ['sell', 'hold', 'buy'] as const;
export type Action = (typeof ACTIONS)[number];

export interface ModelContract {
  /** Input tensor name. */
  inputName: string;
  /** Output tensor name. */
  outputName: string;
  seqLen: number;
  nFeatures: number;
  classes: readonly Action[];
}

/** The shape of `inputMetadata` / `outputMetadata` entries of an onnxruntime session. */
export interface TensorMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: ReadonlyArray<number | string>;
}

/** A model that does not satisfy the contract it is loaded under. */
export class ModelContractError extends InvalidInputError {}

function dimMatches(actual: number | string | undefined, expected: number): boolean {
  // Symbolic or unknown (-1) dimensions accept any size; fixed ones must agree.
  return typeof actual === 'string' || actual === -1 || actual === expected;
}

/**
 * Checks a loaded session's signature against the contract and throws a ModelContractError
 * that names the model and the mismatch.
 */
export function checkContract(
  model: string,
  inputs: readonly TensorMetadata[],
  outputs: readonly TensorMetadata[],
  contract: ModelContract,
): void {
  const fail = (problem: string) => {
    throw new ModelContractError(`model '${model}' does not satisfy the contract: ${problem}`);
  };
  const input = inputs.find((m) => m.name === contract.inputName);
  if (!input) fail(`no input named '${contract.inputName}' (inputs: ${inputs.map((m) => m.name).join(', ')})`);
  if (inputs.length !== 1) fail(`expected exactly one input, found ${inputs.length}`);
  const output = outputs.find((m) => m.name === contract.outputName);
  if (!output) fail(`no output named '${contract.outputName}' (outputs: ${outputs.map((m) => m.name).join(', ')})`);
  for (const [role, meta] of [
    ['input', input!],
    ['output', output!],
  ] as const) {
    if (!meta.isTensor || meta.type !== 'float32') fail(`${role} '${meta.name}' must be a float32 tensor, is ${meta.type}`);
  }
  const inShape = input!.shape ?? [];
  if (
    inShape.length !== 3 ||
    !dimMatches(inShape[1], contract.seqLen) ||
    !dimMatches(inShape[2], contract.nFeatures)
  ) {
    fail(`input shape [${inShape.join(', ')}] is not [batch, ${contract.seqLen}, ${contract.nFeatures}]`);
  }
  const outShape = output!.shape ?? [];
  if (outShape.length !== 2 || !dimMatches(outShape[1], contract.classes.length)) {
    fail(`output shape [${outShape.join(', ')}] is not [batch, ${contract.classes.length}]`);
  }
}
