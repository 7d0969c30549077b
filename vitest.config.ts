import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // dist/ rebuilt when older than src/ (workers, the bin and the doc examples load it)
    globalSetup: ['test/global-setup.ts'],
  },
});
