// Graceful stop for a Node HTTP server: refuse new connections, let every
// request already received finish, close keep-alive connections as soon as
// they fall idle, and cut whatever is left when the grace period ends.
import type { Server, ServerResponse } from 'node:http';

export interface InFlight {
  /** Resolves once the server is closed: every request done, or the grace period over. */
  drain(graceMs: number): Promise<void>;
}

export function trackInFlight(server: Server): InFlight {
  const responses = new Set<ServerResponse>();
  let draining = false;

  // One listener for every response ('close' comes once; `this` is the
  // response), not a closure made per request.
  function onResponseClose(this: ServerResponse): void {
    responses.delete(this);
    if (draining) server.closeIdleConnections();
  }
  server.on('request', (_request, response: ServerResponse) => {
    // A request that arrives on a kept-alive connection while draining is
    // served, but told that the connection closes after it.
    if (draining) response.setHeader('Connection', 'close');
    responses.add(response);
    response.on('close', onResponseClose);
  });

  return {
    drain(graceMs) {
      draining = true;
      for (const response of responses) {
        if (!response.headersSent) response.setHeader('Connection', 'close');
      }
      const closed = new Promise<void>((resolve) => server.close(() => { resolve(); }));
      server.closeIdleConnections();
      const timer = setTimeout(() => { server.closeAllConnections(); }, graceMs);
      return closed.finally(() => { clearTimeout(timer); });
    },
  };
}
