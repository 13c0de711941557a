// A JSON array written batch by batch: the bytes of JSON.stringify, read only
// as the client takes them, and a failure answered or cut, never a short list.
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

  it('reads the next batch only when the client has taken the last one', async () => {
    const { state, generate } = batches([2, 2, 2, 2]);
    const log = captureLog();
    try {
      const response = await appOf(generate).request('/');
      expect(state.read).toBe(1);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      expect(state.read).toBeLessThanOrEqual(2);
      // The client goes away: nothing more is read, and that is no error.
      await reader.cancel();
      expect(state.read).toBeLessThanOrEqual(2);
      expect(log.lines.filter(({ level }) => level === 'error')).toEqual([]);
    } finally {
      log.restore();
    }
  });

  it("answers the first batch's failure as the app answers errors", async () => {
    const { generate } = batches([2, 2], 0);
    const response = await appOf(generate).request('/');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ detail: 'connection lost' });
  });

  it("cuts the body at a later batch's failure, and logs it", async () => {
    const { generate } = batches([2, 2, 2], 2);
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
