import { defineConfig } from 'vitest/config';

/** Unit tests: pure core, workers' kernels, main-process modules, CLI. Node environment. */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
