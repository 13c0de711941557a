import { request as httpRequest, Agent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';

let server: ServerProcess | undefined;

afterEach(() => {
  server?.child.kill('SIGKILL');
  server = undefined;
});

function get(url: string, agent?: Agent): Promise<{ status: number; body: string }> {
  const { origin, pathname, search } = new URL(url);
  return getWithHeaders(origin, `${pathname}${search}`, agent).then(({ status, body }) => ({ status, body }));
}

// Given apart from the URL, node:http sends the path exactly as written, dot
// segments included (a whole URL would be resolved first).
function getWithHeaders(baseUrl: string, path: string, agent?: Agent): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    httpRequest({ hostname, port, path, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => { resolve({ status: response.statusCode ?? 0, body, headers: response.headers }); });
    }).on('error', reject).end();
  });
}

describe('the emulator process', () => {
  it('migrates, serves every function, and logs one line per request', async () => {
    server = await startServerProcess();
    expect(await get(`${server.baseUrl}/api/health-check/`)).toEqual({ status: 200, body: '{"healthy":true}' });
    expect((await get(`${server.baseUrl}/api/docs/`)).status).toBe(200);
    const line = JSON.parse(await server.waitForLine(/"path":"\/api\/docs\/"/)) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'request', method: 'GET', path: '/api/docs/', status: 200 });
    expect(line.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(line.duration_ms).toBeTypeOf('number');
  });

  it('answers exactly the declared paths, every answer with the security headers', async () => {
    server = await startServerProcess();
    const dotSegment = await getWithHeaders(server.baseUrl, '/api/recipe/recipes/%2e/');
    expect(dotSegment).toMatchObject({ status: 404, body: '{"detail":"Not found."}' });
    const security = {
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
    };
    const answers = await Promise.all(
      ['/api/recipe/recipes/%2e/', '/api/health-check/', '/api/docs/', '/api/schema/', '/admin/login/', '/static/admin/admin.css', '/api/health-check', '/nowhere']
        .map((path) => getWithHeaders(server?.baseUrl ?? '', path)),
    );
    expect(answers.map(({ status }) => status)).toEqual([404, 200, 200, 200, 200, 200, 301, 404]);
    for (const { headers } of answers) expect(headers).toMatchObject(security);
  });

  it('stops on SIGTERM: closes kept-alive connections, refuses new ones, exits 0', async () => {
    // A grace period longer than the test's timeout: only closing the idle
    // kept-alive connection at once lets the process exit in time.
    server = await startServerProcess({ SHUTDOWN_GRACE_SECONDS: '600' });
    const agent = new Agent({ keepAlive: true });
    expect((await get(`${server.baseUrl}/api/health-check/`, agent)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    await expect(get(`${server.baseUrl}/api/health-check/`)).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  it('serves from several worker processes with WEB_CONCURRENCY, and stops them all on SIGTERM', async () => {
    server = await startServerProcess({ WEB_CONCURRENCY: '2' });
    await server.waitForLine(/"msg":"listening".*"worker":1\b/);
    await server.waitForLine(/"msg":"listening".*"worker":2\b/);
    const responses = await Promise.all(Array.from({ length: 20 }, () => get(`${server?.baseUrl ?? ''}/api/health-check/`)));
    expect(responses.every(({ status }) => status === 200)).toBe(true);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output.filter((line) => line.includes('"msg":"shutting down"'))).toHaveLength(2);
    await expect(get(`${server.baseUrl}/api/health-check/`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses to start with a bad setting, naming it in one line', async () => {
    await expect(startServerProcess({ PORT: 'eighty' })).rejects.toThrow(/error: Invalid environment: PORT/);
  });

  it('refuses to start on a HOST that does not resolve, in one line without a stack', async () => {
    const failed = await startServerProcess({ HOST: 'no-such-host.invalid' }).then(() => null, (error: unknown) => String(error));
    expect(failed).toMatch(/\nerror: HOST "no-such-host.invalid" does not resolve to an address: set HOST to [^\n]*$/);
    expect(failed).not.toMatch(/\n\s+at /);
  });
});
