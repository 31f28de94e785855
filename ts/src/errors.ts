/**
 * Typed errors of smc-engine.
 *
 * The Rust core reports every failure with a stable string code (`SMC_*`); the binding passes it
 * to JavaScript as `err.code`, and {@link fromNative} turns it into the matching subclass here, so
 * callers can branch with `instanceof` or on `.code`. Codes never change meaning: new failure
 * kinds get new codes.
 */

export type SmcErrorCode =
  | 'SMC_INVALID_INPUT'
  | 'SMC_EMPTY_INPUT'
  | 'SMC_NON_FINITE'
  | 'SMC_LENGTH_MISMATCH'
  | 'SMC_OUT_OF_RANGE'
  | 'SMC_UNORDERED'
  | 'SMC_RESYNC_REQUIRED'
  | 'SMC_CROSSED_BOOK'
  | 'SMC_SINGULAR_MATRIX'
  | 'SMC_INVALID_STATE'
  | 'SMC_NOT_FOUND'
  | 'SMC_INVALID_CONFIG'
  | 'SMC_UNAVAILABLE'
  | 'SMC_INTERNAL';

/** Base class of every error smc-engine throws on purpose. */
export class SmcError extends Error {
  readonly code: SmcErrorCode;

  constructor(code: SmcErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Input that cannot be used as given (wrong type, unknown name, inconsistent options). */
export class InvalidInputError extends SmcError {
  constructor(message: string, options?: { cause?: unknown }, code: SmcErrorCode = 'SMC_INVALID_INPUT') {
    super(code, message, options);
  }
}

/** A series with fewer elements than the computation needs (for example an empty array). */
export class EmptyInputError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, 'SMC_EMPTY_INPUT');
  }
}

/** NaN or an infinity where a finite number is required. */
export class NonFiniteError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, 'SMC_NON_FINITE');
  }
}

/** Columns or paired series whose lengths differ. */
export class LengthMismatchError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, 'SMC_LENGTH_MISMATCH');
  }
}

/** A parameter outside its domain (p outside [0, 1], a window below 1, ...). */
export class OutOfRangeError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, 'SMC_OUT_OF_RANGE');
  }
}

/** Timestamps or sequence numbers that go backwards. */
export class UnorderedError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, 'SMC_UNORDERED');
  }
}

/** A matrix that must be invertible (or positive definite) is not. */
export class SingularMatrixError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, 'SMC_SINGULAR_MATRIX');
  }
}

/** The order book's update stream has a gap: rebuild it from a fresh snapshot. */
export class ResyncRequiredError extends SmcError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMC_RESYNC_REQUIRED', message, options);
  }
}

/** The best bid is at or above the best ask. */
export class CrossedBookError extends SmcError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMC_CROSSED_BOOK', message, options);
  }
}

/** The operation is not valid in the object's current state (an order after completion). */
export class InvalidStateError extends SmcError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMC_INVALID_STATE', message, options);
  }
}

/** A reference to something that does not exist (an unknown venue or order id). */
export class NotFoundError extends SmcError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMC_NOT_FOUND', message, options);
  }
}

/**
 * A configuration file or object that fails its schema. The message names every offending key
 * (`kafka.brokers[0]: ...`); {@link ConfigError.issues} lists them one by one.
 */
export class ConfigError extends InvalidInputError {
  /** One entry per problem: the dotted key path and what is wrong with it. */
  readonly issues: readonly { key: string; problem: string }[];

  constructor(message: string, options?: { cause?: unknown; issues?: readonly { key: string; problem: string }[] }) {
    super(message, options, 'SMC_INVALID_CONFIG');
    this.issues = options?.issues ?? [];
  }
}

/**
 * An external service (Kafka, Redis, PostgreSQL) did not answer in time or refused the request.
 * The pipeline degrades (memory cache, spill file) rather than failing when it sees this.
 */
export class UnavailableError extends SmcError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMC_UNAVAILABLE', message, options);
  }
}

/** A bug in smc-engine, such as a caught panic in the core. Please report it. */
export class InternalError extends SmcError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SMC_INTERNAL', message, options);
  }
}

type ErrorClass = new (message: string, options?: { cause?: unknown }) => SmcError;

const BY_CODE: Record<SmcErrorCode, ErrorClass> = {
  SMC_INVALID_INPUT: InvalidInputError,
  SMC_EMPTY_INPUT: EmptyInputError,
  SMC_NON_FINITE: NonFiniteError,
  SMC_LENGTH_MISMATCH: LengthMismatchError,
  SMC_OUT_OF_RANGE: OutOfRangeError,
  SMC_UNORDERED: UnorderedError,
  SMC_RESYNC_REQUIRED: ResyncRequiredError,
  SMC_CROSSED_BOOK: CrossedBookError,
  SMC_SINGULAR_MATRIX: SingularMatrixError,
  SMC_INVALID_STATE: InvalidStateError,
  SMC_NOT_FOUND: NotFoundError,
  SMC_INVALID_CONFIG: ConfigError,
  SMC_UNAVAILABLE: UnavailableError,
  SMC_INTERNAL: InternalError,
};

/** Status codes napi-rs gives argument conversion failures (a number where a typed array is due). */
const NAPI_ARGUMENT_CODES = new Set([
  'InvalidArg',
  'ObjectExpected',
  'StringExpected',
  'NameExpected',
  'FunctionExpected',
  'NumberExpected',
  'BooleanExpected',
  'ArrayExpected',
  'BigintExpected',
  'DateExpected',
  'ArrayBufferExpected',
]);

function isCode(code: unknown): code is SmcErrorCode {
  return typeof code === 'string' && Object.hasOwn(BY_CODE, code);
}

/**
 * Converts an error thrown by the native binding into its typed form. Errors that did not come
 * from the binding are returned unchanged.
 */
export function fromNative(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof SmcError) return err;
  const code = (err as { code?: unknown }).code;
  if (isCode(code)) return new BY_CODE[code](err.message, { cause: err });
  if (typeof code === 'string' && NAPI_ARGUMENT_CODES.has(code)) {
    return new InvalidInputError(`invalid argument: ${err.message}`, { cause: err });
  }
  return err;
}

/** Runs a native call, rethrowing its errors in typed form. */
export function callNative<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fromNative(err);
  }
}
