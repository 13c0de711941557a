// The client's address, for throttling: the socket's, or with TRUST_PROXY the
// one the proxy in front reports (the right-most X-Forwarded-For entry, the
// only one the proxy itself vouches for).
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { loadConfig } from '../config.ts';

export function clientAddress(c: Context): string {
  if (loadConfig().trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  // @hono/node-server passes the Node request as env.incoming; elsewhere
  // (a test's app.request, another runtime) there may be none.
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket.remoteAddress ?? 'unknown';
}
