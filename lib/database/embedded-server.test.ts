// The server and the CLIs on the embedded cluster, as processes: Ctrl+C (a
// SIGINT to the whole process group) lets in-flight requests finish on a
// database that is still there; the CLIs and a second server use the running
// cluster, on its real port; the last one to stop stops the cluster.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../config.ts';
import { isClusterRunning } from './embedded-postgres.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { closed, openSocket, receivedMatching } from '../testing/sockets.ts';
import { freePort } from '../testing/test-postgres.ts';
import { makeTempFolder } from '../testing/temp-folder.ts';

let folder = '';
let dataDir = '';
const servers: ServerProcess[] = [];

beforeAll(async () => {
  folder = await makeTempFolder('embedded-server-');
  await chmod(folder, 0o755); // run by root, PostgreSQL runs as "postgres", who must reach its folder
  dataDir = path.join(folder, 'postgres');
});
afterEach(() => {
  for (const server of servers.splice(0)) server.child.kill('SIGKILL');
});
afterAll(async () => {
  // A failed test may leave the cluster running: the next start stops it as an orphan; here, by hand.
  spawnSync('sh', ['-c', `test -f ${dataDir}/postmaster.pid && kill -INT $(head -1 ${dataDir}/postmaster.pid)`]);
  await rm(folder, { recursive: true, force: true });
});

// No DATABASE_URL: the embedded cluster in our folder.
const embedded = async (pgPort?: number) => ({
  DATABASE_URL: '',
  EMBEDDED_PG_DATA: dataDir,
  EMBEDDED_PG_PORT: String(pgPort ?? (await freePort())),
  MEDIA_ROOT: path.join(folder, 'media'),
});

async function startServer(env: Record<string, string>, options = {}): Promise<ServerProcess> {
  const server = await startServerProcess(env, options);
  servers.push(server);
  return server;
}

async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  server.child.kill(signal);
  return server.exited;
}

function runCli(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [`lib/cli/${script}.ts`, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
  });
}

const signUp = (baseUrl: string, email: string) =>
  fetch(`${baseUrl}/api/user/create/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'a-long-secret', name: 'N' }),
  });

describe('Ctrl+C on the embedded database', () => {
  // The first test initialises the cluster (initdb): a few seconds more on a busy machine.
  it('reaches the server, not PostgreSQL: a request in flight completes, then the server stops the cluster', { timeout: 60_000 }, async () => {
    const server = await startServer(await embedded(), { detached: true });
    const body = JSON.stringify({ email: 'late@example.com', password: 'latepass1', name: 'Late' });
    const inFlight = await openSocket(Number(new URL(server.baseUrl).port));
    // Expect: 100-continue makes the server say when it has parsed the
    // request: from then on it is in flight, not an idle connection to close.
    inFlight.write(`POST /api/user/create/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    await receivedMatching(inFlight, /^HTTP\/1\.1 100 Continue\r\n\r\n/);

    process.kill(-(server.child.pid ?? 0), 'SIGINT'); // what a terminal does on Ctrl+C
    await server.waitForLine(/"msg":"shutting down"/);
    inFlight.write(body.slice(10));
    await closed(inFlight);

    expect(inFlight.received()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 Created\r\n/);
    expect(await server.exited).toBe(0);
    expect(server.output.join('\n')).not.toMatch(/57P01|terminating connection|database unavailable/);
    expect(isClusterRunning(dataDir)).toBe(false);
  });
});

describe('Ctrl+C while the server starts the embedded database', () => {
  it('stops the cluster it started once it is up, instead of dying and leaving it running', { timeout: 60_000 }, async () => {
    const server = await startServer(await embedded(), { detached: true, untilListening: false });
    // The postmaster exists: the server is inside startDatabase, waiting for it to be ready.
    await vi.waitFor(() => { expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true); }, { timeout: 30_000, interval: 5 });
    process.kill(-(server.child.pid ?? 0), 'SIGINT');

    expect(await server.exited).toBe(0);
    expect(server.output.join('\n')).not.toMatch(/"msg":"listening"/);
    expect(isClusterRunning(dataDir)).toBe(false);
  });
});

describe('the CLIs while the server runs', () => {
  let holder: Server | undefined;
  afterEach(() => { holder?.close(); });

  it('use the running cluster on its real port, whatever EMBEDDED_PG_PORT says', { timeout: 60_000 }, async () => {
    const server = await startServer(await embedded());
    // EMBEDDED_PG_PORT names a port something else holds (another checkout's cluster, say).
    holder = createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const env = await embedded((holder.address() as { port: number }).port);

    const superuser = runCli('createsuperuser', ['--email', 'admin@example.com'], { ...env, SUPERUSER_PASSWORD: 'adminpass1' });
    expect(superuser.stderr).toBe('');
    expect(superuser.stdout).toContain('Superuser admin@example.com created successfully.\n');
    const migrate = runCli('migrate', ['status'], env);
    expect(migrate.stderr).toBe('');
    expect(migrate.stdout).toMatch(/^\[x\] 0001/m);
    const wait = runCli('wait-for-db', ['--timeout', '5'], env);
    expect(wait.stdout).toContain('Database available!');
    expect(wait.status).toBe(0);

    // The superuser is in the server's database, and the CLIs left the cluster running.
    const login = await fetch(`${server.baseUrl}/api/user/token/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'adminpass1' }),
    });
    expect(login.status).toBe(200);
    expect(await stopServer(server)).toBe(0);
    expect(isClusterRunning(dataDir)).toBe(false);
  });
});

describe('a second server on the same folder', () => {
  it('shares the running cluster, and keeps it when the first one stops', { timeout: 60_000 }, async () => {
    const first = await startServer(await embedded());
    const second = await startServer(await embedded());
    expect(second.output.join('\n')).toMatch(/"msg":"sharing the embedded PostgreSQL another process of this checkout runs"/);

    expect(await stopServer(first)).toBe(0);
    expect(first.output.join('\n')).toMatch(/"msg":"leaving the embedded PostgreSQL running for the other processes that use it"/);
    expect((await signUp(second.baseUrl, 'second@example.com')).status).toBe(201);

    expect(await stopServer(second)).toBe(0);
    expect(isClusterRunning(dataDir)).toBe(false);
  });
});
