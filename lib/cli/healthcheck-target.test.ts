import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../config.ts';
import { healthCheckTarget } from './healthcheck-target.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';

describe('healthCheckTarget', () => {
  it('asks on the loopback when the server listens on every address', () => {
    expect(healthCheckTarget({ host: '0.0.0.0', port: 8000, allowedHosts: ['localhost'] })).toEqual({ address: '127.0.0.1', port: 8000, hostHeader: 'localhost' });
    expect(healthCheckTarget({ host: '::', port: 8000, allowedHosts: ['localhost'] }).address).toBe('127.0.0.1');
    expect(healthCheckTarget({ host: '10.0.0.5', port: 9000, allowedHosts: ['localhost'] }).address).toBe('10.0.0.5');
  });

  it('sends a Host header that ALLOWED_HOSTS accepts', () => {
    const target = (allowedHosts: string[]) => healthCheckTarget({ host: '0.0.0.0', port: 8000, allowedHosts }).hostHeader;
    expect(target(['api.example.com', 'other.example.com'])).toBe('api.example.com');
    expect(target(['.example.com'])).toBe('example.com');
    expect(target(['*'])).toBe('localhost');
  });
});

let server: ServerProcess | undefined;
afterEach(() => {
  server?.child.kill('SIGKILL');
  server = undefined;
});

/** Runs `node lib/cli/healthcheck.ts` with `env`; its exit code and stderr. */
async function runHealthcheck(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, ['lib/cli/healthcheck.ts'], { cwd: projectRoot, env: { PATH: process.env.PATH, SECRET_KEY: 'k'.repeat(40), ...env } });
    return { code: 0, stderr: '' };
  } catch (error) {
    const { code, stderr } = error as { code: number; stderr: string };
    return { code, stderr };
  }
}

describe('lib/cli/healthcheck.ts (the image\'s HEALTHCHECK)', () => {
  it('exits 0 while the server answers, even when ALLOWED_HOSTS does not list 127.0.0.1, and 1 once it is gone', async () => {
    const env = { HOST: '0.0.0.0', ALLOWED_HOSTS: 'api.example.com' };
    server = await startServerProcess(env);
    const port = new URL(server.baseUrl).port;
    expect(await runHealthcheck({ ...env, PORT: port })).toEqual({ code: 0, stderr: '' });

    server.child.kill('SIGTERM');
    await server.exited;
    const after = await runHealthcheck({ ...env, PORT: port });
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/^unhealthy: http:\/\/127\.0\.0\.1:\d+\/api\/health-check\/ \(Host: api\.example\.com\): .*ECONNREFUSED/);
  });
});
