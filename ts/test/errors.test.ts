import { describe, expect, it } from 'vitest';

import * as sdk from '../src/index.js';
import { fromNative, type SmcErrorCode } from '../src/errors.js';
import { native } from '../src/native.js';

const EXPECTED: Record<SmcErrorCode, new (message: string) => sdk.SmcError> = {
  SMC_INVALID_INPUT: sdk.InvalidInputError,
  SMC_EMPTY_INPUT: sdk.EmptyInputError,
  SMC_NON_FINITE: sdk.NonFiniteError,
  SMC_LENGTH_MISMATCH: sdk.LengthMismatchError,
  SMC_OUT_OF_RANGE: sdk.OutOfRangeError,
  SMC_UNORDERED: sdk.UnorderedError,
  SMC_RESYNC_REQUIRED: sdk.ResyncRequiredError,
  SMC_CROSSED_BOOK: sdk.CrossedBookError,
  SMC_SINGULAR_MATRIX: sdk.SingularMatrixError,
  SMC_INVALID_STATE: sdk.InvalidStateError,
  SMC_NOT_FOUND: sdk.NotFoundError,
  SMC_INVALID_CONFIG: sdk.ConfigError,
  SMC_UNAVAILABLE: sdk.UnavailableError,
  SMC_INTERNAL: sdk.InternalError,
};

describe('error model', () => {
  it('maps every core code to its SmcError subclass, keeping code, message and cause', () => {
    for (const [code, cls] of Object.entries(EXPECTED)) {
      const raw = Object.assign(new Error(`boom ${code}`), { code });
      const typed = fromNative(raw);
      expect(typed).toBeInstanceOf(cls);
      expect(typed).toBeInstanceOf(sdk.SmcError);
      expect((typed as sdk.SmcError).code).toBe(code);
      expect((typed as sdk.SmcError).message).toBe(`boom ${code}`);
      expect((typed as sdk.SmcError).cause).toBe(raw);
      expect((typed as sdk.SmcError).name).toBe(cls.name);
    }
  });

  it('groups input errors under InvalidInputError', () => {
    for (const cls of [sdk.EmptyInputError, sdk.NonFiniteError, sdk.LengthMismatchError, sdk.OutOfRangeError]) {
      expect(new cls('x')).toBeInstanceOf(sdk.InvalidInputError);
    }
    expect(new sdk.ResyncRequiredError('x')).not.toBeInstanceOf(sdk.InvalidInputError);
  });

  it('leaves foreign errors untouched', () => {
    const plain = new TypeError('not ours');
    expect(fromNative(plain)).toBe(plain);
    expect(fromNative('a string')).toBe('a string');
  });

  it('turns a panic in the core into SMC_INTERNAL instead of aborting the process', () => {
    let caught: unknown;
    try {
      native.__smcTestPanic();
    } catch (err) {
      caught = fromNative(err);
    }
    expect(caught).toBeInstanceOf(sdk.InternalError);
    expect((caught as sdk.SmcError).message).toContain('deliberate panic');
    // The addon still works after the panic.
    expect(sdk.risk.quantile(new Float64Array([1, 2, 3]), 0.5)).toBe(2);
  });
});
