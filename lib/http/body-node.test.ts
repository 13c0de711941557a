// readBody through the real Node server, where it reads Node's request
// stream directly (lib/http/general-rules.ts hands it over): the same
// parsing, limits and errors as through a web-standard Request (body.test.ts).
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { servedOverNode } from '../testing/node-server.ts';
import { createFunctionApp, defineRoute } from './app.ts';
import { readBody } from './body.ts';

const smallLimit = 64;
const app = createFunctionApp();
defineRoute(app, { method: 'post', path: '/api/small/', responses: { 200: { description: 'The parsed body' } } }, async (c) =>
  c.json(await readBody(c, smallLimit)),
);

const served = servedOverNode(app.fetch);

const json = { 'content-type': 'application/json' };

/** Sends `parts` as separate chunks (Transfer-Encoding: chunked, no Content-Length). */
function postChunked(parts: readonly string[]): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(served.url('/api/small/'), { method: 'POST', headers: json }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => { resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }); });
    });
    sent.on('error', reject);
    for (const part of parts) sent.write(part);
    sent.end();
  });
}

describe('readBody on the Node server', () => {
  it('reads a JSON body', async () => {
    const response = await fetch(served.url('/api/small/'), { method: 'POST', headers: json, body: '{"title": "Soup é"}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ title: 'Soup é' });
  });

  it('reads a form body, repeated keys as lists', async () => {
    const response = await fetch(served.url('/api/small/'), { method: 'POST', body: new URLSearchParams('a=1&a=2&b=x') });
    expect(await response.json()).toEqual({ a: ['1', '2'], b: 'x' });
  });

  it('reads a body sent in chunks', async () => {
    expect(await postChunked(['{"title":', ' "Soup"', '}'])).toEqual({ status: 200, body: { title: 'Soup' } });
  });

  it('reads a body of exactly the limit and answers 413 one byte over it', async () => {
    const exactly = (size: number) => `{"a":"${'x'.repeat(size - 8)}"}`;
    const atLimit = await fetch(served.url('/api/small/'), { method: 'POST', headers: json, body: exactly(smallLimit) });
    expect(atLimit.status).toBe(200);
    const over = await fetch(served.url('/api/small/'), { method: 'POST', headers: json, body: exactly(smallLimit + 1) });
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ detail: 'Request body too large.' });
  });

  it('answers 413 to a chunked body as it passes the limit', async () => {
    const parts = ['{"a":"', ...Array.from({ length: 98 }, () => 'x'.repeat(16)), '"}'];
    expect(await postChunked(parts)).toEqual({ status: 413, body: { detail: 'Request body too large.' } });
  });

  it('answers 400 to bytes that are not JSON, and 415 to an unknown media type', async () => {
    const broken = await fetch(served.url('/api/small/'), { method: 'POST', headers: json, body: '{"a": ' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ detail: expect.stringMatching(/^JSON parse error - /) as unknown });
    const text = await fetch(served.url('/api/small/'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
  });

  it('serves the next request on the same connection after a 413', async () => {
    const over = await postChunked(['{"a":"', 'x'.repeat(200), '"}']);
    expect(over.status).toBe(413);
    const next = await fetch(served.url('/api/small/'), { method: 'POST', headers: json, body: '{"b": 1}' });
    expect(await next.json()).toEqual({ b: 1 });
  });
});
