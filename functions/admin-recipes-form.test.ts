// The admin's recipe form (functions/admin-recipes.ts): add and edit with
// owner, tags, ingredients and image, checked against what the API then serves.
import pg from 'pg';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as adminLog from '../lib/repositories/admin-log.ts';
import { databaseUrl, getDb } from '../lib/database/pool.ts';
import { call } from '../lib/testing/api.ts';
import { fieldErrors, inputValue, logInAsStaff } from '../lib/testing/admin-client.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import { makeImage, truncated } from '../lib/testing/images.ts';
import { storedMedia } from '../lib/testing/media.ts';
import { countRows, createIngredient, createRecipe, createTag, linkTag, loadRecipe } from '../lib/testing/recipe-factories.ts';
import app from './admin-recipes.ts';
import tagsApp from './admin-tags.ts';
import recipeDetailApp from './recipe-detail.ts';
import staticMediaApp from './static-media.ts';

// The test setup gives this file a media root (or, in the S3 project, a bucket) of its own.
const media = storedMedia();

beforeEach(() => media.clear());

const fields = { title: 'Leek soup', time_minutes: '30', price: '4.5', link: 'https://example.com/soup', description: 'Stir.' };
const pngFile = async (name = 'soup.png') => new File([await makeImage('png')], name, { type: 'image/png' });

async function apiRecipe(token: string, id: number) {
  return call(recipeDetailApp, 'GET', `/api/recipe/recipes/${id}/`, { token });
}

