import path from 'node:path';
import type { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import { makeImage, type TestImageFormat, truncated } from '../lib/testing/images.ts';
import { storedMedia } from '../lib/testing/media.ts';
import { createRecipe, loadRecipe } from '../lib/testing/recipe-factories.ts';
import { loadWithSettings } from '../lib/testing/settings.ts';
import detailApp from './recipe-detail.ts';
import app from './recipe-upload-image.ts';
import mediaApp from './static-media.ts';

// The test setup gives this file a media root (or, in the S3 project, a bucket) of its own.
const media = storedMedia();

beforeEach(() => media.clear());

const uploadUrl = (id: number | string) => `/api/recipe/recipes/${id}/upload-image/`;
const storedPath = /^uploads\/recipe\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.(jpg|png|gif|webp)$/;
const invalidImage = { image: ['Upload a valid image. The file you uploaded was either not an image or a corrupted image.'] };

function imageForm(bytes: Uint8Array, name = 'photo.png', type = 'image/png'): FormData {
  const form = new FormData();
  form.append('image', new File([bytes], name, { type }));
  return form;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function upload(target: Hono<any>, id: number, body: FormData | Uint8Array | ReadableStream<Uint8Array>, options: { token?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers(options.headers);
  if (options.token !== undefined) headers.set('authorization', `Token ${options.token}`);
  const response = await target.request(uploadUrl(id), { method: 'POST', headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** A multipart body as bytes, with its content type: a FormData body over the limit would crash app.request. */
async function multipartBytes(form: FormData): Promise<{ bytes: Uint8Array; contentType: string }> {
  const response = new Response(form);
  return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? '' };
}

async function imageOf(recipeId: number): Promise<string | null | undefined> {
  return (await loadRecipe(recipeId))?.image;
}

describe('POST /api/recipe/recipes/{id}/upload-image/', () => {
  it('stores a PNG byte for byte and answers {id, image} with the absolute URL the detail shows too', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const png = await makeImage('png');
    const response = await upload(app, recipe.id, imageForm(png), { token });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const stored = await imageOf(recipe.id);
    expect(stored).toMatch(storedPath);
    expect(stored).toMatch(/\.png$/);
    expect(response.body).toEqual({ id: recipe.id, image: `http://localhost/static/media/${String(stored)}` });
    expect(Object.keys(response.body as object)).toEqual(['id', 'image']);
    expect(await media.files()).toEqual([stored]);
    expect(await media.read(String(stored))).toEqual(png);

    const detail = await call(detailApp, 'GET', `/api/recipe/recipes/${recipe.id}/`, { token });
    expect((detail.body as { image: unknown }).image).toBe((response.body as { image: unknown }).image);
  });

  it('serves the uploaded bytes at the URL it answers', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const png = await makeImage('png');
    const { image } = (await upload(app, recipe.id, imageForm(png), { token })).body as { image: string };
    const served = await mediaApp.request(image);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
  });

  it.each([
    ['jpeg', 'jpg'],
    ['gif', 'gif'],
    ['webp', 'webp'],
  ] as const)('stores a %s as .%s', async (format, extension) => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const bytes = await makeImage(format);
    const response = await upload(app, recipe.id, imageForm(bytes, `photo.${extension}`, `image/${format}`), { token });
    expect(response.status).toBe(200);
    const stored = String(await imageOf(recipe.id));
    expect(stored).toMatch(storedPath);
    expect(path.extname(stored)).toBe(`.${extension}`);
    expect(await media.read(stored)).toEqual(bytes);
  });

  it('names the file after its content, not after the name or type the client gave', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await upload(app, recipe.id, imageForm(await makeImage('png'), 'photo.jpg', 'image/jpeg'), { token });
    expect(response.status).toBe(200);
    expect(await imageOf(recipe.id)).toMatch(/\.png$/);
  });

  it('replaces the image and removes the old file once the new one is in place', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    await upload(app, recipe.id, imageForm(await makeImage('png')), { token });
    const first = String(await imageOf(recipe.id));
    const jpeg = await makeImage('jpeg');
    const response = await upload(app, recipe.id, imageForm(jpeg, 'photo.jpg', 'image/jpeg'), { token });
    expect(response.status).toBe(200);
    const second = String(await imageOf(recipe.id));
    expect(second).not.toBe(first);
    expect(await media.files()).toEqual([second]);
    expect(await media.read(second)).toEqual(jpeg);
  });

  it('removes the file when the recipe is deleted', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const kept = await createRecipe(user.id);
    await upload(app, recipe.id, imageForm(await makeImage('png')), { token });
    await upload(app, kept.id, imageForm(await makeImage('gif'), 'a.gif', 'image/gif'), { token });
    const response = await call(detailApp, 'DELETE', `/api/recipe/recipes/${recipe.id}/`, { token });
    expect(response.status).toBe(204);
    expect(await media.files()).toEqual([await imageOf(kept.id)]);
  });

  it('keeps the previous image and its file when a new upload is refused', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const png = await makeImage('png');
    await upload(app, recipe.id, imageForm(png), { token });
    const previous = String(await imageOf(recipe.id));
    const response = await upload(app, recipe.id, imageForm(truncated(await makeImage('jpeg')), 'b.jpg', 'image/jpeg'), { token });
    expect(response.status).toBe(400);
    expect(await imageOf(recipe.id)).toBe(previous);
    expect(await media.files()).toEqual([previous]);
    expect(await media.read(previous)).toEqual(png);
  });
});

