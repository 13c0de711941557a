// vitest globalSetup: one PostgreSQL per run, and a template database migrated
// once; and one S3-compatible server. Each test file then clones its own
// database from the template and makes its own bucket (setup-database.ts), so
// files run in parallel without seeing each other.
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config.ts';
import { createDb } from '../database/pool.ts';
import { setLogLevel } from '../log.ts';
import { createMigrator, migrateToLatest } from '../database/migrator.ts';
import { withDatabase } from './database-url.ts';
import { startTestPostgres } from './test-postgres.ts';
import { startTestS3 } from './test-s3.ts';

export const templateDatabase = 'recipe_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { adminUrl: string; template: string };
    testS3Endpoint: string;
    /** Where this project's test files keep media: the folder (default) or the test S3 server (vitest.config.ts). */
    mediaStore: 'folder' | 's3';
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const server = await startTestPostgres(config);
  try {
    await recreateDatabase(server.adminUrl, templateDatabase);
    const db = createDb(withDatabase(server.adminUrl, templateDatabase), { max: 1 });
    try {
      await migrateToLatest(createMigrator(db));
    } finally {
      // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template.
      await db.destroy();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  const s3 = await startTestS3().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  project.provide('testDatabase', { adminUrl: server.adminUrl, template: templateDatabase });
  project.provide('testS3Endpoint', s3.endpoint);
  return async () => {
    await s3.stop();
    await server.stop();
  };
}

async function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
    await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
