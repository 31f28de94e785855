import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['ts/test/**/*.test.ts'],
    // The native addon is loaded once per process; forks isolate it better than worker threads.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
