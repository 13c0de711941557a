// A deployed function's first database connection, opened as soon as pg is
// loaded (npm run build's bundles call startConnecting before zod, Kysely and
// the function's code load), so the server starts its backend and the
// authentication runs while the rest loads. The shared pool takes it as its
// first connection (adoptingClient in lib/database/pool.ts) when it connects
// to the same URL; if the attempt has failed by then, the pool connects as it
// always does and meets that attempt's error itself.
import pg from 'pg';
import { earlyDatabaseUrl } from './connection-settings.ts';

interface Attempt {
  readonly url: string;
  readonly client: pg.Client;
  /** Resolves once connected; rejects with the attempt's error. */
  readonly connected: Promise<unknown>;
}

let attempt: Attempt | undefined;
// Set when the attempt failed, or its connection was lost before the pool took it.
let failed = false;

/** Starts connecting to the database the configuration will name, when it can be read without the configuration. */
export function startConnecting(env: Readonly<Record<string, string | undefined>> = process.env): void {
  const url = earlyDatabaseUrl(env);
  if (url === undefined || attempt !== undefined) return;
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {
    failed = true;
  });
  const connected = client.connect();
  connected.catch(() => {
    failed = true;
  });
  attempt = { url, client, connected };
}

/**
 * The pool's client class, which for its first client to `url` hands out the
 * early connection (as an instance of `Client`) unless it is known to have
 * failed; every other construction is Client's own.
 */
export function adoptingClient(url: string, Client: typeof pg.Client): typeof pg.Client {
  if (attempt?.url !== url) return Client;
  return class extends Client {
    constructor(config?: string | pg.ClientConfig) {
      const early = attempt?.url === url ? attempt : undefined;
      if (early === undefined || failed) {
        attempt = undefined;
        super(config);
        return;
      }
      attempt = undefined;
      // NamingClient adds behaviour, not state: the early client becomes one.
      Object.setPrototypeOf(early.client, new.target.prototype);
      // The pool connects what it constructs: here, it waits for the attempt
      // under way and gets its error if it fails (a 503, as a failed connect gives).
      const connect = (callback?: (error: Error | undefined) => void): Promise<unknown> | undefined => {
        if (callback === undefined) return early.connected;
        early.connected.then(
          () => {
            callback(undefined);
          },
          (error: unknown) => {
            callback(error as Error);
          },
        );
        return undefined;
      };
      Object.defineProperty(early.client, 'connect', { value: connect, configurable: true, writable: true });
      // A constructor may return another object: the pool keeps this one.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
      return early.client;
    }
  };
}
