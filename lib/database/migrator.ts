// Kysely's Migrator over the static list in db/migrations/.
import type { Kysely } from 'kysely';
import { type Migration, type MigrationResult, Migrator } from 'kysely/migration';
import { migrations as allMigrations } from '../../db/migrations/index.ts';
import { log } from '../log.ts';

// The migrator only touches its own tables, whatever the schema type.
export function createMigrator(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  migrations: Readonly<Record<string, Migration>> = allMigrations,
  migrationTableSchema?: string,
): Migrator {
  return new Migrator({ db, migrationTableSchema, provider: { getMigrations: () => Promise.resolve({ ...migrations }) } });
}

/** Applies every pending migration; throws (after logging what ran) if one fails. */
export async function migrateToLatest(migrator: Migrator): Promise<void> {
  report(await migrator.migrateToLatest());
}

/** Reverts the newest applied migration. */
export async function migrateDown(migrator: Migrator): Promise<void> {
  report(await migrator.migrateDown());
}

function report({ error, results }: { error?: unknown; results?: MigrationResult[] }): void {
  for (const { migrationName, direction, status } of results ?? []) {
    log.info('migration', { name: migrationName, direction: direction.toLowerCase(), status: status.toLowerCase() });
  }
  if (error !== undefined) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
}
