// Slow clients, at the socket: a server with short limits cuts a client that
// never finishes its headers, or its body, with a 408 — never before its
// limit, and without waiting for Node's default 30 s connection check.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, slowClientLimits } from './listen.ts';
import { StartupError } from './startup-error.ts';
import { closed, openSocket } from './testing/sockets.ts';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

// A handler that reads the whole body, as every function that takes one does.
const readingHandler = async (request: Request) => new Response(`read ${(await request.text()).length}`);

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
    expect({
      headersTimeout: server?.headersTimeout,
      requestTimeout: server?.requestTimeout,
      connectionsCheckingInterval: (server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval,
    }).toEqual(slowClientLimits({ headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 }));
  });
});

describe('a slow client', () => {
  it('that never finishes its headers gets a 408 and the connection closes, not before the limit', async () => {
    const limits = slowClientLimits({ headersTimeoutMs: 500, requestTimeoutMs: 5000 });
    const socket = await openSocket(await start(500, 5000));
    const opened = performance.now();
    socket.write('GET /api/health-check/ HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // and never the blank line
    await closed(socket);
    expect(socket.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    // Timed from a moment after the server started counting: a check interval of slack.
    expect(performance.now() - opened).toBeGreaterThanOrEqual(limits.headersTimeout - limits.connectionsCheckingInterval);
  });

  it('that never finishes its body gets a 408 and the connection closes, not before the limit', async () => {
    const limits = slowClientLimits({ headersTimeoutMs: 200, requestTimeoutMs: 800 });
    const socket = await openSocket(await start(200, 800));
    const opened = performance.now();
    socket.write('POST /api/user/create/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email"');
    await closed(socket);
    expect(socket.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(performance.now() - opened).toBeGreaterThanOrEqual(limits.requestTimeout - limits.connectionsCheckingInterval);
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
