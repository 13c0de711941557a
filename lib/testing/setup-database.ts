// vitest setupFiles: runs in every test file before its imports. Gives the
// file its own database, cloned from the migrated template, and its own media
// root (or, in the S3 project, its own bucket on the test S3 server), points
// the app at them (DATABASE_URL, MEDIA_ROOT, MEDIA_BUCKET: read lazily by
// lib/config.ts), and empties the database before each test.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeEach, inject } from 'vitest';
import { loadConfig } from '../config.ts';
import { closeDb, getDb } from '../database/pool.ts';
import { setLogLevel } from '../log.ts';
import { adminQuery, withDatabase } from './database-url.ts';
import { createTestBucket } from './media.ts';
import { testS3Credentials } from './test-s3.ts';
import { makeTempFolder } from './temp-folder.ts';

const { adminUrl, template } = inject('testDatabase');
const database = `recipe_test_${randomBytes(6).toString('hex')}`;

await adminQuery(adminUrl, `create database ${pg.escapeIdentifier(database)} template ${pg.escapeIdentifier(template)}`);
process.env.DATABASE_URL = withDatabase(adminUrl, database);
// The media root sits in a folder of its own, so a test can put files next to
// it that must never be served.
const mediaBase = await makeTempFolder('media-');
const mediaRoot = path.join(mediaBase, 'media');
process.env.MEDIA_ROOT = mediaRoot;
// The SDK reads the standard AWS variables itself; these are the test
// server's. Set in every file, so no test ever reaches for a real account.
process.env.AWS_ACCESS_KEY_ID = testS3Credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = testS3Credentials.secretAccessKey;
process.env.AWS_REGION = testS3Credentials.region;
const inBucket = inject('mediaStore') === 's3';
if (inBucket) {
  const endpoint = inject('testS3Endpoint');
  process.env.MEDIA_BUCKET = await createTestBucket(endpoint);
  process.env.S3_ENDPOINT = endpoint;
}

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
  // With the media in a bucket, nothing may have been written to local disk.
  if (inBucket && existsSync(mediaRoot)) throw new Error('media were written to MEDIA_ROOT while MEDIA_BUCKET was set');
  await rm(mediaBase, { recursive: true, force: true });
  await adminQuery(adminUrl, `drop database if exists ${pg.escapeIdentifier(database)} with (force)`);
});
