// The database URL a deployed function reads before zod loads must be the
// one the configuration gives, or nothing (the pool then connects as usual).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import { earlyDatabaseUrl } from './connection-settings.ts';

const deployed = { AWS_LAMBDA_FUNCTION_NAME: 'fn', SECRET_KEY: 'k'.repeat(40) };

function configuredUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  try {
    const { database } = parseConfig(env);
    return database.kind === 'external' ? database.url : undefined;
  } catch {
    return undefined;
  }
}

describe('earlyDatabaseUrl', () => {
  it.each<Record<string, string>>([
    { DATABASE_URL: 'postgres://app:secret@db.example.com:6432/recipes?sslmode=require' },
    { DATABASE_URL: '  postgresql://app@10.0.0.5/recipes  ' },
    { DATABASE_URL: '', DB_HOST: 'db.example.com' },
    { DB_HOST: ' db.example.com ', DB_PORT: '6432', DB_NAME: 'recipes db', DB_USER: 'app', DB_PASS: ' p@ss:/word ' },
    { DB_HOST: 'db', DB_PORT: '', DB_NAME: '', DB_USER: '', DB_PASS: '' },
    { DB_HOST: '::1', DB_PORT: '5433' },
  ])('gives the configuration\'s URL for %o', (variables) => {
    const env = { ...deployed, ...variables };
    const early = earlyDatabaseUrl(env);
    expect(early).toBeDefined();
    expect(early).toBe(configuredUrl(env));
  });

  it.each<Record<string, string>>([
    { DATABASE_URL: 'mysql://db/recipes' },
    { DATABASE_URL: 'postgres://' },
    { DB_HOST: 'db', DB_PORT: '70000' },
    { DB_HOST: 'db', DB_PORT: 'x' },
    { DB_HOST: 'db', DB_PORT: '0x10' },
    { DB_HOST: 'db', DB_NAME: '  ' },
    { DB_HOST: '   ' },
    {},
  ])('leaves %o to the configuration (nothing early)', (variables) => {
    expect(earlyDatabaseUrl({ ...deployed, ...variables })).toBeUndefined();
  });

  it('reads nothing outside a deployed function', () => {
    expect(earlyDatabaseUrl({ DATABASE_URL: 'postgres://db/recipes' })).toBeUndefined();
    expect(earlyDatabaseUrl({ AWS_LAMBDA_FUNCTION_NAME: '', DATABASE_URL: 'postgres://db/recipes' })).toBeUndefined();
  });
});
