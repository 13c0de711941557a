// What every admin list offers (lib/admin/change-list.ts, delete-selected.ts):
// "Delete selected" after a confirmation page, the owner (or staff/active)
// filter, sorting by a column header, each kept by the others' links.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import ingredientsApp from '../../functions/admin-ingredients.ts';
import recipesApp from '../../functions/admin-recipes.ts';
import tagsApp from '../../functions/admin-tags.ts';
import usersApp from '../../functions/admin-users.ts';
import { loadConfig } from '../config.ts';
import { getDb } from '../database/pool.ts';
import { listRows, logInAsStaff } from '../testing/admin-client.ts';
import { createUser } from '../testing/factories.ts';
import { filesUnder } from '../testing/images.ts';
import { createIngredient, createRecipe, createTag, linkTag, loadRecipe } from '../testing/recipe-factories.ts';
import * as users from '../repositories/users.ts';

const { mediaRoot } = loadConfig();

beforeEach(async () => {
  await rm(path.join(mediaRoot, 'uploads'), { recursive: true, force: true });
});

/** The first cell's text of each row (the linked name). */
const names = (page: string) => listRows(page).map(([first = '']) => first.replace(/<[^>]+>/g, ''));

describe('"Delete selected"', () => {
  it('asks first on a page listing the recipes and their image files, then deletes them with the files, and says how many', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser({ email: 'cook@example.com' });
    await mkdir(path.join(mediaRoot, 'uploads/recipe'), { recursive: true });
    await writeFile(path.join(mediaRoot, 'uploads/recipe/soup.png'), 'png');
    const soup = await createRecipe(owner.id, { title: 'Soup', image: 'uploads/recipe/soup.png' });
    const pie = await createRecipe(owner.id, { title: 'Pie' });
    const kept = await createRecipe(owner.id, { title: 'Kept' });
    const list = await client.get(recipesApp, '/admin/recipes/');
    expect(list.text).toContain('<option value="delete_selected">Delete selected recipes</option>');
    expect(list.text).toContain(`<input type="checkbox" name="selected" value="${soup.id}" aria-label="Select Soup">`);
    const confirm = await client.post(recipesApp, '/admin/recipes/', { action: 'delete_selected', selected: [String(soup.id), String(pie.id)] });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('<h1>Are you sure?</h1>');
    expect(confirm.text).toContain('Recipe: Soup (of cook@example.com)<ul><li>Image: uploads/recipe/soup.png</li></ul>');
    expect(confirm.text).toContain('Recipe: Pie (of cook@example.com)');
    expect(await loadRecipe(soup.id)).toBeDefined();
    const done = await client.post(recipesApp, '/admin/recipes/', { action: 'delete_selected', selected: [String(soup.id), String(pie.id)], post: 'yes' });
    expect(done.status).toBe(302);
    expect(done.location).toBe('/admin/recipes/');
    expect(await loadRecipe(soup.id)).toBeUndefined();
    expect(await loadRecipe(pie.id)).toBeUndefined();
    expect(await loadRecipe(kept.id)).toBeDefined();
    expect(await filesUnder(mediaRoot)).toEqual([]);
    const after = await client.get(recipesApp, '/admin/recipes/');
    expect(after.text).toContain('Successfully deleted 2 recipes.');
    expect(names(after.text)).toEqual(['Kept']);
  });

  it('deletes selected tags and ingredients (recipes stay, without them)', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const vegan = await createTag(owner.id, 'Vegan');
    const recipe = await createRecipe(owner.id);
    await linkTag(recipe.id, vegan.id);
    const leek = await createIngredient(owner.id, 'Leek');
    expect((await client.post(tagsApp, '/admin/tags/', { action: 'delete_selected', selected: String(vegan.id), post: 'yes' })).status).toBe(302);
    expect((await client.get(tagsApp, '/admin/tags/')).text).toContain('Successfully deleted 1 tag.');
    expect((await client.post(ingredientsApp, '/admin/ingredients/', { action: 'delete_selected', selected: String(leek.id), post: 'yes' })).status).toBe(302);
    expect(await loadRecipe(recipe.id)).toMatchObject({ tags: [], ingredients: [] });
  });

  it('changes nothing without a ticked row or without the action, and says so', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await createRecipe(owner.id);
    const none = await client.post(recipesApp, '/admin/recipes/?q=x', { action: 'delete_selected', post: 'yes' });
    expect(none.location).toBe('/admin/recipes/?q=x');
    expect((await client.get(recipesApp, '/admin/recipes/')).text).toContain('Items must be selected in order to perform actions on them. No items have been changed.');
    await client.post(recipesApp, '/admin/recipes/', { action: '', selected: String(recipe.id), post: 'yes' });
    expect((await client.get(recipesApp, '/admin/recipes/')).text).toContain('No action selected.');
    expect(await loadRecipe(recipe.id)).toBeDefined();
  });

  it.each([101, 65_536])('refuses a selection of %i ids (more than a page) with a 400 that says so, and deletes nothing', async (count) => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await createRecipe(owner.id);
    const tag = await createTag(owner.id, 'vegan');
    for (const [app, url, id] of [[recipesApp, '/admin/recipes/', recipe.id], [tagsApp, '/admin/tags/', tag.id]] as const) {
      // A forged form: a real id and small ones, most of which do not exist (a 1 MB form holds ~65,536).
      const selected = new Set([String(id)]);
      for (let n = 1; selected.size < count; n += 1) selected.add(String(n));
      const response = await client.post(app, url, { action: 'delete_selected', selected: [...selected], post: 'yes' });
      expect(response.status).toBe(400);
      expect(response.text).toContain(`At most 100 items can be deleted at a time (one page of the list); ${count} were selected.`);
    }
    expect(await loadRecipe(recipe.id)).toBeDefined();
    expect((await client.get(tagsApp, '/admin/tags/')).text).toContain('vegan');
  });

  it('refuses without the CSRF token (403) and deletes nothing', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const recipe = await createRecipe(owner.id);
    const response = await client.post(recipesApp, '/admin/recipes/', { action: 'delete_selected', selected: String(recipe.id), post: 'yes' }, { csrf: null });
    expect(response.status).toBe(403);
    expect(await loadRecipe(recipe.id)).toBeDefined();
  });

  it('lets staff who are not superusers delete users, but not a superuser among them', async () => {
    const { client } = await logInAsStaff({ isSuperuser: false });
    const plain = await createUser({ email: 'plain@example.com' });
    const boss = await createUser({ isStaff: true, isSuperuser: true });
    const refused = await client.post(usersApp, '/admin/users/', { action: 'delete_selected', selected: [String(plain.id), String(boss.id)], post: 'yes' });
    expect(refused.status).toBe(403);
    expect(await users.findUserById(getDb(), plain.id)).toBeDefined();
    const confirm = await client.post(usersApp, '/admin/users/', { action: 'delete_selected', selected: String(plain.id) });
    expect(confirm.text).toContain('User: plain@example.com (with their recipes, tags, ingredients and images)');
    expect((await client.post(usersApp, '/admin/users/', { action: 'delete_selected', selected: String(plain.id), post: 'yes' })).status).toBe(302);
    expect(await users.findUserById(getDb(), plain.id)).toBeUndefined();
  });
});

