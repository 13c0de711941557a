// Whether an error means the database is away (the caller answers 503), as
// opposed to a bug. Apart from the pool, so that code which only classifies
// errors (every function's error handler) does not load pg and Kysely.

// Connection-level failures: the database is away or restarting, not our bug.
// 57P01-57P03: admin shutdown, crash shutdown, cannot connect now (starting up);
// class 08: connection exceptions.
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03']);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(error.message);
}
