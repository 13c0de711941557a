// A graceful stop, seen from the sockets: what was received completes, idle
// kept-alive connections close, new ones are refused, the process exits.
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { closed, openSocket } from '../testing/sockets.ts';

let server: ServerProcess | undefined;
afterEach(() => {
  server?.child.kill('SIGKILL');
  server = undefined;
});

async function until(condition: () => boolean, socket: Socket): Promise<void> {
  while (!condition()) await once(socket, 'data');
}

// A connection made just as the listening socket closes may complete in the
// kernel and then be reset; either way it is refused, never served.
async function answerToNewConnection(port: number): Promise<string> {
  const socket = await openSocket(port).catch(() => null);
  if (socket === null) return 'refused';
  socket.write('GET /api/health-check/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await closed(socket);
  return socket.received() === '' ? 'refused' : socket.received();
}

const portOf = (s: ServerProcess) => Number(new URL(s.baseUrl).port);
const body = JSON.stringify({ email: 'late@example.com', password: 'latepass1', name: 'Late' });
const postHeaders = `POST /api/user/create/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;

describe('stopping under load', () => {
  it('finishes a request already received, closes idle kept-alive connections and refuses new ones', async () => {
    server = await startServerProcess({ SHUTDOWN_GRACE_SECONDS: '600' });
    const port = portOf(server);

    const idle = await openSocket(port);
    idle.write('GET /api/health-check/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => idle.received().includes('{"healthy":true}'), idle);

    // Headers and half the body are in when the signal comes.
    const inFlight = await openSocket(port);
    inFlight.write(postHeaders + body.slice(0, 10));
    server.child.kill('SIGTERM');
    await server.waitForLine(/"msg":"shutting down"/);

    await closed(idle);
    expect(await answerToNewConnection(port)).toBe('refused');

    inFlight.write(body.slice(10));
    await closed(inFlight);
    expect(inFlight.received()).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
    expect(inFlight.received().toLowerCase()).toContain('connection: close');
    expect(inFlight.received()).toContain('"email":"late@example.com"');

    expect(await server.exited).toBe(0);
    expect(server.output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it('cuts a request that outlasts the grace period, and still exits cleanly', async () => {
    server = await startServerProcess({ SHUTDOWN_GRACE_SECONDS: '0.2' });
    const stalled = await openSocket(portOf(server));
    stalled.write(postHeaders + body.slice(0, 10)); // and never the rest
    server.child.kill('SIGTERM');
    await closed(stalled);
    expect(await server.exited).toBe(0);
  });
});
