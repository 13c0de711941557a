// Contract tests of the build: every function of the manifest, bundled, in a
// fresh Node process of its own, driven with API Gateway events as Lambda
// would, against the test's PostgreSQL; its answers must equal the emulator's.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { functions } from '../../functions/index.ts';
import { projectRoot } from '../config.ts';
import { getDb } from '../database/pool.ts';
import { createGateway } from '../emulator/gateway.ts';
import { declaredPaths } from '../http/app.ts';
import { type BundleProcess, type LambdaResult, startBundle } from '../testing/bundle-process.ts';
import { createAuthenticatedUser } from '../testing/factories.ts';
import { makeImage } from '../testing/images.ts';
import { type EventOptions, httpApiEvent } from '../testing/lambda-events.ts';
import { createRecipe, createTag, linkTag } from '../testing/recipe-factories.ts';
import { freePort } from '../testing/test-postgres.ts';

type Name = keyof typeof functions;

// A deployed domain, allowed the way the README says.
const domainName = 'abc123.execute-api.eu-west-1.amazonaws.com';
const functionEnv = (name: string): Record<string, string> => ({
  AWS_LAMBDA_FUNCTION_NAME: name,
  SECRET_KEY: 's'.repeat(40),
  ALLOWED_HOSTS: '.execute-api.eu-west-1.amazonaws.com',
  DATABASE_URL: process.env.DATABASE_URL ?? '',
  MEDIA_ROOT: process.env.MEDIA_ROOT ?? '',
  LOG_LEVEL: 'warn',
});

const emulator = createGateway(Object.values(functions));
let dist = '';
const running = new Map<Name, BundleProcess>();
// Bundles started by a test for itself; stopped with the others (a process
// ends once its pool's idle connection has timed out).
const startedAlone: BundleProcess[] = [];

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'recipe-bundles-'));
  const build = spawn(process.execPath, [path.join(projectRoot, 'lib/build/run.ts'), '--out', dist], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  build.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(build, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`npm run build failed: ${stderr}`);
}, 300_000);

afterAll(async () => {
  await Promise.all([...running.values(), ...startedAlone].map((bundle) => bundle.stop()));
  await rm(dist, { recursive: true, force: true });
});

/** The bundle of `name`, started once in its own process. */
async function bundleOf(name: Name): Promise<BundleProcess> {
  let bundle = running.get(name);
  if (bundle === undefined) {
    bundle = await startBundle(path.join(dist, name, 'index.mjs'), functionEnv(name));
    running.set(name, bundle);
  }
  return bundle;
}

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

// JSON compared as data (the OpenAPI document's keys come in the order its
// functions were loaded), anything else as text.
function comparable({ body, ...rest }: Answer): unknown {
  return { ...rest, body: rest.headers['content-type']?.startsWith('application/json') === true ? (JSON.parse(body) as unknown) : body };
}

const comparedHeaders = ['content-type', 'location', 'allow', 'www-authenticate', 'x-content-type-options', 'x-frame-options', 'strict-transport-security'];

function pick(headers: (name: string) => string | null | undefined): Record<string, string | undefined> {
  return Object.fromEntries(comparedHeaders.map((name) => [name, headers(name) ?? undefined]));
}

// The deployed host and the emulator's differ; absolute URLs (images) are
// compared with the host taken out.
function answerOfLambda(result: LambdaResult): Answer {
  const headers = pick((name) => result.headers[name]);
  const bytes = Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  return { status: result.statusCode, headers, body: asText(bytes, headers).replaceAll(`https://${domainName}`, 'https://HOST') };
}

// Text as text, anything else (images) as base64.
function asText(bytes: Buffer, headers: Answer['headers']): string {
  return /^(text\/|application\/(json|javascript|yaml))/.test(headers['content-type'] ?? 'text/') ? bytes.toString('utf8') : bytes.toString('base64');
}

