// A client that hangs up while sending its body: at the socket, through the
// real Node server. That is the client's doing, not a database outage.
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import userCreate from '../../functions/user-create.ts';
import { createGateway } from '../emulator/gateway.ts';
import { captureLog, type LogCapture } from '../testing/capture-log.ts';

let server: Server | undefined;
let capture: LogCapture | undefined;

afterEach(async () => {
  capture?.restore();
  const closing = server;
  server = undefined;
  if (closing !== undefined) await new Promise((resolve) => { closing.close(resolve); });
});

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const started = serve({ fetch: createGateway([userCreate]), hostname: '127.0.0.1', port: 0 }, () => { resolve(started); }) as Server;
  });
}

describe('a client that disconnects in the middle of its body', () => {
  it('is logged quietly as aborted, never as the database being unavailable or as a 503', async () => {
    capture = captureLog();
    server = await listen();
    const { port } = server.address() as AddressInfo;
    const received = new Promise<void>((resolve) => server?.once('request', () => { resolve(); }));
    const socket = connect(port, '127.0.0.1');
    socket.write(
      'POST /api/user/create/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email": "half@example.com", ',
    );
    await received;
    socket.destroy();

    const lines = capture.lines;
    await vi.waitFor(() => { expect(lines.some(({ msg }) => msg === 'request')).toBe(true); });
    expect(lines.filter(({ msg }) => msg === 'database unavailable')).toEqual([]);
    expect(lines.filter(({ level }) => level === 'warn' || level === 'error')).toEqual([]);
    expect(lines.find(({ msg }) => msg === 'request aborted')).toMatchObject({ level: 'info', method: 'POST', path: '/api/user/create/' });
    expect(lines.find(({ msg }) => msg === 'request')?.status).toBe(499);
  });
});