async function newestRecipeId(): Promise<number> {
  const row = await getDb().selectFrom('recipes').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

describe('GET /admin/recipes/add/', () => {
  it('offers every user as owner, and the tags and ingredients of the owner chosen (?owner=) only', async () => {
    const { client } = await logInAsStaff({ email: 'staff@example.com' });
    const ann = await createUser({ email: 'ann@example.com' });
    const bob = await createUser({ email: 'bob@example.com' });
    await createTag(ann.id, 'Vegan');
    await createTag(bob.id, 'Spicy');
    await createIngredient(ann.id, 'Leek');
    const blank = await client.get(app, '/admin/recipes/add/');
    expect(blank.status).toBe(200);
    expect(blank.text).toContain(`<option value="${ann.id}">ann@example.com</option>`);
    expect(blank.text).toContain('Choose the owner to see their tags.');
    const forAnn = await client.get(app, `/admin/recipes/add/?owner=${ann.id}`);
    expect(forAnn.text).toContain(`<option value="${ann.id}" selected>ann@example.com</option>`);
    expect(forAnn.text).toContain('> Vegan</label>');
    expect(forAnn.text).toContain('> Leek</label>');
    expect(forAnn.text).not.toContain('Spicy');
    expect(forAnn.text).toContain('enctype="multipart/form-data"');
    expect(forAnn.text).toContain('<script src="/static/admin/admin.js" defer></script>');
    expect(forAnn.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });
});

describe('the owner\'s choices admin.js fetches (?owner=…&fragment=choices)', () => {
  it('are the form\'s fields alone, and leave the message waiting for the next page', async () => {
    const { client } = await logInAsStaff();
    const ann = await createUser({ email: 'ann@example.com' });
    const bob = await createUser({ email: 'bob@example.com' });
    await createTag(bob.id, 'Spicy');
    await client.post(app, '/admin/recipes/add/', { ...fields, owner: String(ann.id), _continue: '' });
    const id = await newestRecipeId();
    // The page redirected to runs admin.js, which may ask before the user sees the message.
    const choices = await client.get(app, `/admin/recipes/${id}/?owner=${bob.id}&fragment=choices`);
    expect(choices.status).toBe(200);
    expect(choices.text).toContain('id="tags-choices"');
    expect(choices.text).toContain('> Spicy</label>');
    expect(choices.text).not.toContain('class="messages"');
    expect(choices.text).not.toContain('<html');
    expect((await client.get(app, `/admin/recipes/${id}/`)).text).toContain('The recipe “Leek soup” was added successfully. You may edit it again below.');
  });
});

describe('POST /admin/recipes/add/', () => {
  it('makes a recipe for the owner with two tags and an image: the API gives it to the owner, and the image URL serves the same bytes', async () => {
    const { client } = await logInAsStaff();
    const { user: owner, token } = await createAuthenticatedUser();
    const vegan = await createTag(owner.id, 'Vegan');
    const quick = await createTag(owner.id, 'Quick');
    const leek = await createIngredient(owner.id, 'Leek');
    const image = await pngFile();
    const response = await client.post(app, '/admin/recipes/add/', {
      ...fields, owner: String(owner.id), tags: [String(vegan.id), String(quick.id)], ingredients: [String(leek.id)], image, _save: '',
    });
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/recipes/');
    const id = await newestRecipeId();
    const api = await apiRecipe(token, id);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({
      title: 'Leek soup', time_minutes: 30, price: '4.50', link: 'https://example.com/soup', description: 'Stir.',
      tags: [{ id: vegan.id, name: 'Vegan' }, { id: quick.id, name: 'Quick' }],
      ingredients: [{ id: leek.id, name: 'Leek' }],
    });
    const url = new URL((api.body as { image: string }).image);
    expect(url.pathname).toMatch(/^\/static\/media\/uploads\/recipe\/[0-9a-f-]{36}\.png$/);
    const served = await staticMediaApp.request(url.pathname);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(new Uint8Array(await image.arrayBuffer()));
    const list = await client.get(app, '/admin/recipes/');
    expect(list.text).toContain('<ul class="messages" role="status"><li>The recipe “Leek soup” was added successfully.</li></ul>');
    // Shown once.
    expect((await client.get(app, '/admin/recipes/')).text).not.toContain('class="messages"');
    // A message cookie the admin did not sign (another subdomain could set one) shows nothing.
    client.cookies.set('admin_message', `${Buffer.from('Send your password to evil@example.com').toString('base64url')}.${'A'.repeat(43)}`);
    expect((await client.get(app, '/admin/recipes/')).text).not.toContain('evil@example.com');
  });

  it('"Save and add another" leads to a new form, "Save and continue editing" to the recipe, each with its message', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const another = await client.post(app, '/admin/recipes/add/', { ...fields, owner: String(owner.id), _addanother: '' });
    expect(another.location).toBe('/admin/recipes/add/');
    expect((await client.get(app, '/admin/recipes/add/')).text).toContain('The recipe “Leek soup” was added successfully. You may add another recipe below.');
    const again = await client.post(app, '/admin/recipes/add/', { ...fields, title: 'Pie', owner: String(owner.id), _continue: '' });
    const id = await newestRecipeId();
    expect(again.location).toBe(`/admin/recipes/${id}/`);
    const edit = await client.get(app, `/admin/recipes/${id}/`);
    expect(edit.text).toContain('The recipe “Pie” was added successfully. You may edit it again below.');
    expect(inputValue(edit.text, 'title')).toBe('Pie');
  });

  it('refuses another user’s tag, a missing owner, a file that is not an image and a cut-off PNG, next to their fields, and makes nothing', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const other = await createUser();
    const theirs = await createTag(other.id, 'Theirs');
    const wrongTag = await client.post(app, '/admin/recipes/add/', { ...fields, owner: String(owner.id), tags: [String(theirs.id)] });
    expect(wrongTag.status).toBe(400);
    expect(fieldErrors(wrongTag.text, 'tags')).toEqual([`Select a valid choice. ${theirs.id} is not one of the available choices.`]);
    const noOwner = await client.post(app, '/admin/recipes/add/', { ...fields, title: '' });
    expect(fieldErrors(noOwner.text, 'owner')).toEqual(['This field is required.']);
    expect(fieldErrors(noOwner.text, 'title')).toEqual(['This field may not be blank.']);
    const invalid = 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.';
    const text = await client.post(app, '/admin/recipes/add/', { ...fields, owner: String(owner.id), image: new File(['hello'], 'soup.png') });
    expect(fieldErrors(text.text, 'image')).toEqual([invalid]);
    const cut = await client.post(app, '/admin/recipes/add/', { ...fields, owner: String(owner.id), image: new File([truncated(await makeImage('png', 64))], 'soup.png') });
    expect(fieldErrors(cut.text, 'image')).toEqual([invalid]);
    expect(inputValue(cut.text, 'title')).toBe('Leek soup');
    expect(await countRows()).toMatchObject({ recipes: 0, recipe_tags: 0 });
    expect(await media.files()).toEqual([]);
  });
});

