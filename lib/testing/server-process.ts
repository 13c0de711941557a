// Runs the emulator (lib/emulator/server.ts) as a child process against the test
// file's database, for tests of what only a real process shows: start-up,
// signals, sockets.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { projectRoot } from '../config.ts';
import { databaseUrl } from '../database/pool.ts';
import { freePort } from './test-postgres.ts';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Every line written so far to stdout and stderr. */
  readonly output: string[];
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  waitForLine(pattern: RegExp): Promise<string>;
}

/**
 * `detached`: the server leads a process group of its own, as in a terminal (Ctrl+C signals the group).
 * `untilListening: false`: resolves once the process runs, not once it listens.
 */
export async function startServerProcess(env: Record<string, string> = {}, { detached = false, untilListening = true } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['lib/emulator/server.ts'], {
    cwd: projectRoot,
    detached,
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl(), PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const exited = once(child, 'exit').then(([code]) => code as number | null);

  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        for (const waiter of waiters) {
          if (waiter.pattern.test(line)) {
            waiters.delete(waiter);
            waiter.resolve(line);
          }
        }
      }
    });
  }

  const waitForLine = (pattern: RegExp) => {
    const seen = output.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      waiters.add({ pattern, resolve });
      void exited.then((code) => { reject(new Error(`server exited (${code}) before printing ${pattern}:\n${output.join('\n')}`)); });
    });
  };

  const server = { child, baseUrl: `http://127.0.0.1:${port}`, output, exited, waitForLine };
  if (untilListening) await waitForLine(/"msg":"listening"/);
  return server;
}
