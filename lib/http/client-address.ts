// The client's address, for throttling: the socket's (as a function, API
// Gateway's sourceIp), or with TRUST_PROXY the
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
  // @hono/node-server passes the Node request as env.incoming; Hono's Lambda
  // adapter the API Gateway request context, whose sourceIp is the client's
  // as API Gateway saw it. Elsewhere (a test's app.request) there may be none.
  const env = c.env as { incoming?: IncomingMessage; requestContext?: { http?: { sourceIp?: string } } } | undefined;
  return env?.incoming?.socket.remoteAddress ?? env?.requestContext?.http?.sourceIp ?? 'unknown';
}
