// Request, Response and Headers as a bundle sees them (rolldown's inject in
// lib/build/bundle.ts puts these in place of the globals in every bundle; the
// emulator and the tests of the sources use Node's own). Node's come from its
// copy of undici, whose first use loads and runs ~1 MB of JavaScript: ~35 ms of
// CPU, a quarter of a function's cold start, for objects that here only carry
// a Lambda event's strings and bytes into Hono and its answer back out.
// These follow the Fetch standard for what they hold (header names and values,
// methods, statuses, bodies read once, default content types) and hand what
// they do not (FormData bodies, forms other than multipart) to Node's,
// loaded at that moment.

import { multipartType, parseMultipart } from './light-form.ts';

type HeadersLike = Iterable<readonly [string, string] | readonly string[]> | Record<string, string | readonly string[]>;

// RFC 9110 token characters; a value may hold anything but NUL, CR and LF.
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const invalidValuePattern = /[\0\r\n]|[^\0-\xff]/;
const httpWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function headerName(name: unknown): string {
  const text = String(name);
  if (!tokenPattern.test(text)) throw new TypeError(`Headers: invalid header name "${text}"`);
  return text.toLowerCase();
}

function headerValue(value: unknown): string {
  const text = String(value).replaceAll(httpWhitespace, '');
  if (invalidValuePattern.test(text)) throw new TypeError(`Headers: invalid header value "${text}"`);
  return text;
}

export class Headers {
  // Lower-cased name → its values in the order they were added.
  readonly #values = new Map<string, string[]>();

  constructor(init?: HeadersLike | null) {
    if (init === undefined || init === null) return;
    if (typeof init !== 'object') throw new TypeError('Headers: expected a sequence or a record');
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<readonly string[]>) {
        const [name, value, ...rest] = pair;
        if (value === undefined || rest.length > 0) throw new TypeError('Headers: each header must be a [name, value] pair');
        this.append(name ?? '', value);
      }
    } else {
      for (const [name, value] of Object.entries(init)) this.append(name, value as string);
    }
  }

  append(name: string, value: string): void {
    const key = headerName(name);
    const normalized = headerValue(value);
    const values = this.#values.get(key);
    if (values === undefined) this.#values.set(key, [normalized]);
    else values.push(normalized);
  }

  set(name: string, value: string): void {
    this.#values.set(headerName(name), [headerValue(value)]);
  }

  delete(name: string): void {
    this.#values.delete(headerName(name));
  }

  get(name: string): string | null {
    return this.#values.get(headerName(name))?.join(', ') ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(headerName(name));
  }

  getSetCookie(): string[] {
    return [...(this.#values.get('set-cookie') ?? [])];
  }

  // Sorted by name, each set-cookie on its own, the rest joined: the standard's order.
  *entries(): Generator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const values = this.#values.get(name) ?? [];
      if (name === 'set-cookie') for (const value of values) yield [name, value];
      else yield [name, values.join(', ')];
    }
  }

  *keys(): Generator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): Generator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, headers: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  [Symbol.iterator](): Generator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

// The key lib/http/body.ts reads it by (a registered symbol: neither module imports the other).
const bodyInMemory = Symbol.for('recipe-api.body-in-memory');

type BodySource = string | Uint8Array | Blob | ReadableStream<Uint8Array> | null;

/** A body as the standard extracts it: its bytes (or stream) and the content type it implies. */
function extractBody(body: unknown): { source: BodySource; type: string | null } {
  if (body === undefined || body === null) return { source: null, type: null };
  if (typeof body === 'string') return { source: body, type: 'text/plain;charset=UTF-8' };
  if (body instanceof URLSearchParams) return { source: body.toString(), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (body instanceof ArrayBuffer) return { source: new Uint8Array(body.slice(0)), type: null };
  if (ArrayBuffer.isView(body)) return { source: new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), type: null };
  if (body instanceof Blob) return { source: body, type: body.type === '' ? null : body.type };
  if (body instanceof ReadableStream) return { source: body as ReadableStream<Uint8Array>, type: null };
  // FormData and anything rarer: the standard's own extraction (multipart boundaries and all).
  throw new UnsupportedBody();
}

