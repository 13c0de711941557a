// Makes sure the configured PostgreSQL is there and answers: an external
// server is checked; the embedded one is started, or shared when another
// process of this checkout runs it (and left by the caller's stop()).
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { explainDatabaseError } from './errors.ts';
import { StartupError } from '../startup-error.ts';

export interface DatabaseServer {
  /** Where the database is: for the embedded cluster, the port it really runs on and its password. */
  readonly url: string;
  stop(): Promise<void>;
}

/** The embedded cluster's database for the API. */
export const embeddedDatabase = 'recipe';

export async function startDatabase(database: DatabaseConfig): Promise<DatabaseServer> {
  if (database.kind === 'external') {
    await checkDatabase(database.url);
    return { url: database.url, stop: () => Promise.resolve() };
  }
  // Imported only here, so a server with DATABASE_URL never loads the embedded cluster's code.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts');
  return startEmbeddedPostgres({
    dataDir: database.dataDir,
    port: database.port,
    database: embeddedDatabase,
    // The data is small and cached: index lookups cost about what a sequential
    // read does, and the planner should know it (the recipe reads pick nested
    // loops over hash joins with it).
    settings: { random_page_cost: '1.1' },
  });
}

/** Connects once; a database that cannot be used is one StartupError line saying what to do. */
export async function checkDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined); // the connect() or query() below fails too
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new StartupError(explainDatabaseError(error, url) ?? `the database at ${where(url)} cannot be used: ${String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function where(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || '5432'}`;
}