async function answerOfEmulator(options: EventOptions): Promise<Answer> {
  const stagePrefix = options.stage === undefined ? '' : `/${options.stage}`;
  const target = options.target.slice(stagePrefix.length);
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : new Uint8Array(options.body);
  const response = await emulator(new Request(`https://localhost${target}`, { method: options.method ?? 'GET', headers: options.headers, body }));
  const headers = pick((name) => response.headers.get(name));
  const text = asText(Buffer.from(await response.arrayBuffer()), headers);
  return { status: response.status, headers, body: text.replaceAll('https://localhost', 'https://HOST') };
}

async function lambda(name: Name, options: EventOptions): Promise<Answer> {
  return answerOfLambda(await (await bundleOf(name)).invoke(httpApiEvent({ domainName, ...options })));
}

/** Asks the bundle, then the emulator (same database), and expects the same answer. */
async function expectSameAnswer(name: Name, options: EventOptions): Promise<Answer> {
  const deployed = await lambda(name, options);
  const local = await answerOfEmulator(options);
  expect(comparable(deployed)).toEqual(comparable(local));
  return deployed;
}

// The packages of a scope in a bundle's node_modules/ whose names start with `prefix`.
function platformPackages(name: string, scope: string, prefix: string): string[] {
  const folder = path.join(dist, name, 'node_modules', scope);
  return existsSync(folder) ? readdirSync(folder).filter((entry) => entry.startsWith(prefix)) : [];
}

describe('npm run build', () => {
  it('writes one bundle per function, a manifest of their paths, and native addons only where needed', async () => {
    const manifest = JSON.parse(await readFile(path.join(dist, 'manifest.json'), 'utf8')) as {
      functions: { name: string; paths: string[]; addons: string[]; bytes: number }[];
    };
    expect(manifest.functions.map(({ name }) => name)).toEqual(Object.keys(functions));
    for (const entry of manifest.functions) {
      expect(entry.paths).toEqual(declaredPaths(functions[entry.name as Name]));
      expect(existsSync(path.join(dist, entry.name, 'index.mjs'))).toBe(true);
      expect(entry.bytes).toBeLessThan(1024 * 1024);
    }
    const addons = Object.fromEntries(manifest.functions.map(({ name, addons }) => [name, addons]));
    const argon2 = ['user-create', 'user-token', 'user-me', 'admin-login', 'admin-users'];
    // The upload, and the admin's recipe form, which takes an image too.
    const images = ['recipe-upload-image', 'admin-recipes'];
    for (const [name, carried] of Object.entries(addons)) {
      const expected = [...(argon2.includes(name) ? ['@node-rs/argon2'] : []), ...(images.includes(name) ? ['sharp'] : [])];
      expect({ name, carried }).toEqual({ name, carried: expected });
      // Each addon's JavaScript is in app.cjs; its platform's binary package (libvips too) in node_modules/.
      expect(platformPackages(name, '@node-rs', 'argon2-').length > 0).toBe(expected.includes('@node-rs/argon2'));
      expect(platformPackages(name, '@img', 'sharp-').length > 0).toBe(expected.includes('sharp'));
      expect(existsSync(path.join(dist, name, 'node_modules', '@node-rs', 'argon2'))).toBe(false);
      expect(existsSync(path.join(dist, name, 'node_modules', 'sharp'))).toBe(false);
    }
    // The AWS SDK (media in S3) only beside the functions that store or serve
    // images, out of their code: they import() it when the media are in a bucket.
    for (const name of ['static-media', 'recipe-upload-image', 'recipe-detail']) {
      expect(existsSync(path.join(dist, name, 'node_modules', '@aws-sdk', 'client-s3'))).toBe(true);
    }
    expect(existsSync(path.join(dist, 'health-check', 'node_modules', '@aws-sdk'))).toBe(false);
    expect(manifest.functions.find(({ name }) => name === 'recipe-detail')?.paths).toEqual(['/api/recipe/recipes/:id/']);
  });
});

