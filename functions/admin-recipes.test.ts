import { beforeEach, describe, expect, it } from 'vitest';
import { storedMedia } from '../lib/testing/media.ts';
import { createIngredient, createRecipe, createTag, linkIngredient, linkTag, loadRecipe } from '../lib/testing/recipe-factories.ts';
import { createAdminClient, fieldErrors, inputValue, listRows, logInAsStaff } from '../lib/testing/admin-client.ts';
import { createUser } from '../lib/testing/factories.ts';
import app from './admin-recipes.ts';

// The test setup gives this file a media root (or, in the S3 project, a bucket) of its own.
const media = storedMedia();

beforeEach(() => media.clear());

/** A recipe with an image file in the media storage. */
async function recipeWithImage(userId: number, name: string) {
  const image = `uploads/recipe/${name}.png`;
  await media.write(image, 'not really a png');
  return createRecipe(userId, { title: name, image });
}

const validForm = { title: 'Better soup', time_minutes: '45', price: '7.5', link: 'https://example.com/soup', description: 'Stir well.' };

describe('/admin/recipes/ for anyone but logged-in staff', () => {
  it.each([['/admin/recipes/'], ['/admin/recipes/1/'], ['/admin/recipes/1/delete/']])('sends an anonymous GET %s to the login page', async (url) => {
    const response = await createAdminClient().get(app, url);
    expect(response.status).toBe(302);
    expect(response.location).toBe(`/admin/login/?next=${encodeURIComponent(url)}`);
  });

  it('refuses an anonymous POST and changes nothing', async () => {
    const owner = await createUser();
    const recipe = await createRecipe(owner.id, { title: 'Soup' });
    expect((await createAdminClient().post(app, `/admin/recipes/${recipe.id}/delete/`)).location).toBe('/admin/login/?next=%2Fadmin%2F');
    expect(await loadRecipe(recipe.id)).toBeDefined();
  });
});

