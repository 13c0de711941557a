// Raw TCP clients for tests that must see what a server does at the socket:
// partial requests, resets, closes.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export type RecordingSocket = Socket & { received: () => string };

/** A connected socket that keeps everything it receives. */
export async function openSocket(port: number): Promise<RecordingSocket> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined); // a reset is an outcome the tests look at, not a crash
  await once(socket, 'connect');
  return Object.assign(socket, { received: () => received });
}

// 'close' whether the server ended the connection with a FIN or a reset
// (events.once would reject on the reset's 'error'), or at once if it has
// already closed (a server may close it before the line the test waits for
// reaches the test: the log writes its lines once per event-loop turn).
export function closed(socket: Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => { resolve(); }));
}

/** Resolves once what the socket has received matches the pattern. */
export function receivedMatching(socket: RecordingSocket, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!pattern.test(socket.received())) return;
      socket.off('data', check);
      resolve();
    };
    socket.on('data', check);
    check();
  });
}
