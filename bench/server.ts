// The API under test: one `node lib/emulator/server.ts` process on a free port,
// logging as `npm start` does (a line per request on stdout, into a pipe this
// process drains, as a container runtime's log collector would), ready once
// its health check answers 200, killed when disposed.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, projectRoot } from '../lib/config.ts';
import { freePort } from '../lib/testing/test-postgres.ts';
import { parsePooled, reportFlags } from './memory-report.ts';

export interface BenchServer extends AsyncDisposable {
  readonly baseUrl: string;
  /** The server's process (it serves in-process: WEB_CONCURRENCY is not passed on), for its memory. */
  readonly pid: number;
  /** What the server wrote to stderr (its warnings and errors), line by line. */
  readonly problems: readonly string[];
  /** How the server ended, if it has (it should not before it is disposed). */
  exitStatus(): string | null;
  /** Bytes of V8's pooled pages at its last collection (started with `memoryReport`); else null. */
  pooledHeapPages(): number | null;
}

/** Where `--cpu-prof` leaves the server's profiles (open them in Chrome's DevTools, Performance tab). */
export const profileDir = path.join(projectRoot, '.data', 'profiles');

/** Where a server started with `memoryReport` writes its diagnostic report on SIGUSR2 (memory-report.ts). */
export const reportDir = path.join(projectRoot, '.data', 'reports');

/** The flags a command line gives Node before `lib/emulator/server.ts` (npm start's, which the image's CMD runs). */
export function serverNodeFlags(commandLine: string): string[] {
  const match = /\bnode((?: --[^\s]+)*) lib\/emulator\/server\.ts\b/.exec(commandLine);
  if (match === null) throw new Error(`no "node … lib/emulator/server.ts" in: ${commandLine}`);
  return (match[1] ?? '').trim().split(' ').filter(Boolean);
}

/** How the server under test logs, for the bench's output. */
export const serverLogging = `ours logs at LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info (npm start\'s default: a line per request)'} to a pipe the bench drains; the baseline logs nothing`;

/** The API's entry; `npm run bench -- --baseline` starts bench/baseline/server.ts the same way beside it. */
export const apiEntry = 'lib/emulator/server.ts';
export const baselineEntry = 'bench/baseline/server.ts';

export async function startBenchServer(databaseUrl: string, signal: AbortSignal, options: { cpuProf: boolean; perfMap?: boolean; memoryReport?: boolean; nodeFlags?: readonly string[]; entry?: string; env?: Readonly<Record<string, string>> }): Promise<BenchServer> {
  const port = await freePort();
  // The flags of `npm start`, so the figures are those of production.
  const packageJson = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const profiling = [
    ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    // /tmp/perf-<pid>.map, where perf looks for the names of JIT-compiled code; V8's
    // log, which comes with it, goes to the ignored stdout instead of a file here.
    ...(options.perfMap === true ? ['--perf-basic-prof-only-functions', '--no-logfile-per-isolate', '--logfile=-'] : []),
    ...(options.memoryReport === true ? reportFlags(reportDir) : []),
    ...(options.nodeFlags ?? []),
  ];
  if (options.memoryReport === true) await mkdir(reportDir, { recursive: true });
  const child = spawn(process.execPath, [...serverNodeFlags(packageJson.scripts.start), ...profiling, options.entry ?? apiEntry], {
    cwd: projectRoot,
    // WEB_CONCURRENCY and DB_POOL_SIZE pass through, to measure other settings too.
    env: {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      // npm start's level unless the bench is given one (LOG_LEVEL=warn: without the request lines).
      ...(process.env.LOG_LEVEL === undefined ? {} : { LOG_LEVEL: process.env.LOG_LEVEL }),
      WEB_CONCURRENCY: String(loadConfig().webConcurrency),
      DB_POOL_SIZE: String(loadConfig().databasePoolSize),
      // The allocators' settings pass through, to measure their effect on memory: glibc's
      // (MALLOC_ARENA_MAX…, GLIBC_TUNABLES) and mimalloc's (MIMALLOC_…, Argon2's native module).
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(MALLOC_|MIMALLOC_|GLIBC_TUNABLES$)/.test(name))),
      // A test's own settings (its media folder, say).
      ...options.env,
    },
    // stdout carries a line per request (drained below) and, with memoryReport, --trace-gc's lines.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // once() rejects with the reason should the spawn fail; after it the pid is known.
  await once(child, 'spawn');
  const { pid } = child;
  if (pid === undefined) throw new Error('the server process has no pid');
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  // Whatever ends this process (an exception, process.exit), the server goes too.
  const killOnExit = () => { child.kill('SIGKILL'); };
  process.once('exit', killOnExit);

  let pooled: number | null = null;
  if (options.memoryReport === true) {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      // A line cut between two chunks matches in neither, so it is skipped, never misread.
      for (const line of chunk.split('\n')) pooled = parsePooled(line) ?? pooled;
    });
  } else {
    child.stdout.resume(); // read and dropped: a full pipe would stall the server
  }

  const problems: string[] = [];
  let pending = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    // Node's own lines as it writes a diagnostic report (memory-report.ts) are not problems.
    problems.push(...lines.filter((line) => line !== '' && !/^(Writing Node\.js report to file|Node\.js report completed)/.test(line)));
  });

  const server: BenchServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    pid,
    problems,
    pooledHeapPages: () => pooled,
    exitStatus: () => (child.exitCode !== null ? `exit code ${child.exitCode}` : child.signalCode !== null ? `signal ${child.signalCode}` : null),
    [Symbol.asyncDispose]: async () => {
      process.removeListener('exit', killOnExit);
      await stop(child, exited);
    },
  };
  try {
    await waitUntilHealthy(server.baseUrl, exited, problems, signal);
  } catch (error) {
    await server[Symbol.asyncDispose]();
    throw error;
  }
  return server;
}

async function waitUntilHealthy(baseUrl: string, exited: Promise<number | null>, problems: readonly string[], signal: AbortSignal): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => { exitCode = code; });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}) before it was ready:\n${problems.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready after 60 s:\n${problems.join('\n')}`);
    try {
      const response = await fetch(`${baseUrl}/api/health-check/`, { signal });
      if (response.ok) return;
      await response.body?.cancel();
    } catch {
      signal.throwIfAborted(); // else: not listening yet, migrations still running
    }
    await sleep(100, undefined, { signal });
  }
}

// SIGTERM lets the server finish in-flight requests and close its pool; a
// server still there after 15 s is killed.
async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => { child.kill('SIGKILL'); }, 15_000);
  await exited;
  clearTimeout(timer);
}
