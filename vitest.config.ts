// `npx vitest` too stops at once on a Node older than 24, in the line `npm start` prints.
import './lib/cli/check-node.js';
import { defineConfig } from 'vitest/config';

// Quiet unless something breaks; `LOG_LEVEL=info npm test` shows every line.
// Set here, in the main process, so the global setup and every worker see it.
process.env.LOG_LEVEL ??= 'error';

const allTests = ['functions/**/*.test.ts', 'lib/**/*.test.ts', 'db/**/*.test.ts', 'bench/**/*.test.ts'];
// The tests of stored images run a second time with the media in a bucket on
// the test S3 server (s3rver) instead of the local folder.
const mediaTests = [
  'functions/recipe-upload-image.test.ts',
  'functions/static-media.test.ts',
  'functions/admin-recipes.test.ts',
  'functions/admin-recipes-form.test.ts',
  'functions/admin-users.test.ts',
];

export default defineConfig({
  test: {
    // Runs once for both projects: one PostgreSQL and one S3 server per run.
    globalSetup: ['lib/testing/global-setup.ts'],
    setupFiles: ['lib/testing/setup-database.ts'],
    // Starting PostgreSQL (a container's first pull, an embedded initdb) takes a while.
    hookTimeout: 120_000,
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'folder', include: allTests, provide: { mediaStore: 'folder' } } },
      { extends: true, test: { name: 's3', include: mediaTests, provide: { mediaStore: 's3' } } },
    ],
  },
});
