import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeImage } from '../lib/testing/images.ts';
import { storedMedia } from '../lib/testing/media.ts';
import { loadConfig } from '../lib/config.ts';
import app from './static-media.ts';

// The test setup gives this file a media root of its own, alone in a base
// folder: files put next to it must never be served (a path that escaped the
// root would find them). In the S3 project the files are in a bucket of the
// file's own instead, and the same requests must give the same answers.
const media = storedMedia();
const base = path.dirname(loadConfig().mediaRoot);

const folder = 'uploads/recipe';
const name = '3f2b8c1e-6a4d-4e5f-9b7a-1c2d3e4f5a6b';
const images = {
  png: { bytes: await makeImage('png'), type: 'image/png' },
  jpg: { bytes: await makeImage('jpeg'), type: 'image/jpeg' },
  gif: { bytes: await makeImage('gif'), type: 'image/gif' },
  webp: { bytes: await makeImage('webp'), type: 'image/webp' },
};
const url = (file: string) => `/static/media/${file}`;
const pngPath = `${folder}/${name}.png`;

beforeAll(async () => {
  for (const [extension, { bytes }] of Object.entries(images)) await media.write(`${folder}/${name}.${extension}`, bytes);
  // Next to the root, where only an escaped path could reach (in the folder
  // mode); in the bucket, the same names as keys a traversal would make.
  await mkdir(path.join(base, 'outside'), { recursive: true });
  await writeFile(path.join(base, 'secret.png'), images.png.bytes);
  await writeFile(path.join(base, 'outside', 'secret.png'), images.png.bytes);
  if (media.store === 's3') for (const key of ['secret.png', 'outside/secret.png']) await media.write(key, images.png.bytes);
});

async function expectNotFound(response: Response): Promise<void> {
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({ detail: 'Not found.' });
}

describe('GET /static/media/...', () => {
  it('streams the file with its type, length, validators, long-lived caching and nosniff, without credentials', async () => {
    const response = await app.request(url(pngPath));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-length')).toBe(String(images.png.bytes.length));
    expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(response.headers.get('last-modified')).toBe((await media.modified(pngPath)).toUTCString());
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(images.png.bytes);
  });

  it.each(Object.entries(images).map(([extension, { bytes, type }]) => [extension, type, bytes] as const))('serves a .%s file as %s', async (extension, type, bytes) => {
    const response = await app.request(url(`${folder}/${name}.${extension}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it('gives different files different ETags', async () => {
    const png = await app.request(url(pngPath));
    const gif = await app.request(url(`${folder}/${name}.gif`));
    expect(png.headers.get('etag')).not.toBe(gif.headers.get('etag'));
  });

  it('answers HEAD with the same headers and no body', async () => {
    const get = await app.request(url(pngPath));
    const head = await app.request(url(pngPath), { method: 'HEAD' });
    expect(head.status).toBe(200);
    for (const header of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control', 'x-content-type-options']) {
      expect(head.headers.get(header), header).toBe(get.headers.get(header));
    }
    expect(head.headers.get('content-length')).toBe(String(images.png.bytes.length));
    expect(await head.text()).toBe('');
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    const response = await app.request(url(pngPath), { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});

describe('conditional requests', () => {
  async function validators(): Promise<{ etag: string; lastModified: string }> {
    const response = await app.request(url(pngPath));
    return { etag: response.headers.get('etag') ?? '', lastModified: response.headers.get('last-modified') ?? '' };
  }

  it('answers 304 without a body when If-None-Match holds the ETag, keeping the validators and caching headers', async () => {
    const { etag } = await validators();
    const response = await app.request(url(pngPath), { headers: { 'If-None-Match': etag } });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
    expect(response.headers.get('etag')).toBe(etag);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    ['a list holding it', (etag: string) => `"other", ${etag}`],
    ['its weak form', (etag: string) => `W/${etag}`],
    ['*', () => '*'],
  ])('answers 304 for If-None-Match with %s', async (_name, header) => {
    const { etag } = await validators();
    expect((await app.request(url(pngPath), { headers: { 'If-None-Match': header(etag) } })).status).toBe(304);
  });

  it('answers 200 with the file when If-None-Match holds another ETag', async () => {
    const response = await app.request(url(pngPath), { headers: { 'If-None-Match': '"something-else"' } });
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(images.png.bytes);
  });

  it('answers 304 for If-Modified-Since at or after the file time, 200 before it', async () => {
    const { lastModified } = await validators();
    expect((await app.request(url(pngPath), { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);
    const later = new Date(Date.parse(lastModified) + 60_000).toUTCString();
    expect((await app.request(url(pngPath), { headers: { 'If-Modified-Since': later } })).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await app.request(url(pngPath), { headers: { 'If-Modified-Since': earlier } })).status).toBe(200);
  });

  it('lets If-None-Match decide over If-Modified-Since', async () => {
    const { lastModified } = await validators();
    const response = await app.request(url(pngPath), { headers: { 'If-None-Match': '"something-else"', 'If-Modified-Since': lastModified } });
    expect(response.status).toBe(200);
  });

  it('answers a conditional HEAD with 304 too', async () => {
    const { etag } = await validators();
    expect((await app.request(url(pngPath), { method: 'HEAD', headers: { 'If-None-Match': etag } })).status).toBe(304);
  });
});

describe('nothing but the files under the media root', () => {
  it.each([
    ['a missing file', `${folder}/00000000-0000-4000-8000-000000000000.png`],
    ['a folder', folder],
    ['a folder with a slash', `${folder}/`],
    ['the root itself', ''],
    ['a leading-dot file (our temporary files)', `${folder}/.${name}.png.tmp`],
  ])('answers 404 for %s', async (_name, file) => {
    await expectNotFound(await app.request(url(file)));
  });

  it('serves only image types: another stored file stays private', async () => {
    await media.write('notes.html', '<script>alert(1)</script>');
    await media.write('hidden.txt', 'text');
    await expectNotFound(await app.request(url('notes.html')));
    await expectNotFound(await app.request(url('hidden.txt')));
  });

  it.each([
    ['../', '/static/media/../secret.png'],
    ['../ twice', '/static/media/uploads/../../secret.png'],
    ['%2e%2e', '/static/media/%2e%2e/secret.png'],
    ['.%2E', '/static/media/.%2E/secret.png'],
    ['..%2F', '/static/media/..%2Fsecret.png'],
    ['%2F inside a segment', `/static/media/uploads%2Frecipe%2F${name}.png`],
    ['%2e%2e%2F', '/static/media/%2e%2e%2Fsecret.png'],
    ['..%5C', '/static/media/..%5Csecret.png'],
    ['%5C inside a segment', `/static/media/uploads%5Crecipe%5C${name}.png`],
    ['a backslash', '/static/media/..\\secret.png'],
    ['NUL', `/static/media/${folder}/${name}.png%00.png`],
    ['a malformed escape', '/static/media/%E0%A4%A.png'],
    ['an absolute path', `/static/media//${base.slice(1)}/secret.png`],
  ])('answers 404 to a path with %s', async (_name, requestPath) => {
    await expectNotFound(await app.request(requestPath));
  });
});
