// The one body reader: JSON, form-urlencoded and multipart (DRF's parsers),
// with the size limit enforced while reading, never after.
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { bodyTooLarge, ClientAbortedError, HttpError, unsupportedMediaType, validationError } from './errors.ts';
import { pythonTypeName } from './fields.ts';
import { requestHeader, unreadNodeBodyOf } from './general-rules.ts';

export const jsonBodyLimit = 1024 * 1024;

const bodyInMemory = Symbol.for('recipe-api.body-in-memory');

export type FormValue = string | File;
/** A parsed body: JSON gives any values; forms give strings (and files), repeated keys as lists. */
export type Body = Record<string, unknown>;

export async function readBody(c: Context, limit: number = jsonBodyLimit): Promise<Body> {
  const request = c.req.raw;
  const bytes = await readLimited(request, unreadNodeBodyOf(request), requestHeader(c, 'content-length'), limit);
  if (bytes.byteLength === 0) return {};

  const contentType = requestHeader(c, 'content-type') ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  switch (mediaType) {
    case 'application/json':
      return expectObject(parseJson(bytes));
    case 'application/x-www-form-urlencoded':
      return collect(new URLSearchParams(new TextDecoder().decode(bytes)));
    case 'multipart/form-data':
      return collect(await parseMultipart(bytes, contentType));
    default:
      throw unsupportedMediaType(contentType);
  }
}

async function readLimited(request: Request, incoming: IncomingMessage | undefined, declared: string | undefined, limit: number): Promise<Uint8Array> {
  if (declared !== undefined && Number(declared) > limit) throw bodyTooLarge();
  // Served by Node: its own stream, read directly, costs a fraction of the
  // web-standard stream @hono/node-server would build around it.
  if (incoming !== undefined) return readIncoming(incoming, limit);
  // A deployed function's Request holds the event's body in memory
  // (lib/build/light-fetch.ts): taken as it is, no web stream built.
  const inMemory = (request as { [bodyInMemory]?: () => Uint8Array | undefined })[bodyInMemory]?.();
  if (inMemory !== undefined) {
    if (inMemory.byteLength > limit) throw bodyTooLarge();
    return inMemory;
  }
  if (request.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    // Leaving the loop early (the throw) cancels the stream: the rest is never read.
    for await (const chunk of request.body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > limit) throw bodyTooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // The stream of the request itself failed (its ECONNRESET looks like a
    // database connection's): the client went away, nothing of ours broke.
    throw new ClientAbortedError({ cause: error });
  }
  return Buffer.concat(chunks);
}

// The same limit and errors as above, on Node's request stream. Past the
// limit it stops reading; @hono/node-server discards the rest once the
// answer (413) is sent.
function readIncoming(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onAborted);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        stop();
        incoming.pause();
        reject(bodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    // The client went away (ECONNRESET, or the connection closed before the end).
    const onAborted = (error?: Error) => {
      stop();
      reject(new ClientAbortedError({ cause: error ?? incoming.errored ?? new Error('the request closed before its body ended') }));
    };
    const onClose = () => { onAborted(); };
    if (incoming.destroyed) {
      onAborted();
      return;
    }
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onAborted);
    incoming.on('close', onClose);
  });
}

// Stateless between calls (no { stream: true }): one serves every request.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw jsonParseError('Invalid UTF-8 in request body');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw jsonParseError(error instanceof Error ? error.message : 'Invalid JSON');
  }
}

function jsonParseError(reason: string): HttpError {
  return new HttpError(400, { detail: `JSON parse error - ${reason}` });
}

function expectObject(value: unknown): Body {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Body;
  throw validationError({
    non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(value)}.`],
  });
}

async function parseMultipart(bytes: Uint8Array, contentType: string): Promise<FormData> {
  try {
    // Deprecated for servers because it buffers the whole body; ours is
    // already read, within the route's limit.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    return await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new HttpError(400, { detail: 'Multipart form parse error - Invalid multipart body.' });
  }
}

function collect(entries: URLSearchParams | FormData): Body {
  const body: Record<string, FormValue | FormValue[]> = {};
  for (const [key, value] of entries) {
    const previous = body[key];
    if (previous === undefined) body[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else body[key] = [previous, value];
  }
  return body;
}
