// The tests' API client, like DRF's APIClient: calls a function app directly.
import type { Hono } from 'hono';

export interface CallOptions {
  /** Sent as application/json. */
  readonly json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  readonly form?: Readonly<Record<string, string>>;
  /** Sent as `Authorization: Token <token>`. */
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** What the Node server would pass as env (tests of client addresses). */
  readonly env?: unknown;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; null for an empty one. */
  readonly body: unknown;
  readonly text: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call(app: Hono<any>, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers = new Headers(options.headers);
  let body: string | undefined;
  if (options.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(options.form).toString();
  }
  if (options.token !== undefined) headers.set('authorization', `Token ${options.token}`);
  const response = await app.request(path, { method, headers, body }, options.env);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : (JSON.parse(text) as unknown), text };
}
