// One HTTP request as the benchmark describes it: sent once with fetch (seeding,
// the pre-flight check), or many times by wrk from a generated Lua script.
export interface BenchRequest {
  readonly method: string;
  /** Path and query; may hold `uniqueMarker`, replaced by a new value every time it is sent. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export const uniqueMarker = '{{unique}}';

export function get(path: string, token?: string): BenchRequest {
  return { method: 'GET', path, headers: token === undefined ? {} : { Authorization: `Token ${token}` }, body: null };
}

export function postJson(path: string, body: unknown, token?: string): BenchRequest {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== undefined) headers.Authorization = `Token ${token}`;
  return { method: 'POST', path, headers, body: JSON.stringify(body) };
}

export interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

export async function send(baseUrl: string, request: BenchRequest, signal: AbortSignal, unique = 'fetch'): Promise<Answer> {
  const response = await fetch(baseUrl + request.path.replaceAll(uniqueMarker, unique), {
    method: request.method,
    headers: request.headers,
    body: request.body?.replaceAll(uniqueMarker, unique) ?? null,
    redirect: 'manual',
    signal,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** Sends and returns the parsed JSON answer; any other status stops the benchmark, naming the request. */
export async function sendExpecting(baseUrl: string, request: BenchRequest, status: number, signal: AbortSignal): Promise<unknown> {
  const answer = await send(baseUrl, request, signal);
  if (answer.status !== status) {
    throw new Error(`${request.method} ${request.path} answered ${answer.status} (expected ${status}): ${excerpt(answer.text)}`);
  }
  return JSON.parse(answer.text) as unknown;
}

export function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