describe('refused uploads: 400 with DRF\'s words, nothing stored', () => {
  const textFile = new TextEncoder().encode('just some text, not a picture\n');
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');

  const fileCases: [string, () => Promise<Uint8Array>, string][] = [
    ['a text file named x.jpg', () => Promise.resolve(textFile), 'x.jpg'],
    ['a truncated PNG', async () => truncated(await makeImage('png')), 'x.png'],
    ['a truncated JPEG', async () => truncated(await makeImage('jpeg')), 'x.jpg'],
    ['a truncated GIF', async () => truncated(await makeImage('gif')), 'x.gif'],
    ['a PNG signature followed by nothing', async () => (await makeImage('png')).subarray(0, 8), 'x.png'],
    ['an SVG', () => Promise.resolve(svg), 'x.svg'],
    ...(['tiff', 'avif'] as const satisfies TestImageFormat[]).map(
      (format): [string, () => Promise<Uint8Array>, string] => [`a ${format} image (a format sharp reads but we do not accept)`, () => makeImage(format), `x.${format}`],
    ),
  ];

  it.each(fileCases)('refuses %s as not a valid image', async (_name, bytes, fileName) => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await upload(app, recipe.id, imageForm(await bytes(), fileName), { token });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(invalidImage);
    expect(await imageOf(recipe.id)).toBeNull();
    expect(await media.files()).toEqual([]);
  });

  const bodyCases: [string, () => FormData | Uint8Array, Record<string, string>, unknown][] = [
    ['an empty file', () => imageForm(new Uint8Array()), {}, { image: ['The submitted file is empty.'] }],
    [
      'a form without the field',
      () => {
        const form = new FormData();
        form.append('picture', new File([textFile], 'x.png'));
        return form;
      },
      {},
      { image: ['No file was submitted.'] },
    ],
    ['an empty body', () => new Uint8Array(), {}, { image: ['No file was submitted.'] }],
    [
      'a text value in the field',
      () => {
        const form = new FormData();
        form.append('image', 'photo.png');
        return form;
      },
      {},
      { image: ['The submitted data was not a file. Check the encoding type on the form.'] },
    ],
    [
      'a JSON string in the field',
      () => new TextEncoder().encode(JSON.stringify({ image: 'photo.png' })),
      { 'content-type': 'application/json' },
      { image: ['The submitted data was not a file. Check the encoding type on the form.'] },
    ],
  ];

  it.each(bodyCases)('refuses %s', async (_name, body, headers, expected) => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await upload(app, recipe.id, body(), { token, headers });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(expected);
    expect(await imageOf(recipe.id)).toBeNull();
    expect(await media.files()).toEqual([]);
  });
});

