// Errors that know their HTTP answer. Handlers throw them; the shared onError
// (lib/http/app.ts) renders them, so every function answers the same way.

export type ErrorBody = Readonly<Record<string, unknown>>;

export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, body: ErrorBody, headers: Readonly<Record<string, string>> = {}) {
    super(typeof body.detail === 'string' ? body.detail : `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** The client disconnected before its request was read: nobody is left to answer. */
export class ClientAbortedError extends Error {
  override name = 'ClientAbortedError';

  constructor(options?: ErrorOptions) {
    super('The client disconnected before sending its whole request.', options);
  }
}

/** DRF's 400 with field errors: {"field": ["message", ...]}. */
export function validationError(errors: ErrorBody): HttpError {
  return new HttpError(400, errors);
}

export function notFound(): HttpError {
  return new HttpError(404, { detail: 'Not found.' });
}

export function methodNotAllowed(method: string, allow: readonly string[]): HttpError {
  return new HttpError(405, { detail: `Method "${method}" not allowed.` }, { Allow: allow.join(', ') });
}

export function unsupportedMediaType(contentType: string): HttpError {
  return new HttpError(415, { detail: `Unsupported media type "${contentType}" in request.` });
}

export function bodyTooLarge(): HttpError {
  return new HttpError(413, { detail: 'Request body too large.' });
}

export function storageUnavailable(): HttpError {
  return new HttpError(503, { detail: 'The media storage is unavailable. Try again shortly.' }, { 'Retry-After': '1' });
}

export function databaseUnavailable(): HttpError {
  return new HttpError(503, { detail: 'The database is unavailable. Try again shortly.' }, { 'Retry-After': '1' });
}
