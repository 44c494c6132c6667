import { defineConfig } from 'vitest/config';

// GLAMIFY_CANARY runs only the canary, a test that must fail: CI checks that
// it makes the run exit non-zero, through this same config and global setup.
const canary = process.env.GLAMIFY_CANARY === '1';

export default defineConfig({
  test: {
    include: canary
      ? ['server/test/canary/*.canary.ts']
      : ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'server/test/**/*.test.ts', 'client/test/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
