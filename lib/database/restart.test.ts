// The server under write load while its PostgreSQL stops and starts again:
// it stays up, answers 503 (never 500) while the database is away, serves
// again as soon as it is back, and loses no write it answered 2xx.
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { freePort } from '../testing/test-postgres.ts';
import { makeTempFolder } from '../testing/temp-folder.ts';

// A cluster of its own: stopping the shared test server would break the other files.
let dataDir = '';
let database: RunningPostgres | undefined;
let server: ServerProcess | undefined;

afterAll(async () => {
  server?.child.kill('SIGKILL');
  await database?.stop();
  if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
});

async function post(url: string, token: string, body: unknown): Promise<{ status: number; id?: number }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { id?: number };
    return { status: response.status, id: json.id };
  } catch {
    return { status: 0 };
  }
}

describe('a database restart under write load', () => {
  it('answers 503 while the database is away, recovers when it is back, and loses no acknowledged write', async () => {
    dataDir = await makeTempFolder('restart-');
    const port = await freePort();
    database = await startEmbeddedPostgres({ dataDir, port, database: 'recipe' });
    server = await startServerProcess({ DATABASE_URL: database.url });
    const api = server.baseUrl;

    await fetch(`${api}/api/user/create/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'w@example.com', password: 'writer123', name: 'W' }) });
    const login = await fetch(`${api}/api/user/token/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'w@example.com', password: 'writer123' }) });
    const { token } = (await login.json()) as { token: string };

    // Writers: each creates recipes one after another until told to stop.
    const statuses: number[] = [];
    const acknowledged: number[] = [];
    let writing = true;
    let n = 0;
    const writers = Array.from({ length: 4 }, async () => {
      while (writing) {
        n += 1;
        const result = await post(`${api}/api/recipe/recipes/`, token, { title: `r${n}`, time_minutes: 5, price: '1.00', tags: [{ name: `t${n % 7}` }] });
        statuses.push(result.status);
        if (result.status === 201 && result.id !== undefined) acknowledged.push(result.id);
      }
    });
    const waitFor = async (condition: () => boolean | Promise<boolean>) => {
      while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
    };
    await waitFor(() => acknowledged.length >= 20);

    await database.stop();
    const whileAway = await fetch(`${api}/api/health-check/`).catch((error: unknown) => {
      throw new Error(`server gone: ${server?.output.slice(-60, -20).join('\n') ?? ''}`, { cause: error });
    });
    expect(whileAway.status).toBe(503);
    expect(await whileAway.json()).toEqual({ healthy: false });
    const writesBefore = statuses.length;
    await waitFor(() => statuses.slice(writesBefore).filter((status) => status === 503).length >= 3);

    database = await startEmbeddedPostgres({ dataDir, port, database: 'recipe' });
    // Recovery is a condition, not a time: the pool reconnects on the next request.
    await waitFor(async () => (await fetch(`${api}/api/health-check/`)).status === 200);
    const acknowledgedWhenBack = acknowledged.length;
    await waitFor(() => acknowledged.length >= acknowledgedWhenBack + 20);
    writing = false;
    await Promise.all(writers);

    // Only 201 (served) and 503 (database away): never a 500, never a dropped connection.
    expect([...new Set(statuses)].sort()).toEqual([201, 503]);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>('select id from recipes');
      const stored = new Set(rows.map(({ id }) => Number(id)));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      // A write that failed left nothing half-done: every recipe has its tag.
      const { rows: untagged } = await client.query('select r.id from recipes r where not exists (select 1 from recipe_tags rt where rt.recipe_id = r.id)');
      expect(untagged).toEqual([]);
    } finally {
      await client.end();
    }
    expect(server.child.exitCode).toBeNull();
  });
});
