// Writing an answer as ours looks on the wire: JSON, the request id, the
// security headers of lib/http/general-rules.ts.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

export function sendJson(res: ServerResponse, { status, body, headers }: Reply): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': randomUUID(),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    ...headers,
  });
  res.end(text);
}

/** A failure of ours, answered as the API answers its own (a 4xx with DRF's body). */
export class Refusal extends Error implements Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}) {
    super(`${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}
