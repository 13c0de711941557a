// How long a new database connection may take to be ready, counted so that
// it tells "the database does not answer" from "this process was too busy to
// read the answer". pg's own connectionTimeoutMillis is one timer: while the
// event loop is blocked (another request parsing 100,000 rows, say), the
// server's answer waits unread in the socket, and when the loop frees up the
// timers run before the socket is read, so the timer wins however fast the
// database was, and the request answered 503 "database unavailable" with the
// database fine. Here the time is counted in short ticks, and a tick that
// comes late counts as one tick: a stretch the process spent blocked counts
// once, and the socket is read between two ticks.
import type pg from 'pg';

/** One tick of the count; a blocked stretch adds this much at most. */
const tickMs = 100;

/** A wait under way: the responsive time counted so far, and what to do when it reaches its deadline. */
export class ResponsiveDeadline {
  counted = 0;
  last = performance.now();
  readonly ms: number;
  readonly expire: () => void;

  constructor(ms: number, expire: () => void) {
    this.ms = ms;
    this.expire = expire;
  }

  cancel(): void {
    running.delete(this);
  }
}

// Every deadline under way is counted by one timer, which runs only while
// there is one: a checkout (every query's) costs a set entry, not a timer
// of its own (set and cleared, ~1.5 µs per query).
const running = new Set<ResponsiveDeadline>();
let ticking = false;

function tick(): void {
  const now = performance.now();
  for (const deadline of running) {
    deadline.counted += Math.min(now - deadline.last, tickMs);
    deadline.last = now;
    if (deadline.counted >= deadline.ms) {
      running.delete(deadline);
      deadline.expire();
    }
  }
  ticking = running.size > 0;
  if (ticking) setTimeout(tick, tickMs).unref();
}

/** A timer that calls `expire` after `ms` of time in which this process was free to notice an answer. */
export function responsiveDeadline(ms: number, expire: () => void): ResponsiveDeadline {
  const deadline = new ResponsiveDeadline(ms, expire);
  running.add(deadline);
  if (!ticking) {
    ticking = true;
    setTimeout(tick, tickMs).unref();
  }
  return deadline;
}

/** The error a connection that did not become ready in time fails with (ETIMEDOUT: the database is away, a 503). */
export function connectTimeoutError(ms: number): Error {
  return Object.assign(new Error(`the database did not finish connecting within ${ms} ms`), { code: 'ETIMEDOUT' });
}

/** The error a wait for a free connection fails with: every connection stayed busy (a database that stopped answering mid-query, say), a 503. */
export function checkoutTimeoutError(ms: number): Error {
  return Object.assign(new Error(`no database connection became free within ${ms} ms`), { code: 'ETIMEDOUT' });
}

// pg rejects with Errors; anything else is wrapped, not passed on untyped.
const asError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));

/** pg-pool's checkout callback: a client and its release, or the error. */
export type CheckoutCallback = (error: Error | undefined, client?: pg.PoolClient, release?: (error?: Error | boolean) => void) => void;

/**
 * Gives `pool`'s waits for a free connection the same deadline of responsive
 * time (pg's connectionTimeoutMillis, one timer, is off). Without one, a
 * database that stops answering mid-query (a network partition: no reset,
 * the queries hang) would hold every later request too. A client handed
 * over after the wait gave up goes straight back to the pool. The callback
 * form is the one queryRows uses: no promise between a query and its client.
 */
export function withCheckoutDeadline(pool: pg.Pool, ms: number): void {
  const checkout = pool.connect.bind(pool) as (callback: CheckoutCallback) => void;
  // Calls `done` exactly once: with a client, or with the error (the deadline's, or pg's).
  const timed = (done: (outcome: pg.PoolClient | Error) => void) => {
    let expired = false;
    const deadline = responsiveDeadline(ms, () => {
      expired = true;
      done(checkoutTimeoutError(ms));
    });
    checkout((error, client) => {
      deadline.cancel();
      if (expired) client?.release();
      else done(client ?? asError(error ?? 'pg-pool handed over no client'));
    });
  };
  // Both of pg's forms: the callback (queryRows, pool.query) and the promise (Kysely).
  function connect(callback?: CheckoutCallback): Promise<pg.PoolClient> | undefined {
    if (callback !== undefined) {
      timed((outcome) => {
        if (outcome instanceof Error) callback(outcome);
        else callback(undefined, outcome, (releaseError) => { outcome.release(releaseError); });
      });
      return undefined;
    }
    return new Promise((resolve, reject) => {
      timed((outcome) => {
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      });
    });
  }
  Object.defineProperty(pool, 'connect', { value: connect, configurable: true, writable: true });
}

/**
 * `Client`, whose connect() gives up after `ms` of responsive time (above):
 * the socket is closed and connect() fails with connectTimeoutError. The
 * wrap is put on the instance, since a constructor may return a client it
 * did not make (the early connection, early-connection.ts), whose connect is
 * its own.
 */
export function withConnectDeadline(Client: typeof pg.Client, ms: number): typeof pg.Client {
  return class extends Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      const connect = this.connect.bind(this) as (callback?: (error: Error | undefined) => void) => Promise<void> | undefined;
      const timed = (callback?: (error: Error | undefined) => void): Promise<void> | undefined => {
        const deadline = responsiveDeadline(ms, () => {
          // As pg's own timeout does: the connection's error fails connect().
          (this as unknown as { connection: { stream: { destroy(error: Error): void } } }).connection.stream.destroy(connectTimeoutError(ms));
        });
        const settled = () => {
          deadline.cancel();
        };
        if (callback !== undefined) {
          return connect((error) => {
            settled();
            callback(error);
          });
        }
        const connecting = connect();
        void connecting?.then(settled, settled);
        return connecting;
      };
      Object.defineProperty(this, 'connect', { value: timed, configurable: true, writable: true });
    }
  };
}
