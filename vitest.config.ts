import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // End-to-end tests spawn the built binary; two cores, so keep the pool small.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    testTimeout: 60_000,
    // The default output, then the reliability case count per group (test/reliability/CASES.md).
    reporters: ['default', './test/reliability/reporter.ts'],
  },
});