describe('checks in DRF\'s order: 401 → 405 → 404 → 400', () => {
  it('refuses a request without a token with 401, even with a valid image, and stores nothing', async () => {
    const owner = await createUser();
    const recipe = await createRecipe(owner.id);
    const response = await upload(app, recipe.id, imageForm(await makeImage('png')));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Token');
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(await imageOf(recipe.id)).toBeNull();
    expect(await media.files()).toEqual([]);
  });

  it('authenticates before it refuses the method: GET without a token is a 401', async () => {
    expect((await call(app, 'GET', uploadUrl(1))).status).toBe(401);
  });

  it('refuses GET with 405 and Allow: POST, OPTIONS', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await call(app, 'GET', uploadUrl(recipe.id), { token });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
    expect(response.body).toEqual({ detail: 'Method "GET" not allowed.' });
  });

  it("answers 404 for another user's recipe, stores nothing and leaves their image alone", async () => {
    const other = await createAuthenticatedUser();
    const theirs = await createRecipe(other.user.id);
    await upload(app, theirs.id, imageForm(await makeImage('gif'), 'a.gif'), { token: other.token });
    const theirImage = String(await imageOf(theirs.id));
    const { token } = await createAuthenticatedUser();
    const response = await upload(app, theirs.id, imageForm(await makeImage('png')), { token });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not found.' });
    expect(await imageOf(theirs.id)).toBe(theirImage);
    expect(await media.files()).toEqual([theirImage]);
  });

  it.each([['999999'], ['abc'], ['0']])('answers 404 for recipe id %s', async (id) => {
    const { token } = await createAuthenticatedUser();
    const response = await call(app, 'POST', uploadUrl(id), { token });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not found.' });
  });

  it("looks the recipe up before reading the body: another user's recipe with no file is a 404", async () => {
    const owner = await createUser();
    const recipe = await createRecipe(owner.id);
    const { token } = await createAuthenticatedUser();
    const response = await upload(app, recipe.id, new FormData(), { token });
    expect(response.status).toBe(404);
  });
});

describe('the size limit (MAX_UPLOAD_MB=0.01, about 10 KB)', () => {
  const limit = Math.round(0.01 * 1024 * 1024);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let small: Hono<any>;
  loadWithSettings({ MAX_UPLOAD_MB: '0.01' }, async () => {
    small = (await import('./recipe-upload-image.ts')).default;
  });

  it('still takes an image under the limit', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    expect((await upload(small, recipe.id, imageForm(await makeImage('png')), { token })).status).toBe(200);
  });

  it('answers 413 for a body far over the limit and stores nothing', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const { bytes, contentType } = await multipartBytes(imageForm(new Uint8Array(200 * 1024)));
    const response = await upload(small, recipe.id, bytes, { token, headers: { 'content-type': contentType } });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ detail: 'Request body too large.' });
    expect(await imageOf(recipe.id)).toBeNull();
    expect(await media.files()).toEqual([]);
  });

  it('answers 413 for a valid image just over the limit, whose body fits the multipart allowance', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const png = await makeImage('png', 60);
    expect(png.length).toBeGreaterThan(limit);
    expect(png.length).toBeLessThan(2 * limit);
    const { bytes, contentType } = await multipartBytes(imageForm(png));
    const response = await upload(small, recipe.id, bytes, { token, headers: { 'content-type': contentType } });
    expect(response.status).toBe(413);
    expect(await media.files()).toEqual([]);
  });

  it('stops reading a body once it is over the limit', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await upload(small, recipe.id, endless, { token, headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024);
  });

  it('checks the recipe before the size: an over-limit body for an unknown recipe is a 404', async () => {
    const { token } = await createAuthenticatedUser();
    const { bytes, contentType } = await multipartBytes(imageForm(new Uint8Array(200 * 1024)));
    expect((await upload(small, 999, bytes, { token, headers: { 'content-type': contentType } })).status).toBe(404);
  });
});

describe('MEDIA_URL: image links on a CDN or the bucket domain', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let onCdn: { upload: Hono<any>; detail: Hono<any> };
  loadWithSettings({ MEDIA_URL: 'https://cdn.example.com/media/' }, async () => {
    onCdn = { upload: (await import('./recipe-upload-image.ts')).default, detail: (await import('./recipe-detail.ts')).default };
  });

  it('answers the upload and the detail with the file under MEDIA_URL instead of /static/media/', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id);
    const response = await upload(onCdn.upload, recipe.id, imageForm(await makeImage('png')), { token });
    expect(response.status).toBe(200);
    const stored = String(await imageOf(recipe.id));
    expect(response.body).toEqual({ id: recipe.id, image: `https://cdn.example.com/media/${stored}` });
    const detail = await call(onCdn.detail, 'GET', `/api/recipe/recipes/${recipe.id}/`, { token });
    expect((detail.body as { image: unknown }).image).toBe(`https://cdn.example.com/media/${stored}`);
    expect(await media.files()).toEqual([stored]);
  });
});
