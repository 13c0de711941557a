// Graceful stop for a Node HTTP server: refuse new connections, let every
// request already received finish, close keep-alive connections as soon as
// they fall idle, and cut whatever is left when the grace period ends.
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface InFlight {
  /** Resolves once the server is closed: every request done, or the grace period over. */
  drain(graceMs: number): Promise<void>;
}

// How often a draining server closes the connections that have fallen idle
// (one whose answer was already on its way when the drain began).
const idleSweepMs = 100;

export function trackInFlight(server: Server): InFlight {
  // Connections, not requests: nothing to do per request while serving (a
  // listener and a set entry per response cost ~0.7 µs of a small answer's
  // ~16). A kept-alive connection carries many requests; at the drain, its
  // answer under way is Node's current message on it.
  const sockets = new Set<Socket>();
  function onSocketClose(this: Socket): void {
    sockets.delete(this);
  }
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', onSocketClose);
  });

  return {
    drain(graceMs) {
      // A request that arrives on a kept-alive connection while draining is
      // served, but told that the connection closes after it (Node then closes it).
      server.prependListener('request', (_request, response: ServerResponse) => {
        response.setHeader('Connection', 'close');
      });
      for (const socket of sockets) {
        const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
        if (response?.headersSent === false) response.setHeader('Connection', 'close');
      }
      const closed = new Promise<void>((resolve) => server.close(() => { resolve(); }));
      server.closeIdleConnections();
      // An answer whose head had gone out keep-alive leaves its connection idle when done.
      const sweep = setInterval(() => { server.closeIdleConnections(); }, idleSweepMs);
      const timer = setTimeout(() => { server.closeAllConnections(); }, graceMs);
      return closed.finally(() => {
        clearInterval(sweep);
        clearTimeout(timer);
      });
    },
  };
}
