// `npx vitest` too stops at once on a Node older than 24, in the line `npm start` prints.
import './lib/cli/check-node.js';
import { defineConfig } from 'vitest/config';

// Quiet unless something breaks; `LOG_LEVEL=info npm test` shows every line.
// Set here, in the main process, so the global setup and every worker see it.
process.env.LOG_LEVEL ??= 'error';

export default defineConfig({
  test: {
    include: ['functions/**/*.test.ts', 'lib/**/*.test.ts', 'db/**/*.test.ts'],
    globalSetup: ['lib/testing/global-setup.ts'],
    setupFiles: ['lib/testing/setup-database.ts'],
    // Starting PostgreSQL (a container's first pull, an embedded initdb) takes a while.
    hookTimeout: 120_000,
    testTimeout: 20_000,
  },
});
