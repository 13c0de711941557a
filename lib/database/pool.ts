// The application's database handle: one pooled Kysely, made on first use.
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.ts';
import { loadConfig, runsAsFunction } from '../config.ts';
import { log, setLogLevel } from '../log.ts';
import { type CheckoutCallback, withCheckoutDeadline, withConnectDeadline } from './connect-deadline.ts';
import { adoptingClient } from './early-connection.ts';
import { statementName } from './statement-names.ts';
import { runStatement, submitStatement } from './statement-run.ts';

/** What a repository runs its SQL on: the pool, or a transaction its caller opened. */
export type Executor = Kysely<Database> | Transaction<Database>;

// int8 (ids, counts) arrives as a string by default, which would put "id": "5"
// on the wire. Our ids come from identity columns and stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

let db: Kysely<Database> | undefined;

// pg's pool.end() (Kysely's destroy) resolves as soon as it has asked each
// connection to close, not when they are closed: a database stopped right
// after it (the embedded cluster at shutdown) still finds sessions and ends
// them with 57P01, logged as a lost connection. Each Kysely's pg pool and its
// open connections, so closing can wait for the last one.
const poolsOf = new WeakMap<Kysely<Database>, { readonly pool: pg.Pool; readonly connections: Set<pg.Client> }>();

export interface PoolOptions {
  /** Connections at most; each is opened on first need, not before. */
  readonly max?: number;
  /** The statements prepared on purpose sent by name (the default); false behind a pooler in transaction mode. */
  readonly preparedStatements?: boolean;
}

/** How long a new connection, or a wait for a free one, may take in time the process was free to notice it. */
const connectDeadlineMs = 3000;

export function createDb(url: string, options: PoolOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    // A deployed function's first connection may be under way already (early-connection.ts).
    // Fail fast while the database is away, so callers answer 503 instead of
    // hanging; but not while this process is merely busy (connect-deadline.ts).
    Client: withConnectDeadline(adoptingClient(url, options.preparedStatements === false ? UnnamingClient : NamingClient), connectDeadlineMs),
    connectionString: url,
    max: options.max ?? 10,
    // None of pg's (one timer, spent while the process is blocked): the
    // deadlines above and below count only responsive time.
    connectionTimeoutMillis: 0,
    idleTimeoutMillis: 30_000,
  });
  withCheckoutDeadline(pool, connectDeadlineMs);
  // An idle client whose server went away emits 'error' on the pool; unheard,
  // that would kill the process. The pool replaces the client by itself.
  pool.on('error', (error) => {
    log.warn('database connection lost', { error });
  });
  // A client that is checked out but between two queries (inside a
  // transaction, say) when the server goes away emits 'error' on itself, not
  // on the pool; unheard, that too kills the process. Its query fails on its
  // own, and the pool discards the client when it is released.
  const connections = new Set<pg.Client>();
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      log.warn('database connection lost during use', { error });
    });
    connections.add(client);
    client.once('end', () => connections.delete(client));
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  poolsOf.set(kysely, { pool, connections });
  return kysely;
}

/**
 * Runs SQL text with its values straight on pg and returns the rows as pg
 * gives them: on a connection of the pool for this query alone, or, in a
 * transaction, on the transaction's. For the statements prepared on purpose
 * (prepared-query.ts), compiled once, Kysely's executor, connection provider
 * and result transform had nothing left to do but cost an eighth of a token
 * lookup's CPU. The client names the text (statementClient below). From the
 * pool, the checkout and the query run in callbacks under one promise: the
 * promise forms (ours, pg-pool's with its catch, the query's) and an async
 * function around them made seven promises per query.
 */
export function queryRows<Row>(db: Executor, text: string, values: unknown[]): Promise<Row[]> {
  const pool = db.isTransaction ? undefined : poolsOf.get(db)?.pool;
  // A transaction's connection is Kysely's to hand out, as is the pool of a
  // Kysely derived from ours (withSchema).
  if (pool === undefined) return queryRowsThroughKysely(db, text, values);
  return new Promise((resolve, reject) => {
    // withCheckoutDeadline's callback form (connect-deadline.ts).
    (pool.connect as (callback: CheckoutCallback) => void)((error, client) => {
      if (client === undefined) {
        reject(error ?? new Error('the pool handed over no client'));
        return;
      }
      // The client goes back exactly once: when its query is answered, or
      // when sending it failed before it could be.
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        client.release();
      };
      try {
        (client as unknown as RowsClient).queryRowsWith<Row>(text, values, (outcome) => {
          release();
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome.rows);
        });
      } catch (thrown) {
        release();
        reject(thrown instanceof Error ? thrown : new Error(String(thrown)));
      }
    });
  });
}

