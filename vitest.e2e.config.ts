import { defineConfig } from 'vitest/config';

/** Browser end-to-end tests: Debian Chromium driven by playwright-core against the built web app. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
