// The database errors an operator causes at start-up (a wrong address, port,
// password or name), each as one line naming what to fix.

/** One line saying what to do about `error` met connecting to `url`, or null if it is not one of these. */
export function explainDatabaseError(error: unknown, url: string): string | null {
  const { hostname, port, username, pathname } = new URL(url);
  const at = `${hostname}:${port || '5432'}`;
  const database = decodeURIComponent(pathname.slice(1)) || username;
  switch (codeOf(error)) {
    case 'ECONNREFUSED':
      return `nothing accepts connections at ${at}: start PostgreSQL there, or fix the host and port in DATABASE_URL (or DB_HOST, DB_PORT)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the database host "${hostname}" does not resolve: fix the host in DATABASE_URL (or DB_HOST)`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'timeout':
      return `the database at ${at} does not answer: check the host and port in DATABASE_URL (or DB_HOST, DB_PORT), and any firewall between`;
    case '28P01':
    case '28000':
      return `the database at ${at} refused user "${decodeURIComponent(username)}" (wrong password, or no such role): fix the user and password in DATABASE_URL (or DB_USER, DB_PASS)`;
    case '3D000':
      return `database "${database}" does not exist on ${at}: create it (createdb ${database}), or fix the name in DATABASE_URL (or DB_NAME)`;
    case '57P03':
      return `the database at ${at} is still starting up: try again, or run npm run wait-for-db first`;
    default:
      return null;
  }
}

function codeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  // Connecting to "localhost" tries ::1 and 127.0.0.1: both refusals come as one AggregateError.
  if (error instanceof AggregateError && error.errors.length > 0) return codeOf(error.errors[0]);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return /timeout/i.test(error.message) ? 'timeout' : undefined;
}