class UnsupportedBody extends Error {}

// Set once a constructor has handed a body to Node's (see the end of this file).
let fallbackUsed = false;

/** What Request and Response share: a body that is read once. */
abstract class Body {
  #source: BodySource;
  #stream: ReadableStream<Uint8Array> | null = null;
  // Read by text() and the like, or through the stream of `body`.
  #used = false;
  abstract readonly headers: Headers;

  protected constructor(source: BodySource) {
    this.#source = source;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#source === null) return null;
    this.#stream ??= this.#toStream(this.#source);
    return this.#stream;
  }

  /**
   * lib/http/body.ts's way past the stream: the bytes of a body held in
   * memory (a Lambda event's), read once; undefined for a stream, a Blob, no
   * body or one read already. `body` would build a web stream, whose first
   * use loads Node's web-streams code (~2.7 ms of a cold start).
   */
  [bodyInMemory](): Uint8Array | undefined {
    if (this.bodyUsed) return undefined;
    const source = this.#source;
    if (typeof source !== 'string' && !(source instanceof Uint8Array)) return undefined;
    this.#used = true;
    return typeof source === 'string' ? new TextEncoder().encode(source) : source;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#stream !== null && this.#stream.locked);
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    const source = this.#stream ?? this.#source;
    if (source === null) return new Uint8Array(0);
    if (typeof source === 'string') return new TextEncoder().encode(source);
    if (source instanceof Uint8Array) return new Uint8Array(source);
    if (source instanceof Blob) return new Uint8Array(await source.arrayBuffer());
    const chunks: Uint8Array[] = [];
    for await (const chunk of source) chunks.push(chunk);
    return new Uint8Array(Buffer.concat(chunks));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer;
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.bytes()], { type: this.headers.get('content-type') ?? '' });
  }

  // A multipart form by lib/build/light-form.ts (the upload's); anything
  // rarer by Node's parser (lib/http/body.ts reads the body within its
  // limit before it parses one).
  async formData(): Promise<FormData> {
    const multipart = multipartType(this.headers.get('content-type'));
    const bytes = await this.bytes();
    // Its own FormData (light-form.ts), as Request and Response here are: the same members, nothing of Node's.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    if (multipart !== undefined) return parseMultipart(bytes, multipart.boundary);
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    return await new globalThis.Response(bytes, { headers: { 'content-type': this.headers.get('content-type') ?? '' } }).formData();
  }

  // Bytes become a stream that marks the body used when first pulled (a
  // read), as the standard's does; a stream or Blob given stays itself.
  #toStream(source: Exclude<BodySource, null>): ReadableStream<Uint8Array> {
    if (source instanceof ReadableStream) return source;
    if (source instanceof Blob) return source.stream();
    const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
    return new ReadableStream({
      type: 'bytes',
      pull: (controller) => {
        this.#used = true;
        if (bytes.byteLength > 0) controller.enqueue(new Uint8Array(bytes));
        controller.close();
      },
    });
  }

  /** The body for a copy (clone), leaving this one readable. */
  protected copyBody(): BodySource {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    if (this.#stream === null && !(this.#source instanceof ReadableStream)) return this.#source;
    const [mine, theirs] = (this.#stream ?? (this.#source as ReadableStream<Uint8Array>)).tee();
    this.#stream = mine;
    return theirs;
  }
}


function withDefaultType(headers: Headers, type: string | null): Headers {
  if (type !== null && !headers.has('content-type')) headers.set('content-type', type);
  return headers;
}

const normalizedMethods = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const forbiddenMethods = new Set(['CONNECT', 'TRACE', 'TRACK']);

function requestMethod(method: unknown): string {
  const text = String(method);
  if (!tokenPattern.test(text)) throw new TypeError(`'${text}' is not a valid HTTP method.`);
  const upper = text.toUpperCase();
  if (forbiddenMethods.has(upper)) throw new TypeError(`'${text}' HTTP method is unsupported.`);
  return normalizedMethods.has(upper) ? upper : text;
}

interface LightRequestInit {
  readonly method?: string;
  readonly headers?: HeadersLike | Headers | null;
  readonly body?: unknown;
  readonly signal?: AbortSignal | null;
  readonly duplex?: string;
}

// The fields are set in the constructor unless it hands over to Node's (!).
export class Request extends Body {
  readonly url!: string;
  readonly method!: string;
  readonly headers!: Headers;
  readonly signal!: AbortSignal;

  constructor(input: string | URL | Request, init: LightRequestInit = {}) {
    const from = input instanceof Request ? input : undefined;
    const method = init.method === undefined ? (from?.method ?? 'GET') : requestMethod(init.method);
    let extracted: ReturnType<typeof extractBody>;
    try {
      extracted = init.body === undefined ? { source: from === undefined ? null : from.takeBody(), type: null } : extractBody(init.body);
    } catch (error) {
      if (!(error instanceof UnsupportedBody)) throw error;
      fallbackUsed = true;
      return new globalThis.Request(input instanceof Request ? input.url : input, init as RequestInit) as unknown as Request;
    }
    if (extracted.source !== null && (method === 'GET' || method === 'HEAD')) throw new TypeError('Request with GET/HEAD method cannot have body.');
    super(extracted.source);
    this.url = from?.url ?? new URL(input ).href;
    this.method = method;
    this.headers = withDefaultType(new Headers(init.headers ?? from?.headers), extracted.type);
    this.signal = init.signal ?? from?.signal ?? new AbortController().signal;
  }

  /** The body, handed to a new Request made from this one (which then owns it). */
  private takeBody(): BodySource {
    const body = this.body;
    if (body !== null && this.bodyUsed) throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
    return body;
  }

  clone(): Request {
    return new Request(this.url, { method: this.method, headers: this.headers, body: this.copyBody(), signal: this.signal });
  }

  get [Symbol.toStringTag](): string {
    return 'Request';
  }
}

interface LightResponseInit {
  readonly status?: number;
  readonly statusText?: string;
  readonly headers?: HeadersLike | Headers | null;
}

// Statuses whose response never has a body.
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

export class Response extends Body {
  readonly status!: number;
  readonly statusText!: string;
  readonly headers!: Headers;
  readonly type = 'default';
  readonly url = '';
  readonly redirected = false;

  constructor(body: unknown = null, init: LightResponseInit = {}) {
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
    let extracted: ReturnType<typeof extractBody>;
    try {
      extracted = extractBody(body);
    } catch (error) {
      if (!(error instanceof UnsupportedBody)) throw error;
      fallbackUsed = true;
      return new globalThis.Response(body as ConstructorParameters<typeof globalThis.Response>[0], init as ResponseInit) as unknown as Response;
    }
    if (extracted.source !== null && nullBodyStatuses.has(status)) throw new TypeError('Response constructor: Invalid response status code ' + String(status));
    super(extracted.source);
    this.status = status;
    this.statusText = init.statusText ?? '';
    this.headers = withDefaultType(new Headers(init.headers), extracted.type);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  static json(data: unknown, init: LightResponseInit = {}): Response {
    const text = JSON.stringify(data) as string | undefined;
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const response = new Response(text, init);
    if (!new Headers(init.headers).has('content-type')) response.headers.set('content-type', 'application/json');
    return response;
  }

  static redirect(url: string | URL, status = 302): Response {
    if (![301, 302, 303, 307, 308].includes(status)) throw new RangeError(`Invalid status code ${String(status)}`);
    return new Response(null, { status, headers: { location: new URL(String(url)).href } });
  }

  clone(): Response {
    return new Response(this.copyBody(), { status: this.status, statusText: this.statusText, headers: this.headers });
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }
}

// Node's objects pass where these are checked (instanceof), as in a
// process that has only Node's: the constructors above fall back to them.
for (const [light, name] of [[Request, 'Request'], [Response, 'Response']] as const) {
  Object.defineProperty(light, Symbol.hasInstance, {
    value: (value: unknown) => Function.prototype[Symbol.hasInstance].call(light, value) || (fallbackUsed && value instanceof globalThis[name]),
  });
}