describe('each bundle, alone in a fresh process, answers as the emulator does', () => {
  it('a GET with a query string', async () => {
    const { user, token } = await createAuthenticatedUser();
    const soup = await createRecipe(user.id, { title: 'Soup' });
    await createRecipe(user.id, { title: 'Cake' });
    const vegan = await createTag(user.id, 'Vegan');
    await linkTag(soup.id, vegan.id);
    const answer = await expectSameAnswer('recipe-list', { target: `/api/recipe/recipes/?tags=${String(vegan.id)}`, headers: { authorization: `Token ${token}` } });
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { title: string }[]).map(({ title }) => title)).toEqual(['Soup']);
  });

  it('a JSON POST', async () => {
    const { token } = await createAuthenticatedUser();
    const options = {
      method: 'POST',
      target: '/api/recipe/recipes/',
      headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Soup', time_minutes: 10, price: '2.50', tags: [{ name: 'Vegan' }] }),
    };
    // Each creates a recipe: the two answers differ only in its id.
    const deployed = await lambda('recipe-list', options);
    const local = await answerOfEmulator(options);
    const withoutId = ({ body, ...rest }: Answer) => ({ ...rest, body: { ...(JSON.parse(body) as object), id: 0 } });
    expect(deployed.status).toBe(201);
    expect(withoutId(deployed)).toEqual(withoutId(local));
  });

  it('a multipart upload sent in base64, and the image served back in base64', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const form = new FormData();
    form.append('image', new File([await makeImage('png')], 'photo.png', { type: 'image/png' }));
    const multipart = new Response(form);
    const body = new Uint8Array(await multipart.arrayBuffer());
    const options = {
      method: 'POST',
      target: `/api/recipe/recipes/${String(recipe.id)}/upload-image/`,
      headers: { authorization: `Token ${token}`, 'content-type': multipart.headers.get('content-type') ?? '' },
      body,
    };
    const deployed = await lambda('recipe-upload-image', options);
    const local = await answerOfEmulator(options);
    // Each upload gets a new file name.
    const image = /^https:\/\/HOST(\/static\/media\/uploads\/recipe\/[0-9a-f-]{36}\.png)$/;
    const shape = ({ body: text, ...rest }: Answer) => ({ ...rest, body: { ...(JSON.parse(text) as object), image: expect.stringMatching(image) as unknown } });
    expect(deployed.status).toBe(200);
    expect(shape(deployed)).toEqual(shape(local));
    // The second upload replaced the first (and its file): the recipe's image is the emulator's.
    const served = image.exec((JSON.parse(local.body) as { image: string }).image)?.[1] ?? '';
    const file = await expectSameAnswer('static-media', { target: served });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
  });

  it('a GET without the trailing slash', async () => {
    const answer = await expectSameAnswer('health-check', { target: '/api/health-check?probe=1' });
    expect(answer).toMatchObject({ status: 301, headers: { location: '/api/health-check/?probe=1' } });
  });

  it('a named stage', async () => {
    const { user, token } = await createAuthenticatedUser();
    await createTag(user.id, 'Vegan');
    const answer = await expectSameAnswer('tag-list', { target: '/prod/api/recipe/tags/', stage: 'prod', headers: { authorization: `Token ${token}` } });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual([{ id: expect.any(Number) as unknown, name: 'Vegan' }]);
  });

  it('an unknown id', async () => {
    const { token } = await createAuthenticatedUser();
    const answer = await expectSameAnswer('recipe-detail', { target: '/api/recipe/recipes/999999/', headers: { authorization: `Token ${token}` } });
    expect(answer).toMatchObject({ status: 404, body: '{"detail":"Not found."}' });
  });

  it.each(Object.keys(functions) as Name[])('%s, at each of its paths', async (name) => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const tag = await createTag(user.id, 'Vegan');
    for (const routePath of declaredPaths(functions[name])) {
      // Ids of rows that exist; a file the docs function ships (Swagger UI's, from its node_modules/).
      const value = (parameter: string) => (parameter === ':file' ? 'swagger-ui.css' : String(routePath.includes('/tags/') ? tag.id : recipe.id));
      const target = routePath.replace(/:\w+(\{[^}]*\})?/g, value).replace('*', 'missing.png');
      const options = { target, headers: { authorization: `Token ${token}` } };
      const deployed = await lambda(name, options);
      const local = await answerOfEmulator(options);
      // Pages carry a fresh CSRF token each time: their status and headers must match.
      if (local.headers['content-type']?.startsWith('text/html') === true) expect({ ...deployed, body: '' }).toEqual({ ...local, body: '' });
      else expect(comparable(deployed)).toEqual(comparable(local));
      expect(deployed.status).toBeLessThan(500);
    }
  });
});