describe('filters', () => {
  it('shows one owner’s recipes, tags and ingredients, keeping the filter in the search form and the sort links', async () => {
    const { client } = await logInAsStaff();
    const ann = await createUser({ email: 'ann@example.com' });
    const bob = await createUser({ email: 'bob@example.com' });
    await createRecipe(ann.id, { title: 'Ann soup' });
    await createRecipe(bob.id, { title: 'Bob soup' });
    await createTag(ann.id, 'Ann tag');
    await createTag(bob.id, 'Bob tag');
    await createIngredient(bob.id, 'Bob leek');
    await createIngredient(ann.id, 'Ann leek');
    const recipes = await client.get(recipesApp, `/admin/recipes/?owner=${ann.id}`);
    expect(names(recipes.text)).toEqual(['Ann soup']);
    expect(recipes.text).toContain(`<option value="${ann.id}" selected>ann@example.com</option>`);
    expect(recipes.text).toContain(`<input type="hidden" name="owner" value="${ann.id}">`);
    expect(recipes.text).toContain(`<a href="/admin/recipes/?owner=${ann.id}&amp;o=title">Title</a>`);
    expect(names((await client.get(tagsApp, `/admin/tags/?owner=${bob.id}`)).text)).toEqual(['Bob tag']);
    expect(names((await client.get(ingredientsApp, `/admin/ingredients/?owner=${ann.id}`)).text)).toEqual(['Ann leek']);
    // An owner that is not one shows everything, never a 500.
    expect(names((await client.get(recipesApp, '/admin/recipes/?owner=99999999999999999999')).text)).toEqual(['Ann soup', 'Bob soup']);
  });

  it('shows users by staff status and by active status', async () => {
    const { client } = await logInAsStaff({ email: 'staff@example.com' });
    await createUser({ email: 'member@example.com' });
    await createUser({ email: 'gone@example.com', isActive: false });
    expect(names((await client.get(usersApp, '/admin/users/?is_staff=yes')).text)).toEqual(['staff@example.com']);
    expect(names((await client.get(usersApp, '/admin/users/?is_staff=no')).text)).toEqual(['member@example.com', 'gone@example.com']);
    expect(names((await client.get(usersApp, '/admin/users/?is_active=no')).text)).toEqual(['gone@example.com']);
    expect(names((await client.get(usersApp, '/admin/users/?is_active=yes&is_staff=no')).text)).toEqual(['member@example.com']);
  });
});

