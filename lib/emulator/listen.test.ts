// Slow clients, at the socket: a server with short limits cuts a client that
// never finishes its headers, or its body, with a 408 — at the limits it was
// given, and without waiting for Node's default 30 s connection check (with
// it, no 408 would come within these tests' 10 s).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createFunctionApp, defineRoute } from '../http/app.ts';
import { createGateway } from './gateway.ts';
import { listen, slowClientLimits } from './listen.ts';
import { StartupError } from '../startup-error.ts';
import { closed, openSocket } from '../testing/sockets.ts';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

// A handler that reads the whole body, as every function that takes one does.
const readingHandler = async (request: Request) => new Response(`read ${(await request.text()).length}`);

// What Node's server was set up with.
const settings = (running: Server | undefined) => ({
  headersTimeout: running?.headersTimeout,
  requestTimeout: running?.requestTimeout,
  connectionsCheckingInterval: (running as unknown as { connectionsCheckingInterval: number } | undefined)?.connectionsCheckingInterval,
});

async function start(headersTimeoutMs: number, requestTimeoutMs: number): Promise<number> {
  server = await listen(readingHandler, { host: '127.0.0.1', port: 0, headersTimeoutMs, requestTimeoutMs });
  return (server.address() as AddressInfo).port;
}

describe('slowClientLimits', () => {
  it('checks connections often enough that no limit is overrun', () => {
    // The defaults: 10 s for the headers, 60 s for the request.
    expect(slowClientLimits({ headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 })).toEqual({
      headersTimeout: 9000,
      requestTimeout: 59_000,
      connectionsCheckingInterval: 1000,
    });
    for (const [headersTimeoutMs, requestTimeoutMs] of [[500, 1000], [3000, 3000], [120_000, 600_000]] as const) {
      const limits = slowClientLimits({ headersTimeoutMs, requestTimeoutMs });
      // Node cuts a connection at the first check after its timeout: at most one interval late.
      expect(limits.headersTimeout + limits.connectionsCheckingInterval).toBe(headersTimeoutMs);
      expect(limits.requestTimeout + limits.connectionsCheckingInterval).toBe(requestTimeoutMs);
      expect(limits.connectionsCheckingInterval).toBeLessThanOrEqual(Math.min(1000, headersTimeoutMs / 10));
    }
  });

  it('are the settings of the server listen() makes', async () => {
    await start(10_000, 60_000);
    expect(settings(server)).toEqual(slowClientLimits({ headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 }));
  });
});

describe('a slow client', () => {
  // Node cuts a stalled request at the first connection check after its
  // timeout: the server's settings say when (never before the limit, at most
  // one check late), the socket shows that it did.
  it('that never finishes its headers gets a 408 and the connection closes, at the headers limit', { timeout: 10_000 }, async () => {
    const socket = await openSocket(await start(500, 5000));
    expect(settings(server)).toEqual({ headersTimeout: 450, requestTimeout: 4950, connectionsCheckingInterval: 50 });
    socket.write('GET /api/health-check/ HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // and never the blank line
    await closed(socket);
    expect(socket.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('that never finishes its body gets a 408 and the connection closes, at the request limit', { timeout: 10_000 }, async () => {
    const socket = await openSocket(await start(200, 800));
    expect(settings(server)).toEqual({ headersTimeout: 180, requestTimeout: 780, connectionsCheckingInterval: 20 });
    socket.write('POST /api/user/create/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email"');
    await closed(socket);
    expect(socket.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it('that finishes in time is served', async () => {
    const socket = await openSocket(await start(500, 5000));
    socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    await closed(socket);
    expect(socket.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*read 5$/);
  });
});

describe('listen', () => {
  it('says in one line when HOST does not resolve', async () => {
    const listening = listen(readingHandler, { host: 'no-such-host.invalid', port: 0, headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 });
    await expect(listening).rejects.toThrow(StartupError);
    await expect(listening).rejects.toThrow(/^HOST "no-such-host.invalid" does not resolve to an address: set HOST/);
  });
});

describe('the general headers on the wire', () => {
  const ok = { 200: { description: 'ok' } };
  const app = createFunctionApp();
  defineRoute(app, { method: 'get', path: '/api/plain/', responses: ok }, (c) => c.json({ plain: true }));
  // As the admin's pages do: an answer may set one of the security headers itself.
  defineRoute(app, { method: 'get', path: '/api/framed/', responses: ok }, (c) => c.json({ framed: true }, 200, { 'X-Frame-Options': 'SAMEORIGIN' }));

  async function head(path: string, requestHeaders = ''): Promise<string[]> {
    server = await listen(createGateway([app]), { host: '127.0.0.1', port: 0, headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 });
    const socket = await openSocket((server.address() as AddressInfo).port);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${requestHeaders}Connection: close\r\n\r\n`);
    await closed(socket);
    return socket.received().split('\r\n\r\n')[0]?.split('\r\n').slice(1) ?? [];
  }

  it('are each written once, beside the answer\'s own', async () => {
    const lines = await head('/api/plain/', 'X-Request-Id: upstream-7\r\n');
    expect(lines).toEqual(expect.arrayContaining([
      'X-Request-Id: upstream-7',
      'X-Content-Type-Options: nosniff',
      'X-Frame-Options: DENY',
      'Referrer-Policy: same-origin',
      'Cross-Origin-Opener-Policy: same-origin',
      expect.stringMatching(/^Content-Type: application\/json/i),
      'Content-Length: 14',
    ]));
    const names = lines.map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('give way to a header of the same name the answer sets itself', async () => {
    const lines = await head('/api/framed/');
    const framing = lines.filter((line) => line.toLowerCase().startsWith('x-frame-options:'));
    expect(framing).toEqual([expect.stringMatching(/^x-frame-options: SAMEORIGIN$/i)]);
    expect(lines).toContain('X-Content-Type-Options: nosniff');
  });
});
