// For CLIs that work on the data: the configured database (started, when it
// is the embedded one), migrated, then closed again whatever happens.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { loadConfig } from '../config.ts';
import { startDatabase } from '../database/server.ts';
import { closeDb, getDb, useDatabaseUrl } from '../database/pool.ts';
import { createMigrator, migrateToLatest } from '../database/migrator.ts';

export async function withMigratedDatabase<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const server = await startDatabase(loadConfig().database);
  useDatabaseUrl(server.url);
  try {
    await migrateToLatest(createMigrator(getDb()));
    return await work(getDb());
  } finally {
    await closeDb();
    await server.stop();
  }
}
