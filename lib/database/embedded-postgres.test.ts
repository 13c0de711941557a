import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../config.ts';
import { isClusterRunning, startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres.ts';
import { captureLog } from '../testing/capture-log.ts';
import { freePort } from '../testing/test-postgres.ts';
import { makeTempFolder } from '../testing/temp-folder.ts';

async function connectError(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
const answers = async (url: string) => (await connectError(url)) === null;

// A second process (npm run migrate, createsuperuser) while the server runs:
// it stops (leaves) when it reads a line, or is killed.
function startInChild(dataDir: string, port: number) {
  const script = `
    const { startEmbeddedPostgres } = await import('./lib/database/embedded-postgres.ts');
    const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, database: 'postgres' });
    console.log(server.url);
    process.stdin.once('data', async () => { await server.stop(); process.exit(0); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  const url = new Promise<string>((resolve) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('postgres://'));
      if (line !== undefined) resolve(line);
    });
  });
  const leave = async () => {
    child.stdin.write('stop\n');
    const [code] = (await once(child, 'exit')) as [number];
    return code;
  };
  return { child, url, leave };
}

const statFields = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state, ppid, pgrp, session, …
};
const postmasterPid = (dataDir: string) => Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

describe('startEmbeddedPostgres', () => {
  let folder = '';
  let dataDir = '';
  let running: RunningPostgres | undefined;

  beforeAll(async () => {
    folder = await makeTempFolder('pg-');
    await chmod(folder, 0o755); // run by root, PostgreSQL runs as "postgres", who must reach its folder
    dataDir = path.join(folder, 'cluster');
  });
  afterAll(async () => {
    await running?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('gives a new cluster a password of its own, in a file only its owner reads, and leaves no other copy', { timeout: 60_000 }, async () => {
    running = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    const file = path.join(dataDir, 'recipe-password');
    const password = readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[\w-]{32}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(decodeURIComponent(new URL(running.url).password)).toBe(password);
    expect(await answers(running.url)).toBe(true);
    const withOldDefault = new URL(running.url);
    withOldDefault.password = 'postgres';
    expect(await connectError(withOldDefault.toString())).toBe('28P01');
    // initdb's password file is not left beside the cluster (it never goes to /tmp: we make it ourselves).
    expect(readdirSync(folder)).toEqual(['cluster']);
  });

  it('runs PostgreSQL in a process group and session of its own, so Ctrl+C in our terminal does not reach it', () => {
    const pid = postmasterPid(dataDir);
    const [, , pgrp, session] = statFields(pid);
    expect(Number(pgrp)).toBe(pid);
    expect(Number(session)).toBe(pid);
    expect(Number(pgrp)).not.toBe(Number(statFields(process.pid)[2]));
  });

  it('shares a cluster another live process of ours runs, on its port, and leaves it running', async () => {
    const other = startInChild(dataDir, await freePort());
    expect(new URL(await other.url).port).toBe(new URL(running?.url ?? '').port);
    expect(await other.leave()).toBe(0);
    expect(await answers(running?.url ?? '')).toBe(true);
  });

  it('keeps the cluster for the processes still using it; the last one to leave stops it', async () => {
    const other = startInChild(dataDir, await freePort());
    const url = await other.url;
    await running?.stop(); // the one that started it leaves first
    running = undefined;
    expect(await answers(url)).toBe(true);
    expect(await other.leave()).toBe(0);
    expect(isClusterRunning(dataDir)).toBe(false);
  });

  it('stops a cluster orphaned by a killed run, and starts its own', async () => {
    const dying = startInChild(dataDir, await freePort());
    const orphanUrl = await dying.url;
    dying.child.kill('SIGKILL');
    await once(dying.child, 'exit');
    expect(isClusterRunning(dataDir)).toBe(true); // the postmaster outlived its parent

    running = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    expect(await answers(running.url)).toBe(true);
    expect(await answers(orphanUrl)).toBe(false);
  });

  it('waits for a postmaster that is still starting instead of stopping it as an orphan', async () => {
    // A postmaster another process of ours is starting: postmaster.pid says
    // "starting", and no process has registered (yet).
    const starting = path.join(folder, 'starting');
    await mkdir(starting);
    const postmaster = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
    await writeFile(path.join(starting, 'postmaster.pid'), `${postmaster.pid}\n${starting}\n0\n${await freePort()}\n\n127.0.0.1\n0 0\nstarting\n`);
    const holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const capture = captureLog();
    try {
      // Its port is taken, so that once the other postmaster is gone this start fails at once.
      const start = startEmbeddedPostgres({ dataDir: starting, port: (holder.address() as AddressInfo).port, database: 'postgres' }).then(
        () => 'started',
        (error: unknown) => String(error),
      );
      await vi.waitFor(() => { expect(capture.lines.map(({ msg }) => msg)).toContain('waiting for the embedded PostgreSQL that is starting'); });
      expect([postmaster.exitCode, postmaster.signalCode]).toEqual([null, null]); // not stopped
      postmaster.kill('SIGKILL');
      expect(await start).toMatch(/EMBEDDED_PG_PORT \d+ is already in use/);
      expect(postmaster.signalCode).toBe('SIGKILL');
    } finally {
      capture.restore();
      postmaster.kill('SIGKILL');
      holder.close();
    }
  });

  it('gives a cluster made with the old fixed password one of its own at its next start', async () => {
    const client = new pg.Client({ connectionString: running?.url });
    await client.connect();
    await client.query("alter role postgres password 'postgres'");
    await client.end();
    await rm(path.join(dataDir, 'recipe-password'));
    await running?.stop();

    running = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    const password = readFileSync(path.join(dataDir, 'recipe-password'), 'utf8').trim();
    expect(password).not.toBe('postgres');
    expect(await answers(running.url)).toBe(true);
    const withOldDefault = new URL(running.url);
    withOldDefault.password = 'postgres';
    expect(await connectError(withOldDefault.toString())).toBe('28P01');
  });
});
