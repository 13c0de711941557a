// A function app served by @hono/node-server, as the emulator serves it, for
// tests that must see what Node's own request and response objects change.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll } from 'vitest';

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * Serves `fetch` on a free port of 127.0.0.1 for the tests of the calling
 * file: started before them, closed after them. `url(path)` is valid from
 * the first test on.
 */
export function servedOverNode(fetch: Fetch): { url(path: string): string } {
  let server: Server | undefined;
  let base: string | undefined;
  beforeAll(async () => {
    server = await new Promise<Server>((resolve) => {
      const started = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => { resolve(started); }) as Server;
    });
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    if (server === undefined) return;
    server.closeAllConnections();
    const closing = server;
    await new Promise((resolve) => { closing.close(resolve); });
  });
  return {
    url(path) {
      if (base === undefined) throw new Error('servedOverNode: the server starts before the first test');
      return `${base}${path}`;
    },
  };
}
