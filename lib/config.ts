// The one place that reads process.env. Everything else receives a Config.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { asFunction, databaseDefaults, isPostgresUrl, urlFromParts } from './database/connection-settings.ts';
import { type LogLevel, logLevels } from './log.ts';
import { StartupError } from './startup-error.ts';

export const projectRoot = path.resolve(import.meta.dirname, '..');
export const dataDir = path.join(projectRoot, '.data');

/** Where the API's PostgreSQL is: a server the operator runs, or one we embed. */
export type DatabaseConfig =
  | { readonly kind: 'external'; readonly url: string }
  // The embedded cluster's address is known once it runs: startDatabase() gives it.
  | { readonly kind: 'embedded'; readonly dataDir: string; readonly port: number };

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly database: DatabaseConfig;
  /** Connections each process keeps to the database at most. */
  readonly databasePoolSize: number;
  /** Send queries as named prepared statements; off behind a pooler in transaction mode. */
  readonly databasePreparedStatements: boolean;
  /** Running as a deployed function (AWS Lambda), not as the local server. */
  readonly asFunction: boolean;
  readonly mediaRoot: string;
  /** The S3 bucket that holds uploaded images instead of mediaRoot; null → the folder. */
  readonly mediaBucket: MediaBucket | null;
  /** Base of image URLs when a CDN or the bucket's domain serves them; null → /static/media/ on publicUrl. */
  readonly mediaUrl: string | null;
  /** Base of absolute URLs (image links) when the API sits behind a proxy; null → the request's own. */
  readonly publicUrl: string | null;
  readonly trustProxy: boolean;
  readonly allowedHosts: readonly string[];
  /** Origins besides the request's own that may POST to the admin (Django's CSRF_TRUSTED_ORIGINS). */
  readonly csrfTrustedOrigins: readonly string[];
  readonly debug: boolean;
  readonly logLevel: LogLevel;
  readonly secretKey: string;
  readonly maxUploadBytes: number;
  readonly sessionDays: number;
  /** Lifetime of a login token in days; null: it never expires (the original's behaviour). */
  readonly tokenTtlDays: number | null;
  readonly throttleLoginEmail: number;
  readonly throttleLoginAddress: number;
  readonly shutdownGraceMs: number;
  /** How long a client may take to send a request's headers, and the whole request. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Worker processes serving the port (node:cluster); 1 serves from the main process. */
  readonly webConcurrency: number;
  readonly testDatabaseUrl: string | null;
  /** createsuperuser's password when run without questions (never trimmed). */
  readonly superuserPassword: string | null;
  /** Where Testcontainers would find a Docker engine, if anywhere. */
  readonly dockerHost: string | null;
  /** The Chromium the browser tests drive (Debian's package; never a downloaded browser). */
  readonly chromiumPath: string;
  /** Tests: the browser test also writes the README's pictures under .github/ (SCREENSHOTS=1). */
  readonly screenshots: boolean;
  /** The manifest's functions the emulator mounts; null: all of them. */
  readonly functionNames: readonly string[] | null;
  /** The PgBouncer lib/database/pgbouncer.test.ts runs (Debian's package). */
  readonly pgbouncerPath: string;
}

export interface MediaBucket {
  readonly name: string;
  /** An S3-compatible server (path-style addressing); null → AWS S3 in AWS_REGION. */
  readonly endpoint: string | null;
}

export class ConfigError extends StartupError {
  override name = 'ConfigError';
}

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''].includes(v), 'expected true or false')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const port = z.coerce.number().int().min(1).max(65535);
const count = z.coerce.number().int().min(0);
const postgresUrl = z.string().trim().refine(isPostgresUrl, 'expected a postgres:// URL');
const absoluteHttpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^/]/.test(v) && URL.canParse(v), 'expected an http(s):// URL')
  .transform((v) => v.replace(/\/+$/, ''));

// Every variable the project reads, with its default. Empty strings count as unset.
const environment = z.object({
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: port.default(8000),
  DATABASE_URL: postgresUrl.optional(),
  DB_HOST: z.string().trim().min(1).optional(),
  DB_PORT: port.default(databaseDefaults.DB_PORT),
  DB_NAME: z.string().trim().min(1).default(databaseDefaults.DB_NAME),
  DB_USER: z.string().trim().min(1).default(databaseDefaults.DB_USER),
  DB_PASS: z.string().default(databaseDefaults.DB_PASS),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
  DB_PREPARED_STATEMENTS: flag.default(true),
  EMBEDDED_PG_PORT: port.default(54329),
  EMBEDDED_PG_DATA: z.string().trim().min(1).default(path.join(dataDir, 'postgres')),
  MEDIA_ROOT: z.string().trim().min(1).default(path.join(dataDir, 'media')),
  PUBLIC_URL: absoluteHttpUrl.optional(),
  MEDIA_BUCKET: z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name').optional(),
  S3_ENDPOINT: absoluteHttpUrl.optional(),
  MEDIA_URL: absoluteHttpUrl.optional(),
  TRUST_PROXY: flag.default(false),
  ALLOWED_HOSTS: z
    .string()
    .default('localhost,127.0.0.1,[::1]')
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .refine((hosts) => hosts.length > 0, 'expected a comma-separated list of host names'),
  CSRF_TRUSTED_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((origin) => origin.trim()).filter(Boolean))
    .refine((origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin.toLowerCase()), 'expected a comma-separated list of origins like https://admin.example.com')
    .transform((origins) => origins.map((origin) => origin.toLowerCase())),
  DEBUG: flag.default(false),
  LOG_LEVEL: z.enum(logLevels).optional(),
  SECRET_KEY: z.string().min(32, 'expected at least 32 characters').optional(),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(10),
  SESSION_DAYS: z.coerce.number().positive().max(3650).default(14),
  TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3650).optional(),
  THROTTLE_LOGIN_EMAIL: count.default(10),
  THROTTLE_LOGIN_ADDRESS: count.default(100),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().max(3600).default(10),
  HEADERS_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(10),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(60),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  TEST_DATABASE_URL: postgresUrl.optional(),
  SUPERUSER_PASSWORD: z.string().optional(),
  DOCKER_HOST: z.string().trim().min(1).optional(),
  CHROMIUM_PATH: z.string().trim().min(1).default('/usr/bin/chromium'),
  SCREENSHOTS: flag.default(false),
  FUNCTIONS: z
    .string()
    .transform((v) => v.split(',').map((name) => name.trim()).filter(Boolean))
    .refine((names) => names.length > 0, 'expected a comma-separated list of function names')
    .optional(),
  PGBOUNCER_PATH: z.string().trim().min(1).default('/usr/sbin/pgbouncer'),
  // Set by AWS Lambda in every function's environment.
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

