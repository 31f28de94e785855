import { describe, expect, it } from 'vitest';

import { sharedDataAvailable } from './paths.js';

describe('sharedDataAvailable', () => {
  const missing = 'no-such-dir/no-such-file.csv';

  it('skips a missing file with a message by default', () => {
    expect(sharedDataAvailable(missing, 'paths test', false)).toBe(false);
  });

  it('throws for a missing file when data is required (SMC_REQUIRE_DATA=1)', () => {
    expect(() => sharedDataAvailable(missing, 'paths test', true)).toThrow(/SMC_REQUIRE_DATA=1/);
  });
});
