// What an operator sees when the database or the machine is set up wrong:
// one line saying what to do, exit code 1, never a stack — from the server
// and from every CLI.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../config.ts';
import { checkDatabase } from '../database/server.ts';
import { databaseUrl } from '../database/pool.ts';
import { StartupError } from '../startup-error.ts';
import { freePort } from '../testing/test-postgres.ts';

function withUrl(change: (url: URL) => void): string {
  const url = new URL(databaseUrl());
  change(url);
  return url.toString();
}

let closedPort = 0;
beforeAll(async () => {
  closedPort = await freePort();
});

const cases = () => [
  ['nothing listens at the port', withUrl((u) => { u.hostname = '127.0.0.1'; u.port = String(closedPort); }), `nothing accepts connections at 127.0.0.1:${closedPort}: start PostgreSQL there, or fix the host and port in DATABASE_URL`],
  ['the password is wrong', withUrl((u) => { u.password = 'not-the-password'; }), 'refused user "'],
  ['the database does not exist', withUrl((u) => { u.pathname = '/no_such_database'; }), 'database "no_such_database" does not exist on '],
  ['the host does not resolve', withUrl((u) => { u.hostname = 'no-such-host.invalid'; }), 'the database host "no-such-host.invalid" does not resolve: fix the host in DATABASE_URL'],
] as const;

describe('checkDatabase', () => {
  it('explains in one line each way the configured database cannot be used', async () => {
    for (const [, url, message] of cases()) {
      const failure = await checkDatabase(url).then(() => null, (error: unknown) => error);
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as Error).message).toContain(message);
    }
  });
});

function run(entry: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [entry, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 60_000,
    // The server fails before it listens: the free port is never taken.
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', PORT: String(closedPort), ...env },
  });
}

const oneLine = (stderr: string) => {
  expect(stderr).toMatch(/^error: [^\n]+\n$/);
};

describe('the server and the CLIs, on a database they cannot use', () => {
  const entries = [
    ['npm start', 'lib/emulator/server.ts', []],
    ['npm run migrate', 'lib/cli/migrate.ts', []],
    ['npm run createsuperuser', 'lib/cli/createsuperuser.ts', ['--email', 'a@example.com', '--no-input']],
  ] as const;

  it('stop with one line and exit code 1', { timeout: 120_000 }, () => {
    for (const [name, entry, args] of entries) {
      for (const [problem, url, message] of cases()) {
        const child = run(entry, [...args], { DATABASE_URL: url, SUPERUSER_PASSWORD: 'adminpass1' });
        expect({ name, problem, status: child.status }).toEqual({ name, problem, status: 1 });
        oneLine(child.stderr);
        expect(child.stderr).toContain(message);
      }
    }
  });

  it('npm run wait-for-db stops at once, in one line, on what waiting cannot fix', () => {
    for (const [, url, message] of cases().slice(1, 3)) {
      const child = run('lib/cli/wait-for-db.ts', [], { DATABASE_URL: url });
      expect(child.status).toBe(1);
      oneLine(child.stderr);
      expect(child.stderr).toContain(message);
    }
  });
});
