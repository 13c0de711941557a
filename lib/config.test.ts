import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, projectRoot } from './config.ts';

// A SECRET_KEY in every case keeps parseConfig from touching .data/.
const base = { SECRET_KEY: 'k'.repeat(40) };

describe('parseConfig', () => {
  it('runs with nothing set: port 8000 on 127.0.0.1 and an embedded PostgreSQL', () => {
    const config = parseConfig(base);
    expect(config.port).toBe(8000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ kind: 'embedded', port: 54329, dataDir: path.join(projectRoot, '.data', 'postgres') });
    expect(config.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(config.maxUploadBytes).toBe(10 * 1024 * 1024);
    expect(config.throttleLoginEmail).toBe(10);
    expect(config.throttleLoginAddress).toBe(100);
    expect(config.databasePoolSize).toBe(10);
    expect(config.logLevel).toBe('info');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses DATABASE_URL when set, over the DB_* variables', () => {
    const config = parseConfig({ ...base, DATABASE_URL: 'postgres://u:p@db:5432/app', DB_HOST: 'other' });
    expect(config.database).toEqual({ kind: 'external', url: 'postgres://u:p@db:5432/app' });
  });

  it("builds the URL from the original's DB_HOST, DB_NAME, DB_USER and DB_PASS", () => {
    const config = parseConfig({ ...base, DB_HOST: 'db', DB_NAME: 'devdb', DB_USER: 'devuser', DB_PASS: 'p@ss word' });
    if (config.database.kind !== 'external') throw new Error('expected an external database');
    const url = new URL(config.database.url);
    expect([url.hostname, url.port, url.pathname, url.username]).toEqual(['db', '5432', '/devdb', 'devuser']);
    expect(decodeURIComponent(url.password)).toBe('p@ss word');
  });

  it('keeps the embedded cluster in EMBEDDED_PG_DATA, relative to the checkout', () => {
    expect(parseConfig({ ...base, EMBEDDED_PG_DATA: 'elsewhere/pg' }).database).toMatchObject({ dataDir: path.join(projectRoot, 'elsewhere', 'pg') });
    expect(parseConfig({ ...base, EMBEDDED_PG_DATA: '/srv/pg' }).database).toMatchObject({ dataDir: '/srv/pg' });
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ ...base, PORT: '', DATABASE_URL: '' }).port).toBe(8000);
  });

  it('parses flags and lists', () => {
    const config = parseConfig({ ...base, DEBUG: 'true', TRUST_PROXY: 'on', ALLOWED_HOSTS: ' API.example.com , .example.org ' });
    expect(config.debug).toBe(true);
    expect(config.logLevel).toBe('debug');
    expect(config.trustProxy).toBe(true);
    expect(config.allowedHosts).toEqual(['api.example.com', '.example.org']);
  });

  it('reads FUNCTIONS as a list of names (unset: all) and SCREENSHOTS as a flag', () => {
    expect(parseConfig(base)).toMatchObject({ functionNames: null, screenshots: false });
    expect(parseConfig({ ...base, FUNCTIONS: ' health-check, user-me ,', SCREENSHOTS: '1' })).toMatchObject({ functionNames: ['health-check', 'user-me'], screenshots: true });
    expect(() => parseConfig({ ...base, FUNCTIONS: ' , ' })).toThrow(/FUNCTIONS/);
  });

  it('takes the pool size from DB_POOL_SIZE, a positive whole number', () => {
    expect(parseConfig({ ...base, DB_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
    expect(() => parseConfig({ ...base, DB_POOL_SIZE: '0' })).toThrow(/DB_POOL_SIZE/);
    expect(() => parseConfig({ ...base, DB_POOL_SIZE: '2.5' })).toThrow(/DB_POOL_SIZE/);
  });

  it('turns named prepared statements off with DB_PREPARED_STATEMENTS=false', () => {
    expect(parseConfig(base).databasePreparedStatements).toBe(true);
    expect(parseConfig({ ...base, DB_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(false);
    expect(() => parseConfig({ ...base, DB_PREPARED_STATEMENTS: 'sometimes' })).toThrow(/DB_PREPARED_STATEMENTS/);
  });

  describe('as a deployed function (AWS_LAMBDA_FUNCTION_NAME set)', () => {
    const lambda = { ...base, AWS_LAMBDA_FUNCTION_NAME: 'recipe-list' };

    it('keeps one connection unless DB_POOL_SIZE says otherwise', () => {
      expect(parseConfig(lambda)).toMatchObject({ asFunction: true, databasePoolSize: 1 });
      expect(parseConfig({ ...lambda, DB_POOL_SIZE: '3' }).databasePoolSize).toBe(3);
      expect(parseConfig(base)).toMatchObject({ asFunction: false, databasePoolSize: 10 });
    });

    it('refuses to run without SECRET_KEY, in one line naming it, rather than writing a key to disk', () => {
      const parse = () => parseConfig({ AWS_LAMBDA_FUNCTION_NAME: 'recipe-list' });
      expect(parse).toThrow(ConfigError);
      expect(parse).toThrow(/^SECRET_KEY is not set: [^\n]+$/);
    });
  });

  it('keeps media in the folder unless MEDIA_BUCKET names an S3 bucket, on AWS or at S3_ENDPOINT', () => {
    expect(parseConfig(base)).toMatchObject({ mediaBucket: null, mediaUrl: null });
    expect(parseConfig({ ...base, MEDIA_BUCKET: 'recipe-media' }).mediaBucket).toEqual({ name: 'recipe-media', endpoint: null });
    const local = parseConfig({ ...base, MEDIA_BUCKET: 'recipe-media', S3_ENDPOINT: 'http://127.0.0.1:4568/' });
    expect(local.mediaBucket).toEqual({ name: 'recipe-media', endpoint: 'http://127.0.0.1:4568' });
    expect(() => parseConfig({ ...base, MEDIA_BUCKET: 'Not_A_Bucket' })).toThrow(/MEDIA_BUCKET/);
    expect(() => parseConfig({ ...base, S3_ENDPOINT: 'http://127.0.0.1:4568' })).toThrow(/S3_ENDPOINT \(set without MEDIA_BUCKET\)/);
    expect(() => parseConfig({ ...base, MEDIA_BUCKET: 'recipe-media', S3_ENDPOINT: '127.0.0.1:4568' })).toThrow(/S3_ENDPOINT/);
  });

  it('takes MEDIA_URL as the base of image URLs, without its trailing slash', () => {
    expect(parseConfig({ ...base, MEDIA_URL: 'https://cdn.example.com/media/' }).mediaUrl).toBe('https://cdn.example.com/media');
    expect(() => parseConfig({ ...base, MEDIA_URL: 'cdn.example.com' })).toThrow(/MEDIA_URL/);
  });

  it('names every bad variable in one error', () => {
    const parse = () => parseConfig({ ...base, PORT: 'eighty', DATABASE_URL: 'mysql://x', DEBUG: 'maybe' });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/PORT.*DATABASE_URL.*DEBUG|PORT.*DEBUG.*DATABASE_URL/);
  });

  it('takes the slow-client limits from HEADERS_TIMEOUT_SECONDS and REQUEST_TIMEOUT_SECONDS', () => {
    expect(parseConfig(base)).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 });
    expect(parseConfig({ ...base, HEADERS_TIMEOUT_SECONDS: '0.5', REQUEST_TIMEOUT_SECONDS: '2' })).toMatchObject({ headersTimeoutMs: 500, requestTimeoutMs: 2000 });
    expect(() => parseConfig({ ...base, HEADERS_TIMEOUT_SECONDS: '0' })).toThrow(/HEADERS_TIMEOUT_SECONDS/);
    expect(() => parseConfig({ ...base, HEADERS_TIMEOUT_SECONDS: '90' })).toThrow(/HEADERS_TIMEOUT_SECONDS \(must not be longer than REQUEST_TIMEOUT_SECONDS/);
  });

  it('refuses a short SECRET_KEY', () => {
    expect(() => parseConfig({ SECRET_KEY: 'short' })).toThrow(/SECRET_KEY/);
  });
});
