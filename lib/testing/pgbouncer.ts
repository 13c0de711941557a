// A real PgBouncer (Debian's package) in transaction mode in front of the test
// PostgreSQL: what a deployed function talks to. Started and stopped by the
// test that needs it.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { loadConfig } from '../config.ts';
import { freePort } from './test-postgres.ts';
import { makeTempFolder } from './temp-folder.ts';


export interface RunningPgBouncer {
  /** `serverUrl` with PgBouncer's host and port in place of the server's. */
  readonly url: (serverUrl: string) => string;
  stop(): Promise<void>;
}

export async function startPgBouncer(serverUrl: string): Promise<RunningPgBouncer> {
  const { pgbouncerPath } = loadConfig();
  if (!existsSync(pgbouncerPath)) {
    throw new Error(`no PgBouncer at ${pgbouncerPath}: install Debian's package (apt-get install pgbouncer) or set PGBOUNCER_PATH`);
  }
  const server = new URL(serverUrl);
  const port = await freePort();
  const dir = await makeTempFolder('pgbouncer-');
  // Every database of the server, reached as the server's user; clients are not
  // asked for a password (auth_type any), which only 127.0.0.1 can reach.
  const target = `host=${server.hostname} port=${server.port || '5432'} user=${decodeURIComponent(server.username)} password=${decodeURIComponent(server.password)}`;
  await writeFile(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = ${target}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = any',
      'pool_mode = transaction',
      // Few server connections for many clients: consecutive transactions of
      // one client land on different server connections, as in production.
      'default_pool_size = 4',
      'max_client_conn = 500',
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root; the postgres user (the embedded
  // cluster's) runs it then, and must be able to read its folder.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chmod(dir, 0o755);
  const child = spawn(pgbouncerPath, [...(asRoot ? ['-u', 'postgres'] : []), path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = once(child, 'exit');
  await waitForPort(port, child, () => output);
  return {
    url: (url) => {
      const next = new URL(url);
      next.hostname = '127.0.0.1';
      next.port = String(port);
      return next.toString();
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Ready when it accepts a connection; an exit before that is a failure with its log.
async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${String(child.exitCode)}: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => { resolve(false); });
    });
    if (open) return;
    await delay(20);
  }
}
