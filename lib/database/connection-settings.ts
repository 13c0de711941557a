// The database's address as the environment gives it, in a module without
// zod: lib/config.ts validates these variables with zod (and builds the URL
// with urlFromParts below); a deployed function's bundle reads them here
// first (earlyDatabaseUrl), to start connecting before zod and Kysely load.

/** Defaults of the DB_* variables that make up a URL without DATABASE_URL. */
export const databaseDefaults = Object.freeze({ DB_PORT: 5432, DB_NAME: 'postgres', DB_USER: 'postgres', DB_PASS: '' });

/** Whether a (trimmed) value is a postgres:// URL that parses. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\/./.test(value) && URL.canParse(value);
}

export interface UrlParts {
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly user: string;
  readonly password: string;
}

/** The URL of DB_HOST, DB_PORT, DB_NAME, DB_USER and DB_PASS. */
export function urlFromParts(parts: UrlParts): string {
  const url = new URL('postgres://placeholder');
  url.hostname = parts.host;
  url.port = String(parts.port);
  url.username = parts.user;
  url.password = parts.password;
  url.pathname = `/${encodeURIComponent(parts.name)}`;
  return url.toString();
}

/** Whether the process runs as a deployed function (AWS Lambda sets this in every function's environment). */
export function asFunction(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.AWS_LAMBDA_FUNCTION_NAME !== undefined && env.AWS_LAMBDA_FUNCTION_NAME !== '';
}

/**
 * As a deployed function, the database URL the configuration will give,
 * read from plain values only; undefined when anything needs the
 * configuration's judgement (a value it may refuse, the embedded database):
 * the pool then simply connects once the configuration is loaded.
 */
export function earlyDatabaseUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (!asFunction(env)) return undefined;
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  const databaseUrl = value('DATABASE_URL')?.trim();
  if (databaseUrl !== undefined) return isPostgresUrl(databaseUrl) ? databaseUrl : undefined;
  const host = value('DB_HOST')?.trim();
  if (host === undefined || host === '') return undefined;
  const port = value('DB_PORT')?.trim() ?? String(databaseDefaults.DB_PORT);
  const name = value('DB_NAME')?.trim() ?? databaseDefaults.DB_NAME;
  const user = value('DB_USER')?.trim() ?? databaseDefaults.DB_USER;
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535 || name === '' || user === '') return undefined;
  return urlFromParts({ host, port: Number(port), name, user, password: value('DB_PASS') ?? databaseDefaults.DB_PASS });
}
