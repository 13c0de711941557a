// A cap on V8's old generation (--max-old-space-size) is what would bring the
// soak under its 150 MiB target (docs/benchmarks.md, "Memory"), and it is also
// a limit a request could reach, which would end the process. So the heaviest
// requests the API takes are sent here to a server started with npm start's
// flags, whatever they are, and must succeed with the server still running:
// unpaged lists of 100,000 recipes, three at once with a small request among
// them (written out 2,000 recipes at a time, one needs less than 32 MiB of old
// space, 24 MiB is too little; built whole it needed 128-192 MiB, and the
// seconds each blocked the event loop made the others answer 503), the biggest
// upload allowed, and 64 logins at once (Argon2's 19 MiB per hash is native
// memory, outside the cap).
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config.ts';
import { databaseUrl, getDb } from '../lib/database/pool.ts';
import { queryRecipes } from '../lib/repositories/recipe-search.ts';
import { toRecipeListJson } from '../lib/repositories/recipe-model.ts';
import { postJson, sendExpecting } from './request.ts';
import { bigUserRecipes, seedBigUser } from './seed-big.ts';
import { type BenchServer, startBenchServer } from './server.ts';

let server: BenchServer;
const signal = new AbortController().signal;

beforeAll(async () => {
  // The test file's own database and media folder (lib/testing/setup-database.ts).
  server = await startBenchServer(databaseUrl(), signal, { cpuProf: false, env: { MEDIA_ROOT: loadConfig().mediaRoot } });
});

afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

async function signUp(email: string): Promise<string> {
  const password = 'a-long-password';
  await sendExpecting(server.baseUrl, postJson('/api/user/create/', { email, password, name: 'Heavy user' }), 201, signal);
  const { token } = (await sendExpecting(server.baseUrl, postJson('/api/user/token/', { email, password }), 200, signal)) as { token: string };
  return token;
}

describe("under npm start's node flags", () => {
  it(`lists ${bigUserRecipes} recipes unpaged, three times at once, with a small request among them`, { timeout: 300_000 }, async () => {
    const { email, token } = await seedBigUser(server.baseUrl, databaseUrl(), signal);
    const get = async (path: string) => {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Token ${token}` }, signal });
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    };
    const [me, ...lists] = await Promise.all([get('/api/user/me/'), get('/api/recipe/recipes/'), get('/api/recipe/recipes/'), get('/api/recipe/recipes/')]);
    expect([me, ...lists].map(({ status }) => status)).toEqual([200, 200, 200, 200]);
    // Each list is the bytes of the list built whole (the filtered lists' path, buffered).
    const { id: userId } = await getDb().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const whole = JSON.stringify((await queryRecipes(getDb(), userId, {})).map(toRecipeListJson));
    expect(whole.startsWith('[{"id":')).toBe(true);
    for (const list of lists) {
      expect(list.type).toBe('application/json');
      expect(list.text.length).toBe(whole.length);
      expect(list.text === whole).toBe(true);
    }
    expect((JSON.parse(whole) as unknown[]).length).toBe(bigUserRecipes);
    expect(server.problems).toEqual([]);
    expect(server.exitStatus()).toBeNull();
  });

  it('takes the biggest image upload allowed', { timeout: 120_000 }, async () => {
    const token = await signUp('uploader@example.com');
    const recipe = (await sendExpecting(server.baseUrl, postJson('/api/recipe/recipes/', { title: 'Big', time_minutes: 1, price: '1.00' }, token), 201, signal)) as { id: number };
    // Random pixels do not compress: 1,850² of 3 bytes make a PNG just under the 10 MiB default.
    const size = 1850;
    const png = await sharp(randomBytes(size * size * 3), { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
    const limit = loadConfig().maxUploadBytes;
    expect(png.length).toBeLessThanOrEqual(limit);
    expect(png.length).toBeGreaterThan(0.95 * limit);
    const form = new FormData();
    form.append('image', new Blob([png], { type: 'image/png' }), 'big.png');
    const response = await fetch(`${server.baseUrl}/api/recipe/recipes/${recipe.id}/upload-image/`, { method: 'POST', headers: { Authorization: `Token ${token}` }, body: form, signal });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: recipe.id, image: expect.stringMatching(/\.png$/) as unknown });
    expect(server.exitStatus()).toBeNull();
  });

  it('logs in 64 times at once', { timeout: 120_000 }, async () => {
    const email = 'often@example.com';
    await signUp(email);
    const logins = Array.from({ length: 64 }, () => sendExpecting(server.baseUrl, postJson('/api/user/token/', { email, password: 'a-long-password' }), 200, signal));
    const answers = (await Promise.all(logins)) as { token: string }[];
    expect(answers.every(({ token }) => typeof token === 'string' && token.length > 0)).toBe(true);
    expect(server.exitStatus()).toBeNull();
  });
});
