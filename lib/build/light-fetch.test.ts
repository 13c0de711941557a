// The bundles' Request, Response and Headers must behave as Node's do for
// everything the functions, Hono and its Lambda adapter ask of them: each
// case runs on both and must give the same result (or the same kind of error).
import { describe, expect, it } from 'vitest';
import type { Context } from 'hono';
import { readBody } from '../http/body.ts';
import * as light from './light-fetch.ts';

interface Fetch {
  Headers: typeof globalThis.Headers;
  Request: typeof globalThis.Request;
  Response: typeof globalThis.Response;
}

const node: Fetch = { Headers: globalThis.Headers, Request: globalThis.Request, Response: globalThis.Response };
const ours = light as unknown as Fetch;

async function same(run: (fetch: Fetch) => unknown): Promise<void> {
  const expected = await outcomeOf(node, run);
  expect(await outcomeOf(ours, run)).toEqual(expected);
}

async function outcomeOf(fetch: Fetch, run: (fetch: Fetch) => unknown): Promise<unknown> {
  try {
    return { value: await run(fetch) };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

const entries = (headers: Headers) => [...headers];

describe('Headers', () => {
  it('keeps names case-insensitive, joins repeated values and lists them sorted, set-cookie apart', () =>
    same(({ Headers }) => {
      const headers = new Headers({ 'X-B': ' two ', 'x-a': '1' });
      headers.append('X-A', '2');
      headers.append('Set-Cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      headers.set('Content-Type', 'application/json');
      headers.delete('x-missing');
      const seen: string[] = [];
      headers.forEach((value, name) => seen.push(`${name}=${value}`));
      return { all: entries(headers), seen, a: headers.get('x-a'), cookies: headers.getSetCookie(), has: headers.has('X-B'), none: headers.get('nope'), keys: [...headers.keys()], values: [...headers.values()] };
    }));

  it('copies another Headers and a list of pairs', () =>
    same(({ Headers }) => entries(new Headers(new Headers([['a', '1'], ['b', '2'], ['a', '3']])))));

  it.each([
    ['a name with a space', (H: typeof Headers) => new H({ 'bad name': 'x' })],
    ['a value with a line break', (H: typeof Headers) => new H({ a: 'x\r\ny' })],
    ['a pair of three', (H: typeof Headers) => new H([['a', 'b', 'c']] as unknown as [string, string][])],
    ['a value beyond Latin-1', (H: typeof Headers) => new H({ a: 'é€' })],
  ])('refuses %s', (_name, make) => same(({ Headers }) => make(Headers)));
});

describe('Request', () => {
  it('normalizes the method and URL, and reads a JSON body once', () =>
    same(async ({ Request }) => {
      const request = new Request('https://example.com/api/x/?q=1#f', { method: 'post', headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode('{"a":"é"}') });
      const before = request.bodyUsed;
      const body = await request.json();
      return { url: request.url, method: request.method, before, body, after: request.bodyUsed, again: await request.text().catch((error: unknown) => (error as Error).constructor.name) };
    }));

  it('keeps an unknown method as written and refuses a forbidden one', async () => {
    await same(({ Request }) => new Request('https://example.com/', { method: 'delete' }).method);
    await same(({ Request }) => new Request('https://example.com/', { method: 'Custom' }).method);
    await same(({ Request }) => new Request('https://example.com/', { method: 'TRACE' }));
    await same(({ Request }) => new Request('https://example.com/', { method: 'bad method' }));
  });

  it('refuses a body on GET and a relative URL', async () => {
    await same(({ Request }) => new Request('https://example.com/', { body: 'x' }));
    await same(({ Request }) => new Request('/relative'));
  });

  it('gives a string body its default content type', () =>
    same(async ({ Request }) => {
      const request = new Request('https://example.com/', { method: 'PUT', body: 'plain' });
      return { type: request.headers.get('content-type'), text: await request.text() };
    }));

  it('streams its body in chunks, after which it counts as read', () =>
    same(async ({ Request }) => {
      const request = new Request('https://example.com/', { method: 'POST', body: new Uint8Array([1, 2, 3]) });
      const chunks: number[] = [];
      for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) chunks.push(...chunk);
      return { chunks, used: request.bodyUsed };
    }));

  it('is remade from another request with its body stream (the slash rule)', () =>
    same(async ({ Request }) => {
      const first = new Request('https://example.com/a', { method: 'POST', headers: { 'x-a': '1' }, body: '{"a":1}' });
      const second = new Request(new URL('https://example.com/a/'), { method: first.method, headers: first.headers, body: first.body, duplex: 'half' });
      return { url: second.url, headers: entries(second.headers), text: await second.text() };
    }));

  it('parses a multipart form', () =>
    same(async ({ Request }) => {
      const boundary = 'b0undary';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nSoup\r\n--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--${boundary}--\r\n`;
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- the bundles parse a body already read within its limit
      const form = await new Request('https://example.com/', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body }).formData();
      const image = form.get('image') as File;
      return { title: form.get('title'), image: [image.name, image.type, await image.text()] };
    }));

  it('clones with the body readable on both', () =>
    same(async ({ Request }) => {
      const request = new Request('https://example.com/', { method: 'POST', body: 'twice' });
      const copy = request.clone();
      return [await request.text(), await copy.text(), copy.method];
    }));
});

describe('a body read by lib/http/body.ts', () => {
  // A stream would load Node's web-streams code at a cold start: the body
  // the event brought is taken from memory, within the same limit.
  class Unstreamed extends light.Request {
    override get body(): never {
      throw new Error('read through a stream');
    }
  }
  const contextOf = (body: string | Uint8Array) =>
    ({ req: { raw: new Unstreamed('https://example.com/', { method: 'POST', headers: { 'content-type': 'application/json' }, body }) } }) as unknown as Context;

  it('is taken from memory, text or bytes, and then counts as read', async () => {
    expect(await readBody(contextOf('{"a":1}'))).toEqual({ a: 1 });
    const context = contextOf(new TextEncoder().encode('{"b":2}'));
    expect(await readBody(context)).toEqual({ b: 2 });
    expect((context.req.raw as unknown as light.Request).bodyUsed).toBe(true);
  });

  it('over the limit is a 413', async () => {
    await expect(readBody(contextOf(`{"a":"${'x'.repeat(64)}"}`), 64)).rejects.toMatchObject({ status: 413 });
  });
});

describe('Response', () => {
  it('answers JSON with its content type, and keeps one given', async () => {
    await same(async ({ Response }) => {
      const response = Response.json({ detail: 'Not found.' }, { status: 404 });
      return { status: response.status, ok: response.ok, headers: entries(response.headers), body: await response.json() };
    });
    await same(({ Response }) => entries(Response.json([1], { headers: { 'Content-Type': 'application/vnd.api+json' } }).headers));
    await same(({ Response }) => Response.json(undefined));
  });

  it('takes bytes, text and null bodies, with their default content types', () =>
    same(async ({ Response }) => {
      const bytes = new Response(new Uint8Array([0x89, 0x50, 0, 255]), { status: 201, headers: { 'content-type': 'image/png' } });
      const text = new Response('hello');
      const empty = new Response(null, { status: 204 });
      return [
        [bytes.status, [...new Uint8Array(await bytes.arrayBuffer())], entries(bytes.headers)],
        [await text.text(), entries(text.headers)],
        [empty.body, await empty.text(), empty.statusText],
      ];
    }));

  it('reads a stream given as its body', () =>
    same(async ({ Response }) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('a'));
          controller.enqueue(new TextEncoder().encode('b'));
          controller.close();
        },
      });
      return await new Response(stream).text();
    }));

  it('refuses a body with a null-body status and a status out of range', async () => {
    await same(({ Response }) => new Response('x', { status: 304 }));
    await same(({ Response }) => new Response(null, { status: 600 }));
    await same(({ Response }) => new Response(null, { status: 199 }));
  });

  it('is remade from another response, as Hono does when a middleware replaces it', () =>
    same(async ({ Response }) => {
      const first = new Response('{"a":1}', { status: 201, statusText: 'Created', headers: { 'content-type': 'application/json', 'x-a': '1' } });
      const second = new Response(first.body, first);
      return { status: second.status, statusText: second.statusText, headers: entries(second.headers), text: await second.text(), firstUsed: first.bodyUsed };
    }));

  it('knows its own instances and, once one was made, Node\'s', () => {
    expect(new light.Response('x')).toBeInstanceOf(light.Response);
    expect(new light.Request('https://example.com/')).toBeInstanceOf(light.Request);
    expect(new light.Response('x')).not.toBeInstanceOf(light.Request);
    const form = new FormData();
    form.append('a', '1');
    // A body these do not hold (FormData) is handed to Node's Response.
    const handedOver = new light.Response(form);
    expect(handedOver).toBeInstanceOf(globalThis.Response);
    expect(handedOver).toBeInstanceOf(light.Response);
  });
});
