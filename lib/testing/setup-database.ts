// vitest setupFiles: runs in every test file before its imports. Gives the
// file its own database, cloned from the migrated template, and its own media
// root, points the app at them (DATABASE_URL, MEDIA_ROOT: read lazily by
// lib/config.ts), and empties the database before each test.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeEach, inject } from 'vitest';
import { loadConfig } from '../config.ts';
import { closeDb, getDb } from '../db.ts';
import { setLogLevel } from '../log.ts';
import { withDatabase } from './database-url.ts';

const { adminUrl, template } = inject('testDatabase');
const database = `recipe_test_${randomBytes(6).toString('hex')}`;

await adminQuery(`create database ${pg.escapeIdentifier(database)} template ${pg.escapeIdentifier(template)}`);
process.env.DATABASE_URL = withDatabase(adminUrl, database);
// The media root sits in a folder of its own, so a test can put files next to
// it that must never be served.
const mediaBase = await mkdtemp(path.join(tmpdir(), 'recipe-test-media-'));
process.env.MEDIA_ROOT = path.join(mediaBase, 'media');

setLogLevel(loadConfig().logLevel);

let tables: string[] | undefined;

beforeEach(async () => {
  const db = getDb();
  tables ??= (
    await sql<{ name: string }>`
      select quote_ident(tablename) as name from pg_tables
      where schemaname = 'public' and tablename not like 'kysely_migration%'`.execute(db)
  ).rows.map(({ name }) => name);
  if (tables.length > 0) await sql`truncate ${sql.raw(tables.join(', '))} restart identity cascade`.execute(db);
});

afterAll(async () => {
  await closeDb();
  await rm(mediaBase, { recursive: true, force: true });
  await adminQuery(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`);
});

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
