/**
 * Models: the ONNX model ensemble (one worker thread per model), its contract, and the builder
 * of the three example models (LSTM, Transformer encoder, PPO actor).
 * @module models
 */
export { ModelEnsemble } from './ensemble.js';
export type { EnsembleDecision, EnsembleModelSpec, ModelAnswer, ModelEnsembleOptions, ModelStatus } from './ensemble.js';
export { ACTIONS, checkContract, ModelContractError } from './contract.js';
export type { Action, ModelContract, TensorMetadata } from './contract.js';
export { buildExampleModels } from './build.js';
export type { BuildModelsOptions, ModelFit, ModelsManifest } from './build.js';
export { buildArchitecture, STATE_SIZE } from './architectures.js';
export type { ArchitectureKind, ArchitectureShape, Readout } from './architectures.js';
export type { SessionTuning } from './protocol.js';
