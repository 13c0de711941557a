import { describe, expect, it } from 'vitest';
import { createFunctionApp, defineRoute } from './app.ts';
import { type Body, jsonBodyLimit, readBody } from './body.ts';

// A tiny app around readBody, so its errors are rendered by the real error handler.
const smallLimit = 64;
const app = createFunctionApp();
defineRoute(app, { method: 'post', path: '/api/echo/', responses: { 200: { description: 'The parsed body' } } }, async (c) =>
  c.json(await describeBody(await readBody(c))),
);
defineRoute(app, { method: 'post', path: '/api/small/', responses: { 200: { description: 'The parsed body' } } }, async (c) =>
  c.json(await describeBody(await readBody(c, smallLimit))),
);

// Files do not survive JSON.stringify; the echo shows what the handler received.
async function describeBody(body: Body): Promise<Record<string, unknown>> {
  const described: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    described[key] = value instanceof File ? { file: value.name, type: value.type, text: await value.text() } : value;
  }
  return described;
}

function post(path: string, body: RequestInit['body'], headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(app.request(path, { method: 'POST', body, headers }));
}

const json = { 'content-type': 'application/json' };
const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A body sent in chunks without Content-Length, counting how much of it the server pulls. */
function streamOf(parts: readonly string[]) {
  const read = { pulls: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const part = parts[read.pulls];
        read.pulls += 1;
        if (part === undefined) controller.close();
        else controller.enqueue(utf8(part));
      },
      cancel() {
        read.cancelled = true;
      },
    },
    // Nothing is pulled before the reader asks, so `pulls` counts what the reader took.
    { highWaterMark: 0 },
  );
  return { stream, read };
}

function postStream(path: string, stream: ReadableStream<Uint8Array>, headers: Record<string, string> = json): Promise<Response> {
  return Promise.resolve(app.request(path, { method: 'POST', body: stream, duplex: 'half', headers }));
}