describe('a bundle run as a function without SECRET_KEY', () => {
  it('fails at init with one line naming it, and writes nothing to disk', async () => {
    const env = functionEnv('health-check');
    delete env.SECRET_KEY;
    const child = spawn(process.execPath, [path.join(projectRoot, 'lib/testing/bundle-runner.ts'), path.join(dist, 'health-check', 'index.mjs')], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: SECRET_KEY is not set: [^\n]+\n$/);
    expect(existsSync(path.join(dist, '.data'))).toBe(false);
  });
});

describe('a bundle run as a function, at init', () => {
  // The bundle's sessions, told apart from the tests' by their application_name.
  // Given a port, the URL names the test's own proxy on the loopback (the
  // database may be another host, as in the DEV container).
  const databaseUrl = (port: number | undefined, applicationName: string): string => {
    const url = new URL(process.env.DATABASE_URL ?? '');
    if (port !== undefined) {
      url.hostname = '127.0.0.1';
      url.port = String(port);
    }
    url.searchParams.set('application_name', applicationName);
    return url.href;
  };
  const backends = async (applicationName: string): Promise<number[]> => {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${applicationName}`.execute(getDb());
    return rows.map(({ pid }) => pid);
  };
  const healthCheck = (bundle: BundleProcess) => bundle.invoke(httpApiEvent({ domainName, target: '/api/health-check/' }));
  const startHealthCheck = async (url: string): Promise<BundleProcess> => {
    const bundle = await startBundle(path.join(dist, 'health-check', 'index.mjs'), { ...functionEnv('health-check'), DATABASE_URL: url });
    startedAlone.push(bundle);
    return bundle;
  };

  it('connects to its database before its first request, which then uses that connection', async () => {
    const applicationName = `early-${randomUUID()}`;
    const bundle = await startHealthCheck(databaseUrl(undefined, applicationName));
    const [pid] = await vi.waitFor(async () => {
      const found = await backends(applicationName);
      expect(found).toHaveLength(1);
      return found;
    }, { timeout: 10_000, interval: 20 });
    expect(await healthCheck(bundle)).toMatchObject({ statusCode: 200, body: '{"healthy":true}' });
    expect(await backends(applicationName)).toEqual([pid]);
  });

  it('with its database away at init, answers as before: 503 while it is away, then connects on a later request', async () => {
    const applicationName = `early-${randomUUID()}`;
    const port = await freePort();
    const bundle = await startHealthCheck(databaseUrl(port, applicationName));
    const proxy = createServer((client) => {
      const database = new URL(process.env.DATABASE_URL ?? '');
      const server = connect(Number(database.port), database.hostname);
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
      client.pipe(server).pipe(client);
    });
    try {
      await vi.waitFor(() => { expect(bundle.stderr()).toContain('database connection at init failed'); }, { timeout: 10_000, interval: 20 });
      expect(await healthCheck(bundle)).toMatchObject({ statusCode: 503, body: '{"healthy":false}' });
      // The database comes back at the address the function knows.
      proxy.listen(port, '127.0.0.1');
      await once(proxy, 'listening');
      expect(await healthCheck(bundle)).toMatchObject({ statusCode: 200, body: '{"healthy":true}' });
      expect(await backends(applicationName)).toHaveLength(1);
    } finally {
      proxy.close();
    }
  });
});
