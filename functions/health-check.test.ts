import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { freePort } from '../lib/testing/test-postgres.ts';
import app from './health-check.ts';

describe('GET /api/health-check/', () => {
  it('answers healthy when the database answers', async () => {
    const response = await app.request('/api/health-check/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ healthy: true });
  });

  it('answers 503 unhealthy when the database cannot be reached', async () => {
    const closedPort = await freePort();
    vi.stubEnv('DATABASE_URL', `postgres://nobody:nothing@127.0.0.1:${closedPort}/none`);
    vi.resetModules();
    try {
      // A fresh module graph: a pool and a logger of its own.
      (await import('../lib/log.ts')).setLogLevel('silent');
      const { default: unreachable } = await import('./health-check.ts');
      const response = await unreachable.request('/api/health-check/');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ healthy: false });
    } finally {
      const { closeDb } = await import('../lib/database/pool.ts');
      await closeDb();
      vi.unstubAllEnvs();
    }
  });

  it('answers simultaneous checks with one query between them', async () => {
    await app.request('/api/health-check/'); // the pool's connection is open
    const query = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const responses = await Promise.all(Array.from({ length: 10 }, async () => app.request('/api/health-check/')));
      expect(responses.map(({ status }) => status)).toEqual(Array<number>(10).fill(200));
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    const response = await app.request('/api/health-check/', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await response.json()).toEqual({ detail: 'Method "POST" not allowed.' });
  });
});