describe('GET /admin/recipes/', () => {
  it('lists every user’s recipes by id with owner email, title and price, each linking to its edit page', async () => {
    const { client } = await logInAsStaff();
    const ann = await createUser({ email: 'ann@example.com' });
    const bob = await createUser({ email: 'bob@example.com' });
    const first = await createRecipe(bob.id, { title: 'Bob’s bread', price: '3.20' });
    const second = await createRecipe(ann.id, { title: 'Ann’s apple pie', price: '12.00' });
    const response = await client.get(app, '/admin/recipes/');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(listRows(response.text)).toEqual([
      [`<a href="/admin/recipes/${first.id}/">Bob’s bread</a>`, 'bob@example.com', '3.20', '22'],
      [`<a href="/admin/recipes/${second.id}/">Ann’s apple pie</a>`, 'ann@example.com', '12.00', '22'],
    ]);
  });

  it('searches part of a title or of the owner’s email, in any case', async () => {
    const { client } = await logInAsStaff({ email: 'staff@example.com' });
    const ann = await createUser({ email: 'ann@example.com' });
    const bob = await createUser({ email: 'bob@example.com' });
    await createRecipe(ann.id, { title: 'Apple pie' });
    await createRecipe(bob.id, { title: 'Banana bread' });
    const byTitle = await client.get(app, '/admin/recipes/?q=APPLE');
    expect(byTitle.text).toContain('Apple pie');
    expect(byTitle.text).not.toContain('Banana bread');
    const byOwner = await client.get(app, '/admin/recipes/?q=bob%40');
    expect(byOwner.text).toContain('Banana bread');
    expect(byOwner.text).not.toContain('Apple pie');
    expect((await client.get(app, '/admin/recipes/?q=_')).text).toContain('No recipes found.');
  });

  it('shows 100 recipes a page with "Next" and "Previous"', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    for (let n = 1; n <= 101; n += 1) await createRecipe(owner.id, { title: `Recipe number ${n}` });
    const first = await client.get(app, '/admin/recipes/');
    expect(first.text.match(/<a href="\/admin\/recipes\/\d+\/">/g)).toHaveLength(100);
    expect(first.text).toContain('<a href="/admin/recipes/?page=2">Next</a>');
    expect(first.text).not.toContain('Recipe number 101<');
    const second = await client.get(app, '/admin/recipes/?page=2');
    expect(second.text.match(/<a href="\/admin\/recipes\/\d+\/">/g)).toHaveLength(1);
    expect(second.text).toContain('Recipe number 101<');
    expect(second.text).toContain('<a href="/admin/recipes/?page=1">Previous</a>');
    expect(second.text).not.toContain('>Next<');
  });

  it('escapes what users wrote', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    await createRecipe(owner.id, { title: '<script>alert(1)</script>' });
    const response = await client.get(app, '/admin/recipes/');
    expect(response.text).not.toContain('<script>alert(1)');
    expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('/admin/recipes/{id}/', () => {
  it('shows the recipe’s fields, its owner, tags and ingredients, "Save" and "Delete"', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser({ email: 'owner@example.com' });
    const recipe = await createRecipe(owner.id, { title: 'Soup', time_minutes: 30, price: '4.50', link: 'https://example.com/s', description: 'Hot.' });
    await linkTag(recipe.id, (await createTag(owner.id, 'Vegan')).id);
    await linkIngredient(recipe.id, (await createIngredient(owner.id, 'Leek')).id);
    const response = await client.get(app, `/admin/recipes/${recipe.id}/`);
    expect(response.status).toBe(200);
    for (const label of ['Title', 'Time (minutes)', 'Price', 'Link', 'Description']) expect(response.text).toMatch(new RegExp(`<label for="id_\\w+">${RegExp.escape(label)}</label>`));
    expect([inputValue(response.text, 'title'), inputValue(response.text, 'time_minutes'), inputValue(response.text, 'price'), inputValue(response.text, 'link')]).toEqual(['Soup', '30', '4.50', 'https://example.com/s']);
    expect(response.text).toContain('>Hot.</textarea>');
    expect(response.text).toContain(`<option value="${owner.id}" selected>owner@example.com</option>`);
    expect(response.text).toMatch(/<input type="checkbox" name="tags" value="\d+" checked> Vegan<\/label>/);
    expect(response.text).toMatch(/<input type="checkbox" name="ingredients" value="\d+" checked> Leek<\/label>/);
    for (const button of ['Save', 'Save and add another', 'Save and continue editing']) expect(response.text).toContain(`">${button}</button>`);
    expect(response.text).toContain(`href="/admin/recipes/${recipe.id}/delete/">Delete</a>`);
  });

  it('saves the fields by the API’s rules, with the tags ticked, leaving the image when no file is chosen', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await recipeWithImage(owner.id, 'soup');
    const vegan = await createTag(owner.id, 'Vegan');
    await linkTag(recipe.id, vegan.id);
    const response = await client.post(app, `/admin/recipes/${recipe.id}/`, { ...validForm, owner: String(owner.id), tags: [String(vegan.id)] });
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/recipes/');
    expect(await loadRecipe(recipe.id)).toMatchObject({
      title: 'Better soup', time_minutes: 45, price: '7.50', link: 'https://example.com/soup', description: 'Stir well.',
      tags: ['Vegan'], image: 'uploads/recipe/soup.png', user_id: owner.id,
    });
  });

  it('shows each error next to its field, keeps what was typed, and saves nothing', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await createRecipe(owner.id, { title: 'Soup', price: '4.50' });
    const response = await client.post(app, `/admin/recipes/${recipe.id}/`, { ...validForm, owner: String(owner.id), title: '   ', time_minutes: 'soon', price: '1234.5' });
    expect(response.status).toBe(400);
    expect(fieldErrors(response.text, 'title')).toEqual(['This field may not be blank.']);
    expect(fieldErrors(response.text, 'time_minutes')).toEqual(['A valid integer is required.']);
    expect(fieldErrors(response.text, 'price')).toEqual(['Ensure that there are no more than 3 digits before the decimal point.']);
    expect(fieldErrors(response.text, 'link')).toEqual([]);
    expect(inputValue(response.text, 'price')).toBe('1234.5');
    expect(inputValue(response.text, 'link')).toBe(validForm.link);
    expect(await loadRecipe(recipe.id)).toMatchObject({ title: 'Soup', price: '4.50' });
  });

  it('refuses a POST without the CSRF token (403) and changes nothing', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await createRecipe(owner.id, { title: 'Soup' });
    const response = await client.post(app, `/admin/recipes/${recipe.id}/`, validForm, { csrf: null });
    expect(response.status).toBe(403);
    expect((await loadRecipe(recipe.id))?.title).toBe('Soup');
  });

  it('answers 404 for a recipe that does not exist', async () => {
    const { client } = await logInAsStaff();
    expect((await client.get(app, '/admin/recipes/999/')).status).toBe(404);
    expect((await client.post(app, '/admin/recipes/999/', validForm)).status).toBe(404);
    expect((await client.get(app, '/admin/recipes/abc/delete/')).status).toBe(404);
  });
});

describe('/admin/recipes/{id}/delete/', () => {
  it('asks first ("Yes, I\'m sure") and deletes nothing on GET', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser({ email: 'owner@example.com' });
    const recipe = await recipeWithImage(owner.id, 'soup');
    const response = await client.get(app, `/admin/recipes/${recipe.id}/delete/`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('Are you sure you want to delete the recipe “soup” of owner@example.com? Its image uploads/recipe/soup.png is deleted with it.');
    expect(response.text).toContain('<button class="danger" type="submit">Yes, I\'m sure</button>');
    expect(await loadRecipe(recipe.id)).toBeDefined();
    expect(await media.files()).toEqual(['uploads/recipe/soup.png']);
  });

  it('deletes the recipe and its image file once confirmed, and nothing else', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const doomed = await recipeWithImage(owner.id, 'doomed');
    const kept = await recipeWithImage(owner.id, 'kept');
    const response = await client.post(app, `/admin/recipes/${doomed.id}/delete/`);
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/recipes/');
    expect(await loadRecipe(doomed.id)).toBeUndefined();
    expect(await loadRecipe(kept.id)).toBeDefined();
    expect(await media.files()).toEqual(['uploads/recipe/kept.png']);
  });

  it('refuses a delete without the CSRF token (403): the recipe and its file stay', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await recipeWithImage(owner.id, 'soup');
    expect((await client.post(app, `/admin/recipes/${recipe.id}/delete/`, {}, { csrf: null })).status).toBe(403);
    expect(await loadRecipe(recipe.id)).toBeDefined();
    expect(await media.files()).toEqual(['uploads/recipe/soup.png']);
  });
});