describe('sorting by a column header', () => {
  it('sorts recipes by price, then the other way when the header is clicked again', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    await createRecipe(owner.id, { title: 'Middle', price: '5.00' });
    await createRecipe(owner.id, { title: 'Cheap', price: '1.00' });
    await createRecipe(owner.id, { title: 'Dear', price: '9.00' });
    const ascending = await client.get(recipesApp, '/admin/recipes/?o=price');
    expect(names(ascending.text)).toEqual(['Cheap', 'Middle', 'Dear']);
    expect(ascending.text).toContain('<th aria-sort="ascending" class="sorted ascending"><a href="/admin/recipes/?o=-price">Price</a></th>');
    expect(names((await client.get(recipesApp, '/admin/recipes/?o=-price')).text)).toEqual(['Dear', 'Middle', 'Cheap']);
    // An unknown column is the default order (by id), never SQL.
    expect(names((await client.get(recipesApp, '/admin/recipes/?o=id;drop')).text)).toEqual(['Middle', 'Cheap', 'Dear']);
  });

  it('sorts tags by how many recipes use them, users by email', async () => {
    const { client } = await logInAsStaff({ email: 'm@example.com' });
    const owner = await createUser({ email: 'z@example.com' });
    await createUser({ email: 'a@example.com' });
    const rare = await createTag(owner.id, 'Rare');
    const common = await createTag(owner.id, 'Common');
    for (let n = 0; n < 2; n += 1) await linkTag((await createRecipe(owner.id)).id, common.id);
    await linkTag((await createRecipe(owner.id)).id, rare.id);
    await createTag(owner.id, 'Unused');
    expect(names((await client.get(tagsApp, '/admin/tags/?o=-recipe_count')).text)).toEqual(['Common', 'Rare', 'Unused']);
    expect(names((await client.get(usersApp, '/admin/users/?o=email')).text)).toEqual(['a@example.com', 'm@example.com', 'z@example.com']);
  });
});
