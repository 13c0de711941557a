// The benchmark's PostgreSQL: the configured server when there is one, else
// an embedded cluster of its own in .data/bench-postgres. Either way the data
// goes in a database made afresh for each run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { dataDir, type DatabaseConfig } from '../lib/config.ts';
import { withDatabase } from '../lib/testing/database-url.ts';
import { freePort } from '../lib/testing/test-postgres.ts';

export const benchDatabase = 'recipe_bench';

export interface BenchPostgres extends AsyncDisposable {
  /** URL of the fresh bench database. */
  readonly url: string;
  /** What to print about it: where it runs, its version. */
  readonly description: string;
  /** The embedded cluster's postmaster, whose backends' CPU time is read around each case; null for DATABASE_URL's server. */
  readonly pid: number | null;
  /** Gathers the planner's statistics of the bench database (ANALYZE). */
  analyze(): Promise<void>;
}

export async function startBenchPostgres(database: DatabaseConfig): Promise<BenchPostgres> {
  if (database.kind === 'external') {
    const version = await recreateDatabase(database.url);
    const url = withDatabase(database.url, benchDatabase);
    return { url, description: `PostgreSQL ${version} (DATABASE_URL)`, pid: null, analyze: () => analyze(url), [Symbol.asyncDispose]: () => Promise.resolve() };
  }
  // Imported only here, like the server does: with DATABASE_URL set the package is not needed.
  const { startEmbeddedPostgres } = await import('../lib/database/embedded-postgres.ts');
  // The same planner setting as the embedded cluster of npm start (lib/database/server.ts).
  const clusterDir = path.join(dataDir, 'bench-postgres');
  const cluster = await startEmbeddedPostgres({ dataDir: clusterDir, port: await freePort(), database: 'postgres', settings: { random_page_cost: '1.1' } });
  try {
    const version = await recreateDatabase(cluster.adminUrl);
    // postmaster.pid: line 1 is the postmaster's pid.
    const pid = Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const url = withDatabase(cluster.adminUrl, benchDatabase);
    return { url, description: `PostgreSQL ${version} (embedded, .data/bench-postgres)`, pid, analyze: () => analyze(url), [Symbol.asyncDispose]: () => cluster.stop() };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Drops and creates the bench database through a connection to `url`'s server; returns the server's version. */
async function recreateDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const name = client.escapeIdentifier(benchDatabase);
    // force: a server killed mid-run may have left sessions behind.
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

async function analyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
}