type Environment = z.infer<typeof environment>;

/** Reads and validates the environment; a bad value throws one ConfigError naming every bad variable. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environment
    .refine((e) => e.HEADERS_TIMEOUT_SECONDS <= e.REQUEST_TIMEOUT_SECONDS, {
      message: 'must not be longer than REQUEST_TIMEOUT_SECONDS (the headers are part of the request)',
      path: ['HEADERS_TIMEOUT_SECONDS'],
    })
    .refine((e) => e.S3_ENDPOINT === undefined || e.MEDIA_BUCKET !== undefined, { path: ['S3_ENDPOINT'], message: 'set without MEDIA_BUCKET' })
    .safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} (${issue.message})`);
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const deployed = asFunction(env);
  // A function's disk is read-only and not shared between instances: a key
  // made there would differ per instance, so it must come from the environment.
  if (deployed && e.SECRET_KEY === undefined) {
    throw new ConfigError('SECRET_KEY is not set: a deployed function reads its key from the environment (at least 32 random characters)');
  }
  return Object.freeze({
    host: e.HOST,
    port: e.PORT,
    database: databaseConfig(e),
    // One instance serves one request at a time: a second connection would only idle.
    databasePoolSize: e.DB_POOL_SIZE ?? (deployed ? 1 : 10),
    databasePreparedStatements: e.DB_PREPARED_STATEMENTS,
    asFunction: deployed,
    mediaRoot: path.resolve(projectRoot, e.MEDIA_ROOT),
    mediaBucket: e.MEDIA_BUCKET === undefined ? null : { name: e.MEDIA_BUCKET, endpoint: e.S3_ENDPOINT ?? null },
    mediaUrl: e.MEDIA_URL ?? null,
    publicUrl: e.PUBLIC_URL ?? null,
    trustProxy: e.TRUST_PROXY,
    allowedHosts: Object.freeze(e.ALLOWED_HOSTS),
    csrfTrustedOrigins: Object.freeze(e.CSRF_TRUSTED_ORIGINS),
    debug: e.DEBUG,
    logLevel: e.LOG_LEVEL ?? (e.DEBUG ? 'debug' : 'info'),
    secretKey: e.SECRET_KEY ?? localSecretKey(),
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    sessionDays: e.SESSION_DAYS,
    tokenTtlDays: e.TOKEN_TTL_DAYS ?? null,
    throttleLoginEmail: e.THROTTLE_LOGIN_EMAIL,
    throttleLoginAddress: e.THROTTLE_LOGIN_ADDRESS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    headersTimeoutMs: e.HEADERS_TIMEOUT_SECONDS * 1000,
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    webConcurrency: e.WEB_CONCURRENCY,
    testDatabaseUrl: e.TEST_DATABASE_URL ?? null,
    superuserPassword: e.SUPERUSER_PASSWORD ?? null,
    dockerHost: e.DOCKER_HOST ?? null,
    chromiumPath: e.CHROMIUM_PATH,
    screenshots: e.SCREENSHOTS,
    functionNames: e.FUNCTIONS === undefined ? null : Object.freeze(e.FUNCTIONS),
    pgbouncerPath: e.PGBOUNCER_PATH,
  });
}

function databaseConfig(e: Environment): DatabaseConfig {
  if (e.DATABASE_URL) return { kind: 'external', url: e.DATABASE_URL };
  if (e.DB_HOST) {
    return { kind: 'external', url: urlFromParts({ host: e.DB_HOST, port: e.DB_PORT, name: e.DB_NAME, user: e.DB_USER, password: e.DB_PASS }) };
  }
  return { kind: 'embedded', dataDir: path.resolve(projectRoot, e.EMBEDDED_PG_DATA), port: e.EMBEDDED_PG_PORT };
}

// Without SECRET_KEY a local run still gets a stable key: made once, kept in .data/.
function localSecretKey(): string {
  const file = path.join(dataDir, 'secret-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process wrote it first: theirs is the key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

let cached: Config | undefined;

/** Whether this process runs as a deployed function (read before the rest of the config). */
export function runsAsFunction(): boolean {
  return asFunction(process.env);
}

/** The process's configuration, read once from process.env. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
