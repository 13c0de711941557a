// One PostgreSQL for a whole test run: the server named by TEST_DATABASE_URL;
// else a Testcontainers container when a Docker engine is reachable; else the
// embedded cluster in .data/test-postgres. Never a fake.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { dataDir, type Config } from '../config.ts';
import { log } from '../log.ts';
import { withDatabase } from './database-url.ts';

export interface TestPostgres {
  readonly source: 'TEST_DATABASE_URL' | 'testcontainers' | 'embedded';
  /** A URL to a database on that server with the right to create databases. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

export async function startTestPostgres(config: Config): Promise<TestPostgres> {
  if (config.testDatabaseUrl !== null) {
    return { source: 'TEST_DATABASE_URL', adminUrl: config.testDatabaseUrl, stop: () => Promise.resolve() };
  }
  if (config.dockerHost !== null || existsSync('/var/run/docker.sock')) {
    try {
      return await startContainer();
    } catch (error) {
      log.warn('Testcontainers could not start PostgreSQL; using the embedded one', { error });
    }
  }
  return startEmbedded();
}

async function startContainer(): Promise<TestPostgres> {
  // Imported only when Docker is there: the import alone costs ~0.3 s.
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:18')
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])
    .start();
  return {
    source: 'testcontainers',
    adminUrl: withDatabase(container.getConnectionUri(), 'postgres'),
    stop: async () => { await container.stop(); },
  };
}

async function startEmbedded(): Promise<TestPostgres> {
  const { isClusterRunning, startEmbeddedPostgres } = await import('../database/embedded-postgres.ts');
  // Another test run is using the usual cluster (and will stop it when it
  // ends): this run gets a throw-away one of its own.
  let clusterDir = path.join(dataDir, 'test-postgres');
  const throwAway = isClusterRunning(clusterDir);
  if (throwAway) clusterDir = path.join(dataDir, `test-postgres-${process.pid}`);
  const server = await startEmbeddedPostgres({
    dataDir: clusterDir,
    port: await freePort(),
    database: 'postgres',
    // Test data is thrown away: durability only costs time.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200', random_page_cost: '1.1' },
  });
  return {
    source: 'embedded',
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      if (throwAway) await rm(clusterDir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : 0); });
    });
  });
}
