import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.ts';
import { getDb } from './pool.ts';
import { createMigrator, migrateDown, migrateToLatest } from './migrator.ts';

const migrationTables = ['kysely_migration', 'kysely_migration_lock'];

// These tests run a migration list of their own in a separate schema, so they
// neither see nor disturb the real migrations applied to the test database.
function scratchMigrator(list: Record<string, Migration>) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = getDb().withSchema('migrate_test') as unknown as Kysely<any>;
  return createMigrator(db, list, 'migrate_test');
}

async function scratchTables(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'migrate_test' order by table_name`.execute(getDb());
  return rows.map(({ name }) => name).filter((name) => !migrationTables.includes(name));
}

const createWidgets: Migration = {
  up: async (db) => { await db.schema.createTable('widgets').addColumn('id', 'integer').execute(); },
  down: async (db) => { await db.schema.dropTable('widgets').execute(); },
};
const createGadgets: Migration = {
  up: async (db) => { await db.schema.createTable('gadgets').addColumn('id', 'integer').execute(); },
  down: async (db) => { await db.schema.dropTable('gadgets').execute(); },
};

afterEach(async () => {
  await sql`drop schema if exists migrate_test cascade`.execute(getDb());
});

describe('migrations', () => {
  it('has applied every migration of db/migrations to the test database', async () => {
    const applied = await createMigrator(getDb()).getMigrations();
    expect(applied.map(({ name }) => name)).toEqual(Object.keys(migrations));
    expect(applied.every(({ executedAt }) => executedAt !== undefined)).toBe(true);
  });

  it('applies pending migrations in order, then reverts the newest one', async () => {
    await sql`create schema migrate_test`.execute(getDb());
    const migrator = scratchMigrator({ '0001_widgets': createWidgets, '0002_gadgets': createGadgets });
    await migrateToLatest(migrator);
    expect(await scratchTables()).toEqual(['gadgets', 'widgets']);

    await migrateDown(migrator);
    expect(await scratchTables()).toEqual(['widgets']);
    const status = await migrator.getMigrations();
    expect(status.map(({ name, executedAt }) => [name, executedAt !== undefined])).toEqual([
      ['0001_widgets', true],
      ['0002_gadgets', false],
    ]);
  });

  // Kysely runs a batch in one transaction and PostgreSQL's DDL is transactional.
  it('applies nothing of a batch in which one migration fails, and reports it', async () => {
    await sql`create schema migrate_test`.execute(getDb());
    const broken: Migration = { up: async (db) => { await sql`select * from no_such_table`.execute(db); } };
    const migrator = scratchMigrator({ '0001_widgets': createWidgets, '0002_broken': broken, '0003_gadgets': createGadgets });
    await expect(migrateToLatest(migrator)).rejects.toThrow(/no_such_table/);
    expect(await scratchTables()).toEqual([]);
    expect((await migrator.getMigrations()).filter(({ executedAt }) => executedAt !== undefined)).toEqual([]);
  });
});
