// Whether the baseline answers a request as ours does, before anything is
// measured: same status, same Content-Type, same JSON (key order included).
// Each server is sent its own unique marker value and shows its own origin in
// page links, so both are put back to placeholders first; after a write the
// ids (new rows) and a login's token may differ, so only their type counts.

export interface ServerAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  /** The server's origin, as it appears in absolute URLs ("http://127.0.0.1:8000"). */
  readonly origin: string;
  /** The value the request's unique marker was replaced with. */
  readonly unique: string;
}

const placeholders = { origin: '{{origin}}', unique: '{{unique}}', id: '{{id}}', token: '{{token}}' } as const;

/** The answer's body as comparable JSON (or its text, when it is not JSON). */
export function normalisedBody(answer: ServerAnswer, newRows: boolean): unknown {
  const text = answer.text.replaceAll(answer.origin, placeholders.origin).replaceAll(answer.unique, placeholders.unique);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  return newRows ? withoutNewValues(body) : body;
}

function withoutNewValues(value: unknown, key?: string): unknown {
  if (key === 'id' && typeof value === 'number') return placeholders.id;
  if (key === 'token' && typeof value === 'string') return placeholders.token;
  if (Array.isArray(value)) return value.map((item) => withoutNewValues(item));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNewValues(v, k)]));
  return value;
}

/** null when the answers agree, else where they first differ. `newRows`: the request wrote (ids and tokens may differ). */
export function answerDifference(ours: ServerAnswer, baseline: ServerAnswer, newRows: boolean): string | null {
  if (ours.status !== baseline.status) return `status: ours ${ours.status}, baseline ${baseline.status}`;
  if (ours.contentType !== baseline.contentType) return `content-type: ours ${ours.contentType}, baseline ${baseline.contentType}`;
  return firstDifference(normalisedBody(ours, newRows), normalisedBody(baseline, newRows), 'body');
}

function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const aKeys = Object.keys(a);
    const bKeys = Object.keys(b);
    if (aKeys.join() !== bKeys.join()) return `${path}: keys ours [${aKeys.join()}], baseline [${bKeys.join()}]`;
    for (const key of aKeys) {
      const difference = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`);
      if (difference !== null) return difference;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path}: ours ${short(a)}, baseline ${short(b)}`;
}

function short(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