async function queryRowsThroughKysely<Row>(db: Executor, text: string, values: unknown[]): Promise<Row[]> {
  const { rows } = await db.getExecutor().provideConnection((connection) => connection.executeQuery<Row>(CompiledQuery.raw(text, values)));
  return rows;
}

/** Destroys a pool and returns once every one of its connections has closed. */
export async function destroyDb(kysely: Kysely<Database>): Promise<void> {
  const { pool, connections } = poolsOf.get(kysely) ?? {};
  // Only 'end' counts: a connection the database ends meanwhile (a stop, a
  // restart) emits 'error' first, which once() would turn into a rejection
  // nobody awaits yet (an unhandled rejection ended the process on stop).
  const closing = [...(connections ?? [])].map((client) => new Promise((resolve) => client.once('end', resolve)));
  await kysely.destroy();
  // Kysely ends the pool only if it ran a query itself: one that ran only
  // the statements prepared on purpose (queryRows) is still open.
  if (pool !== undefined && !pool.ending) await pool.end();
  await Promise.all(closing);
}

// The statements prepared on purpose (preparedQuery) are sent by name:
// PostgreSQL parses and plans each once per connection instead of on every
// call, which for the recipe reads costs more than running them. Every other
// query is sent unnamed, so a connection keeps at most those few statements
// (statement-names.ts). Not behind a pooler in transaction mode (PgBouncer
// before 1.21 or without max_prepared_statements, RDS Proxy): the next
// transaction may run on another server connection, which has not prepared
// the statement, or has one of that name already; there they go unnamed.
// These, and every other query with parameters, run as a StatementRun
// (statement-run.ts), which skips what pg's own query repeats on every run;
// the rest (BEGIN, a migration's several statements) go as pg's simple query.
function statementClient(named: boolean): typeof pg.Client {
  return class StatementClient extends pg.Client implements RowsClient {
    override query(config: unknown, values?: unknown, callback?: unknown): never {
      if (typeof config === 'string' && Array.isArray(values) && callback === undefined) {
        const name = statementName(config);
        if (name !== undefined || values.length > 0) return runStatement(this, named ? (name ?? '') : '', config, values) as never;
      }
      return (super.query as (config: unknown, values?: unknown, callback?: unknown) => never)(config, values, callback);
    }

    queryRowsWith<Row>(text: string, values: unknown[], callback: RowsCallback<Row>): void {
      const name = statementName(text);
      if (name !== undefined || values.length > 0) submitStatement<Row>(this, named ? (name ?? '') : '', text, values, callback);
      else super.query<Row & pg.QueryResultRow>(text, values, (error: Error | null, result) => { callback(error ?? result); });
    }
  };
}

/** A query's rows, or its error. */
type RowsCallback<Row> = (outcome: { readonly rows: Row[] } | Error) => void;

/** The pool's clients: `query(text, values)`'s answer in a callback, called once. */
interface RowsClient {
  queryRowsWith<Row>(text: string, values: unknown[], callback: RowsCallback<Row>): void;
}

const NamingClient = statementClient(true);
const UnnamingClient = statementClient(false);

let startedUrl: string | undefined;

/** Points the shared pool at the database startDatabase() found (the embedded cluster's real port and password). */
export function useDatabaseUrl(url: string): void {
  startedUrl = url;
}

/** The URL the shared pool connects to. */
export function databaseUrl(): string {
  if (startedUrl !== undefined) return startedUrl;
  const { database } = loadConfig();
  if (database.kind === 'embedded') throw new Error('the embedded database has no address before startDatabase()');
  return database.url;
}

/** The shared pool for this process, created from the config on first use. */
export function getDb(): Kysely<Database> {
  if (db === undefined) {
    const config = loadConfig();
    db = createDb(databaseUrl(), { max: config.databasePoolSize, preparedStatements: config.databasePreparedStatements });
  }
  return db;
}

/**
 * As a deployed function: opens the shared pool's connection now, in the
 * background, so that the server starts its backend while the function's
 * code loads (npm run build's bundles call this before loading the rest).
 * The first query waits for it. If it fails, the first query connects again
 * and meets that attempt's error (a 503 while the database is away); a
 * configuration error is left for lambdaHandler to report at init.
 */
export function connectEarly(): void {
  if (!runsAsFunction()) return;
  let pool: pg.Pool | undefined;
  try {
    pool = poolsOf.get(getDb())?.pool;
    // Before lambdaHandler would: a failure may be reported before it runs.
    setLogLevel(loadConfig().logLevel);
  } catch {
    return;
  }
  pool?.connect().then(
    (client) => {
      client.release();
    },
    (error: unknown) => {
      log.warn('database connection at init failed', { error });
    },
  );
}

/** Closes the shared pool (shutdown, end of a test file); the next getDb() opens a new one. */
export async function closeDb(): Promise<void> {
  const closing = db;
  db = undefined;
  if (closing !== undefined) await destroyDb(closing);
}