describe('POST /admin/recipes/{id}/', () => {
  it('answers 404 and logs no change when the recipe is deleted while the change is saved', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await createRecipe(owner.id, { title: 'Soup' });
    // Another session deletes the recipe and holds the row until the admin's update waits for it.
    const other = new pg.Client({ connectionString: databaseUrl() });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('delete from recipes where id = $1', [recipe.id]);
      const saving = client.post(app, `/admin/recipes/${recipe.id}/`, { ...fields, owner: String(owner.id) });
      await vi.waitFor(async () => {
        const { rowCount } = await other.query("select from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()");
        expect(rowCount).toBe(1);
      });
      await other.query('commit');
      expect((await saving).status).toBe(404);
    } finally {
      await other.end();
    }
    expect((await adminLog.historyOf(getDb(), 'recipe', recipe.id)).map(({ action }) => action)).toEqual([]);
  });

  it('removes a tag, replaces the image (the old file goes) and then clears it (its file goes)', async () => {
    const { client } = await logInAsStaff();
    const { user: owner, token } = await createAuthenticatedUser();
    const vegan = await createTag(owner.id, 'Vegan');
    const quick = await createTag(owner.id, 'Quick');
    await client.post(app, '/admin/recipes/add/', { ...fields, owner: String(owner.id), tags: [String(vegan.id), String(quick.id)], image: await pngFile() });
    const id = await newestRecipeId();
    const [first] = await media.files();
    const replaced = await client.post(app, `/admin/recipes/${id}/`, { ...fields, owner: String(owner.id), tags: [String(quick.id)], image: new File([await makeImage('jpeg')], 'new.jpg'), _continue: '' });
    expect(replaced.location).toBe(`/admin/recipes/${id}/`);
    const files = await media.files();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.jpg$/);
    expect(files[0]).not.toBe(first);
    expect((await apiRecipe(token, id)).body).toMatchObject({ tags: [{ id: quick.id, name: 'Quick' }], image: expect.stringMatching(/\.jpg$/) as unknown });
    const edit = await client.get(app, `/admin/recipes/${id}/`);
    expect(edit.text).toContain('The recipe “Leek soup” was changed successfully. You may edit it again below.');
    expect(edit.text).toContain(`Currently: <a href="http://localhost/static/media/${files[0] ?? ''}">`);
    const cleared = await client.post(app, `/admin/recipes/${id}/`, { ...fields, owner: String(owner.id), image_clear: 'on' });
    expect(cleared.location).toBe('/admin/recipes/');
    expect((await apiRecipe(token, id)).body).toMatchObject({ tags: [], image: null });
    expect(await media.files()).toEqual([]);
  });

  it('refuses more than 100 tags, as the API does', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await createRecipe(owner.id);
    const tags = await getDb().insertInto('tags').values(Array.from({ length: 101 }, (_, n) => ({ user_id: owner.id, name: `Tag ${n}` }))).returning('id').execute();
    const response = await client.post(app, `/admin/recipes/${recipe.id}/`, { ...fields, owner: String(owner.id), tags: tags.map(({ id }) => String(id)) });
    expect(response.status).toBe(400);
    expect(fieldErrors(response.text, 'tags')).toEqual(['Ensure this field has no more than 100 elements.']);
    expect(await countRows()).toMatchObject({ recipe_tags: 0 });
  });

  it('refuses a new file and "Clear" together', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await createRecipe(owner.id);
    const response = await client.post(app, `/admin/recipes/${recipe.id}/`, { ...fields, owner: String(owner.id), image: await pngFile(), image_clear: 'on' });
    expect(response.status).toBe(400);
    expect(fieldErrors(response.text, 'image')).toEqual(['Please either submit a file or check the clear checkbox, not both.']);
  });

  it('gives the recipe to another user with that user’s tags; the API shows it to the new owner only', async () => {
    const { client } = await logInAsStaff();
    const { user: ann, token: annToken } = await createAuthenticatedUser();
    const { user: bob, token: bobToken } = await createAuthenticatedUser();
    const recipe = await createRecipe(ann.id, { title: 'Soup' });
    await linkTag(recipe.id, (await createTag(ann.id, 'Vegan')).id);
    const spicy = await createTag(bob.id, 'Spicy');
    const response = await client.post(app, `/admin/recipes/${recipe.id}/`, { ...fields, owner: String(bob.id), tags: [String(spicy.id)] });
    expect(response.status).toBe(302);
    expect((await apiRecipe(annToken, recipe.id)).status).toBe(404);
    expect((await apiRecipe(bobToken, recipe.id)).body).toMatchObject({ title: 'Leek soup', tags: [{ id: spicy.id, name: 'Spicy' }] });
    expect(await loadRecipe(recipe.id)).toMatchObject({ user_id: bob.id, tags: ['Spicy'] });
  });
});

describe('CSRF on the new forms', () => {
  it('refuses a recipe added with an image but without the token (403): no row, no file', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const response = await client.post(app, '/admin/recipes/add/', { ...fields, owner: String(owner.id), image: await pngFile() }, { csrf: null });
    expect(response.status).toBe(403);
    expect(response.text).toContain('CSRF verification failed. Request aborted.');
    expect(await countRows()).toMatchObject({ recipes: 0 });
    expect(await media.files()).toEqual([]);
  });

  it('refuses a tag added without the token (403)', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    expect((await client.post(tagsApp, '/admin/tags/add/', { name: 'Vegan', owner: String(owner.id) }, { csrf: null })).status).toBe(403);
    expect(await countRows()).toMatchObject({ tags: 0 });
  });
});
