import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Quiet unless something breaks; LOG_LEVEL=info npm test shows every line.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
    include: ['functions/**/*.test.ts', 'lib/**/*.test.ts', 'db/**/*.test.ts'],
    globalSetup: ['lib/testing/global-setup.ts'],
    setupFiles: ['lib/testing/setup-database.ts'],
    // Starting PostgreSQL (a container's first pull, an embedded initdb) takes a while.
    hookTimeout: 120_000,
    testTimeout: 20_000,
  },
});
