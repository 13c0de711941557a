// A media bucket that does not answer: every request that needs it gets 503
// with {"detail"} (never a 500), and nothing acknowledged is lost.
import type { Hono } from 'hono';
import { describe, expect, inject, it } from 'vitest';
import { call } from '../lib/testing/api.ts';
import * as adminLog from '../lib/repositories/admin-log.ts';
import { getDb } from '../lib/database/pool.ts';
import type { FunctionApp } from '../lib/http/app.ts';
import { fieldErrors, inputValue, type logInAsStaff as LogInAsStaff } from '../lib/testing/admin-client.ts';
import type { captureLog as CaptureLog } from '../lib/testing/capture-log.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import { makeImage } from '../lib/testing/images.ts';
import { createTestBucket } from '../lib/testing/media.ts';
import { countRows, createRecipe, loadRecipe } from '../lib/testing/recipe-factories.ts';
import { freePort } from '../lib/testing/test-postgres.ts';
import { loadWithSettings } from '../lib/testing/settings.ts';

const unavailable = { detail: 'The media storage is unavailable. Try again shortly.' };
const image = 'uploads/recipe/3f2b8c1e-6a4d-4e5f-9b7a-1c2d3e4f5a6b.png';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let apps: { upload: Hono<any>; media: Hono<any>; detail: Hono<any> };
let adminRecipes: FunctionApp;
// From the same fresh module graph as the apps, so it hears their log.
let captureLog: typeof CaptureLog;
let logInAsStaff: typeof LogInAsStaff;

// A real bucket name, at an address where nothing listens.
const unreachableBucket = async () => ({
  MEDIA_BUCKET: await createTestBucket(inject('testS3Endpoint')),
  S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
});

loadWithSettings(unreachableBucket, async () => {
  apps = {
    upload: (await import('./recipe-upload-image.ts')).default,
    media: (await import('./static-media.ts')).default,
    detail: (await import('./recipe-detail.ts')).default,
  };
  adminRecipes = (await import('./admin-recipes.ts')).default;
  captureLog = (await import('../lib/testing/capture-log.ts')).captureLog;
  logInAsStaff = (await import('../lib/testing/admin-client.ts')).logInAsStaff;
});

describe('with the media bucket unreachable', () => {
  it('answers an upload with 503 and Retry-After, and the recipe keeps its image', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id, { image });
    const form = new FormData();
    form.append('image', new File([await makeImage('png')], 'photo.png', { type: 'image/png' }));
    const response = await apps.upload.request(`/api/recipe/recipes/${recipe.id}/upload-image/`, {
      method: 'POST',
      headers: { authorization: `Token ${token}` },
      body: form,
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual(unavailable);
    expect((await loadRecipe(recipe.id))?.image).toBe(image);
  });

  it.each([['GET'], ['HEAD']])('answers %s of an image with 503', async (method) => {
    const response = await apps.media.request(`/static/media/${image}`, { method });
    expect(response.status).toBe(503);
    if (method === 'GET') expect(await response.json()).toEqual(unavailable);
  });

  it('still deletes a recipe, and logs the image it could not remove', async () => {
    const { user, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(user.id, { image });
    const log = captureLog();
    let status;
    try {
      status = (await call(apps.detail, 'DELETE', `/api/recipe/recipes/${recipe.id}/`, { token })).status;
    } finally {
      log.restore();
    }
    expect(status).toBe(204);
    expect(await loadRecipe(recipe.id)).toBeUndefined();
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'could not remove a media file', file: image }));
  });
  it('answers the admin\'s recipe form with the form again (503) saying so, and changes nothing', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await createRecipe(owner.id, { title: 'Soup', image });
    const before = await countRows();
    const fields = { title: 'Leek soup', time_minutes: '30', price: '4.5', owner: String(owner.id) };
    const photo = new File([await makeImage('png')], 'photo.png', { type: 'image/png' });
    const notStored = 'The image could not be stored, so nothing was saved. Try again shortly.';
    const added = await client.post(adminRecipes, '/admin/recipes/add/', { ...fields, image: photo });
    expect(added.status).toBe(503);
    expect(fieldErrors(added.text, 'image')).toEqual([notStored]);
    expect(inputValue(added.text, 'title')).toBe('Leek soup');
    const changed = await client.post(adminRecipes, `/admin/recipes/${recipe.id}/`, { ...fields, image: photo });
    expect(changed.status).toBe(503);
    expect(fieldErrors(changed.text, 'image')).toEqual([notStored]);
    expect(await countRows()).toEqual(before);
    expect(await loadRecipe(recipe.id)).toMatchObject({ title: 'Soup', image });
    expect(await adminLog.historyOf(getDb(), 'recipe', recipe.id)).toEqual([]);
  });
});
