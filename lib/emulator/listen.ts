// The emulator's HTTP server: listening on HOST:PORT, and the limits that keep
// slow or stalled clients from holding a connection.
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Config } from '../config.ts';
import type { Fetch } from './gateway.ts';
import { GeneralRulesResponse } from '../http/general-rules.ts';
import { StartupError } from '../startup-error.ts';

export interface SlowClientLimits {
  readonly headersTimeout: number;
  readonly requestTimeout: number;
  readonly connectionsCheckingInterval: number;
}

/**
 * Node's settings for HEADERS_TIMEOUT_SECONDS and REQUEST_TIMEOUT_SECONDS.
 * Node only looks for expired requests every `connectionsCheckingInterval`
 * (30 s by default, which let a 10 s limit run to ~40 s). Here it looks every
 * tenth of the headers limit (at most every second), and each limit is set
 * that much shorter: a connection is never held past the configured time.
 */
export function slowClientLimits(config: Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs'>): SlowClientLimits {
  const interval = Math.max(1, Math.min(1000, Math.floor(config.headersTimeoutMs / 10)));
  return {
    headersTimeout: config.headersTimeoutMs - interval,
    requestTimeout: config.requestTimeoutMs - interval,
    connectionsCheckingInterval: interval,
  };
}

export function listen(
  fetch: Fetch,
  config: Pick<Config, 'host' | 'port' | 'headersTimeoutMs' | 'requestTimeoutMs'>,
): Promise<Server> {
  const { host, port } = config;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port, serverOptions: { ...slowClientLimits(config), ServerResponse: GeneralRulesResponse } }) as Server;
    server.once('listening', () => { resolve(server); });
    server.once('error', (error: NodeJS.ErrnoException) => { reject(listenError(error, host, port)); });
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(`port ${port} on ${host} is already in use: stop the other server or set PORT`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`HOST "${host}" does not resolve to an address: set HOST to an address of this machine (127.0.0.1, or 0.0.0.0 for every interface)`);
    case 'EADDRNOTAVAIL':
      return new StartupError(`HOST "${host}" is not an address of this machine: set HOST to one (127.0.0.1, or 0.0.0.0 for every interface)`);
    case 'EACCES':
      return new StartupError(`port ${port} needs privileges this user lacks: set PORT to 1024 or above`);
    default:
      return error;
  }
}
