// A cap on V8's old generation (--max-old-space-size) is what would bring the
// soak under its 150 MiB target (docs/benchmarks.md, "Memory"), and it is also
// a limit a request could reach, which would end the process. So the heaviest
// requests the API takes are sent here to a server started with npm start's
// flags, whatever they are, and must succeed with the server still running: an
// unpaged list of 100,000 recipes (it needs between 128 and 192 MiB of old
// space: under a 128 MiB cap the process ends), the biggest upload allowed, and
// 64 logins at once (Argon2's 19 MiB per hash is native memory, outside the cap).
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config.ts';
import { databaseUrl } from '../lib/database/pool.ts';
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
  it(`lists ${bigUserRecipes} recipes unpaged`, { timeout: 300_000 }, async () => {
    const { token } = await seedBigUser(server.baseUrl, databaseUrl(), signal);
    const response = await fetch(`${server.baseUrl}/api/recipe/recipes/`, { headers: { Authorization: `Token ${token}` }, signal });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(bigUserRecipes);
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
