import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.ts';
import { setLogLevel } from '../log.ts';
import { httpApiEvent } from '../testing/lambda-events.ts';
import { createFunctionApp, defineRoute } from './app.ts';
import { readBody } from './body.ts';
import { clientAddress } from './client-address.ts';
import { lambdaHandler } from './lambda.ts';

const ok = { 200: { description: 'OK' } };
const app = createFunctionApp();
defineRoute(app, { method: 'get', path: '/api/things/', responses: ok }, (c) => c.json({ query: c.req.query(), client: clientAddress(c) }));
defineRoute(app, { method: 'post', path: '/api/things/', responses: ok }, async (c) => c.json({ body: await readBody(c) }));
defineRoute(app, { method: 'get', path: '/api/picture/', responses: ok }, (c) =>
  c.body(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]), 200, { 'Content-Type': 'image/png' }),
);
const handler = lambdaHandler(app);

interface Result {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}
const invoke = async (...args: Parameters<typeof httpApiEvent>) => (await handler(httpApiEvent(...args), {} as never)) as Result;

describe('the Lambda handler (API Gateway HTTP API, payload 2.0)', () => {
  it('serves the $default stage, with the query and the client address from the event', async () => {
    const result = await invoke({ target: '/api/things/?q=1', sourceIp: '198.51.100.4' });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ query: { q: '1' }, client: '198.51.100.4' });
  });

  it('takes a named stage off the path', async () => {
    const result = await invoke({ target: '/prod/api/things/?q=2', stage: 'prod' });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ query: { q: '2' } });
  });

  it('redirects a slashless GET under a named stage to the stage\'s path', async () => {
    const result = await invoke({ target: '/prod/api/things?q=3', stage: 'prod' });
    expect(result.statusCode).toBe(301);
    expect(result.headers.location).toBe('/prod/api/things/?q=3');
  });

  it('redirects a slashless GET on the $default stage, with the security headers and HSTS', async () => {
    const result = await invoke({ target: '/api/things?q=4' });
    expect(result.statusCode).toBe(301);
    expect(result.headers).toMatchObject({
      location: '/api/things/?q=4',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=31536000',
    });
  });

  it('leaves a path alone when it does not start with the stage', async () => {
    expect((await invoke({ target: '/production/api/things/', stage: 'prod' })).statusCode).toBe(404);
    expect((await invoke({ target: '/prod/api/things/' })).statusCode).toBe(404);
  });

  it('reads a base64 body', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ title: 'Soupe à l\'oignon' }));
    const result = await invoke({ method: 'POST', target: '/api/things/', headers: { 'Content-Type': 'application/json' }, body });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ body: { title: 'Soupe à l\'oignon' } });
  });

  it('sends a binary answer in base64 and JSON as text', async () => {
    const picture = await invoke({ target: '/api/picture/' });
    expect(picture.isBase64Encoded).toBe(true);
    expect([...Buffer.from(picture.body, 'base64')]).toEqual([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    expect((await invoke({ target: '/api/things/' })).isBase64Encoded).toBe(false);
  });

  it('answers a dot segment in the raw path with 404', async () => {
    const result = await invoke({ target: '/prod/api/things/%2e/', stage: 'prod' });
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body)).toEqual({ detail: 'Not found.' });
  });

  it('has written the request\'s log line when it returns the answer (a frozen function writes nothing after)', async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    setLogLevel('info');
    try {
      // Read as the handler's promise settles, before any later turn of the event loop.
      const linesAtAnswer = await handler(httpApiEvent({ target: '/api/things/?q=5' }), {} as never).then(() => written.join(''));
      const lines = linesAtAnswer.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', path: '/api/things/', status: 200 }));
    } finally {
      setLogLevel(loadConfig().logLevel);
      write.mockRestore();
    }
  });
});