describe('readBody: JSON', () => {
  it('returns a JSON object as it was sent', async () => {
    const sent = { title: 'Soup', time_minutes: 5, price: 5.5, tags: [{ name: 'vegan' }], link: null };
    const response = await post('/api/echo/', JSON.stringify(sent), json);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(sent);
  });

  it('accepts a media type with parameters, in any case', async () => {
    const response = await post('/api/echo/', '{"a": 1}', { 'content-type': 'Application/JSON; charset=utf-8' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ a: 1 });
  });

  it('decodes UTF-8 text', async () => {
    const response = await post('/api/echo/', utf8('{"name": "crème brûlée 🍮"}'), json);
    expect(await response.json()).toEqual({ name: 'crème brûlée 🍮' });
  });

  it.each([
    ['a syntax error', '{"title": "Soup",}'],
    ['NaN', '{"price": NaN}'],
    ['Infinity', '{"price": Infinity}'],
    ['a // comment', '{"title": "Soup"} // the name'],
    ['a body of only whitespace', ' \n\t '],
    ['two values', '{"a": 1} {"b": 2}'],
    ['single quotes', "{'title': 'Soup'}"],
  ])('answers 400 "JSON parse error" to %s', async (_case, text) => {
    const response = await post('/api/echo/', text, json);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ detail: expect.stringMatching(/^JSON parse error - \S/) as unknown });
  });

  it('answers 400 "JSON parse error" to bytes that are not UTF-8', async () => {
    // {"a":"\xff"}
    const response = await post('/api/echo/', bytes(0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d), json);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ detail: expect.stringMatching(/^JSON parse error - \S/) as unknown });
  });

  it.each([
    ['a list', '[{"title": "Soup"}]', 'list'],
    ['a string', '"Soup"', 'str'],
    ['null', 'null', 'NoneType'],
    ['an integer', '7', 'int'],
    ['a fraction', '7.5', 'float'],
    ['a boolean', 'true', 'bool'],
  ])('answers 400 non_field_errors to %s, naming its Python type', async (_case, text, typeName) => {
    const response = await post('/api/echo/', text, json);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeName}.`],
    });
  });
});

describe('readBody: forms', () => {
  it('reads form-urlencoded fields as strings, decoding escapes', async () => {
    const response = await post('/api/echo/', 'title=Hot+soup%21&time_minutes=5&name=caf%C3%A9&link=', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ title: 'Hot soup!', time_minutes: '5', name: 'café', link: '' });
  });

  it('turns a repeated form-urlencoded key into a list, in order', async () => {
    const response = await post('/api/echo/', 'tags=1&title=Soup&tags=2&tags=3', {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(await response.json()).toEqual({ tags: ['1', '2', '3'], title: 'Soup' });
  });

  it('reads multipart fields and files', async () => {
    const form = new FormData();
    form.append('title', 'Soup');
    form.append('tags', 'a');
    form.append('tags', 'b');
    form.append('image', new File(['not really a png'], 'soup.png', { type: 'image/png' }));
    // FormData sets "multipart/form-data; boundary=…" itself.
    const response = await post('/api/echo/', form);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      title: 'Soup',
      tags: ['a', 'b'],
      image: { file: 'soup.png', type: 'image/png', text: 'not really a png' },
    });
  });

  it('answers 400 to a multipart body that does not match its boundary', async () => {
    const response = await post('/api/echo/', 'title=Soup', { 'content-type': 'multipart/form-data; boundary=xyz' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ detail: expect.stringMatching(/^Multipart form parse error - /) as unknown });
  });
});

describe('readBody: empty bodies and media types', () => {
  it.each([
    ['no content type', {}],
    ['application/json', json],
    ['text/plain', { 'content-type': 'text/plain' }],
  ])('reads an empty body with %s as no fields', async (_case, headers) => {
    const response = await post('/api/echo/', new Uint8Array(), headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it('reads a request without a body as no fields', async () => {
    const response = await post('/api/echo/', null);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it('answers 415 to a non-empty text/plain body, naming the type', async () => {
    const response = await post('/api/echo/', '{"a": 1}', { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
  });

  it('answers 415 naming "" to a non-empty body without a content type', async () => {
    // Bytes, unlike a string, make fetch add no content type of its own.
    const response = await post('/api/echo/', utf8('{"a": 1}'));
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ detail: 'Unsupported media type "" in request.' });
  });
});

describe('readBody: size limit', () => {
  const exactly = (size: number) => `{"a":"${'x'.repeat(size - 8)}"}`;

  it('accepts a body of exactly the limit', async () => {
    const body = exactly(smallLimit);
    expect(body).toHaveLength(smallLimit);
    const response = await post('/api/small/', body, json);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ a: 'x'.repeat(smallLimit - 8) });
  });

  it('answers 413 to a body one byte over the limit', async () => {
    const response = await post('/api/small/', exactly(smallLimit + 1), json);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ detail: 'Request body too large.' });
  });

  it('answers 413 from the declared Content-Length without reading the body', async () => {
    const { stream, read } = streamOf(['{"a": 1}']);
    const response = await postStream('/api/small/', stream, { ...json, 'content-length': String(smallLimit + 1) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ detail: 'Request body too large.' });
    expect(read.pulls).toBe(0);
  });

  it('reads a streamed body without Content-Length when it stays within the limit', async () => {
    const { stream, read } = streamOf(['{"title":', ' "Soup"', '}']);
    const response = await postStream('/api/small/', stream);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ title: 'Soup' });
    expect(read.cancelled).toBe(false);
  });

  it('answers 413 to a streamed body as soon as it passes the limit, without reading the rest', async () => {
    // 100 chunks of 16 bytes; the limit (64 bytes) is passed inside the 5th.
    const { stream, read } = streamOf(['{"a":"', ...Array.from({ length: 98 }, () => 'x'.repeat(16)), '"}']);
    const response = await postStream('/api/small/', stream);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ detail: 'Request body too large.' });
    expect(read.pulls).toBeLessThanOrEqual(6);
    expect(read.cancelled).toBe(true);
  });

  it('does not trust a Content-Length smaller than the body', async () => {
    const { stream } = streamOf(['{"a":"', 'x'.repeat(smallLimit), '"}']);
    const response = await postStream('/api/small/', stream, { ...json, 'content-length': '8' });
    expect(response.status).toBe(413);
  });

  it('answers 413 to a multipart upload over the limit', async () => {
    const form = new FormData();
    form.append('image', new File(['x'.repeat(10 * smallLimit)], 'big.png', { type: 'image/png' }));
    // Sent as bytes: undici throws an uncaught error when a FormData body's stream is cancelled.
    const encoded = new Response(form);
    const response = await post('/api/small/', await encoded.arrayBuffer(), {
      'content-type': encoded.headers.get('content-type') ?? '',
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ detail: 'Request body too large.' });
  });

  it('limits JSON bodies to 1 MB by default', async () => {
    expect(jsonBodyLimit).toBe(1024 * 1024);
    const atLimit = await post('/api/echo/', exactly(jsonBodyLimit), json);
    expect(atLimit.status).toBe(200);
    const over = await post('/api/echo/', exactly(jsonBodyLimit + 1), json);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ detail: 'Request body too large.' });
  });
});
