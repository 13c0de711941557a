// A JSON array written batch by batch: the bytes of JSON.stringify, read only
// as the client takes them, and a failure answered or cut, never a short list.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { captureLog } from '../testing/capture-log.ts';
import { jsonArrayResponse } from './json-array-stream.ts';

/** Batches of `{ n }`, counting how many were read; `failAt` throws instead of that batch. */
function batches(sizes: readonly number[], failAt?: number) {
  const state = { read: 0 };
  async function* generate() {
    let n = 0;
    for (const [index, size] of sizes.entries()) {
      if (index === failAt) throw new Error('connection lost');
      state.read += 1;
      yield Array.from({ length: size }, () => ({ n: n++, text: 'é"\n' }));
      await Promise.resolve();
    }
  }
  return { state, generate };
}

function appOf(source: () => AsyncIterable<readonly { n: number }[]>) {
  const app = new Hono();
  app.get('/', (c) => jsonArrayResponse(c, source(), (item) => ({ ...item, double: item.n * 2 })));
  app.onError((error, c) => c.json({ detail: error.message }, 503));
  return app;
}

describe('jsonArrayResponse', () => {
  it.each([[[]], [[0]], [[3]], [[2, 0, 3]], [[0, 0]], [[1, 1, 1]]])('writes the bytes JSON.stringify writes, batches %j', async (sizes) => {
    const { generate } = batches(sizes);
    const response = await appOf(generate).request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const items = Array.from({ length: total }, (_, n) => ({ n, text: 'é"\n', double: n * 2 }));
    expect(await response.text()).toBe(JSON.stringify(items));
  });

  it('answers a list of one batch whole, with its length, and a longer one chunked', async () => {
    // Through Node's server, where the difference shows: one write with a
    // Content-Length, or a stream sent chunk by chunk.
    const served = { sizes: [] as number[] };
    const server = await new Promise<Server>((resolve) => {
      const started = serve({ fetch: appOf(() => batches(served.sizes).generate()).fetch, hostname: '127.0.0.1', port: 0 }, () => { resolve(started); }) as Server;
    });
    try {
      const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`;
      for (const sizes of [[3], [3, 3]]) {
        served.sizes = sizes;
        const response = await fetch(url);
        const text = await response.text();
        expect(JSON.parse(text)).toHaveLength(sizes.reduce((sum, size) => sum + size, 0));
        if (sizes.length === 1) expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
        else expect(response.headers.get('transfer-encoding')).toBe('chunked');
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => { server.close(resolve); });
    }
  });

  it('reads a batch beyond the second only when the client has taken the ones before', async () => {
    const { state, generate } = batches([2, 2, 2, 2, 2]);
    const log = captureLog();
    try {
      const response = await appOf(generate).request('/');
      expect(response.headers.get('content-length')).toBeNull();
      expect(state.read).toBe(2);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      expect(state.read).toBeLessThanOrEqual(3);
      // The client goes away: nothing more is read, and that is no error.
      await reader.cancel();
      expect(state.read).toBeLessThanOrEqual(3);
      expect(log.lines.filter(({ level }) => level === 'error')).toEqual([]);
    } finally {
      log.restore();
    }
  });

  it.each([0, 1])("answers batch %i's failure as the app answers errors", async (failAt) => {
    const { generate } = batches([2, 2, 2], failAt);
    const response = await appOf(generate).request('/');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ detail: 'connection lost' });
  });

  it("cuts the body at a later batch's failure, and logs it", async () => {
    const { generate } = batches([2, 2, 2, 2], 3);
    const log = captureLog();
    try {
      const response = await appOf(generate).request('/');
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow('connection lost');
      expect(log.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'response cut short', path: '/' }));
    } finally {
      log.restore();
    }
  });
});
