// The tags and ingredients pages (functions/admin-tags.ts, admin-ingredients.ts)
// share their code, and so these tests: each runs for both kinds.
import { describe, expect, it } from 'vitest';
import ingredientsApp from '../../functions/admin-ingredients.ts';
import tagsApp from '../../functions/admin-tags.ts';
import ingredientListApp from '../../functions/ingredient-list.ts';
import tagListApp from '../../functions/tag-list.ts';
import { getDb } from '../database/pool.ts';
import { call } from '../testing/api.ts';
import { createAdminClient, fieldErrors, inputValue, logInAsStaff } from '../testing/admin-client.ts';
import { createAuthenticatedUser, createUser } from '../testing/factories.ts';
import { countRows, createIngredient, createRecipe, createTag, linkIngredient, linkTag, loadRecipe } from '../testing/recipe-factories.ts';

const kinds = [
  { kind: 'tags', one: 'tag', app: tagsApp, create: createTag, link: linkTag },
  { kind: 'ingredients', one: 'ingredient', app: ingredientsApp, create: createIngredient, link: linkIngredient },
] as const;

async function exists(kind: 'tags' | 'ingredients', id: number): Promise<boolean> {
  return (await getDb().selectFrom(kind).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

describe.each(kinds)('/admin/$kind/', ({ kind, one, app, create, link }) => {
  const listUrl = `/admin/${kind}/`;
  const pageUrl = (id: number | string) => `/admin/${kind}/${id}/`;
  const deleteUrl = (id: number | string) => `/admin/${kind}/${id}/delete/`;
  const rowPattern = /<tr>\s*<td class="select">.*?<\/td>\s*<td><a href="\/admin\/\w+\/(\d+)\/">(.*?)<\/a><\/td>\s*<td>(.*?)<\/td>\s*<td>(.*?)<\/td>/g;

  it.each([[listUrl], [pageUrl(1)], [deleteUrl(1)]])('sends an anonymous GET %s to the login page', async (url) => {
    const response = await createAdminClient().get(app, url);
    expect(response.status).toBe(302);
    expect(response.location).toBe(`/admin/login/?next=${encodeURIComponent(url)}`);
  });

  it('lists every user’s by id with owner email and use count, each linking to its page, behind the security headers', async () => {
    const { client } = await logInAsStaff();
    const ann = await createUser({ email: 'ann@example.com' });
    const bob = await createUser({ email: 'bob@example.com' });
    const first = await create(bob.id, 'Zesty');
    const second = await create(ann.id, 'Apple');
    const recipe = await createRecipe(ann.id);
    await link(recipe.id, second.id);
    const response = await client.get(app, listUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect([...response.text.matchAll(rowPattern)].map(([, id, name, owner, used]) => [Number(id), name, owner, used])).toEqual([
      [first.id, 'Zesty', 'bob@example.com', '0 recipes'],
      [second.id, 'Apple', 'ann@example.com', '1 recipe'],
    ]);
  });

  it(`shows a ${one}'s name to change, its owner and use, and links to "History" and "Delete"`, async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser({ email: 'owner@example.com' });
    const attribute = await create(owner.id, 'Vegan');
    await link((await createRecipe(owner.id)).id, attribute.id);
    const response = await client.get(app, pageUrl(attribute.id));
    expect(response.status).toBe(200);
    expect(response.text).toContain('“Vegan”</h1>');
    expect(response.text).toContain('Owner: owner@example.com · Used by 1 recipe');
    expect(inputValue(response.text, 'name')).toBe('Vegan');
    expect(response.text).toContain(`<a href="${pageUrl(attribute.id)}history/">History</a>`);
    expect(response.text).toContain(`<a class="danger" href="${deleteUrl(attribute.id)}">Delete</a>`);
  });

  it('searches part of the name or of the owner’s email, in any case', async () => {
    const { client } = await logInAsStaff({ email: 'staff@example.com' });
    const ann = await createUser({ email: 'ann@example.com' });
    const bob = await createUser({ email: 'bob@example.com' });
    await create(ann.id, 'Vegan');
    await create(bob.id, 'Spicy');
    const byName = await client.get(app, `${listUrl}?q=VEG`);
    expect(byName.text).toContain('Vegan');
    expect(byName.text).not.toContain('Spicy');
    const byOwner = await client.get(app, `${listUrl}?q=bob%40`);
    expect(byOwner.text).toContain('Spicy');
    expect(byOwner.text).not.toContain('Vegan');
    expect((await client.get(app, `${listUrl}?q=%25`)).text).toContain(`No ${kind} found.`);
  });

  it('shows 100 a page with "Next" and "Previous"', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    for (let n = 1; n <= 101; n += 1) await create(owner.id, `Item ${n}`);
    const first = await client.get(app, listUrl);
    expect([...first.text.matchAll(rowPattern)]).toHaveLength(100);
    expect(first.text).toContain(`<a href="${listUrl}?page=2">Next</a>`);
    const second = await client.get(app, `${listUrl}?page=2`);
    expect([...second.text.matchAll(rowPattern)].map(([, , name]) => name)).toEqual(['Item 101']);
    expect(second.text).toContain(`<a href="${listUrl}?page=1">Previous</a>`);
    expect(second.text).not.toContain('>Next<');
  });

  it(`asks before deleting a ${one} ("Yes, I'm sure"), naming its owner and the recipes it leaves`, async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser({ email: 'owner@example.com' });
    const attribute = await create(owner.id, 'Vegan');
    for (const title of ['One', 'Two']) await link((await createRecipe(owner.id, { title })).id, attribute.id);
    const response = await client.get(app, deleteUrl(attribute.id));
    expect(response.status).toBe(200);
    expect(response.text).toContain(`Are you sure you want to delete the ${one} “Vegan” of owner@example.com?`);
    expect(response.text).toContain('It is removed from the 2 recipes that use it.');
    expect(response.text).toContain(`<form method="post" action="${deleteUrl(attribute.id)}">`);
    expect(response.text).toContain('<button class="danger" type="submit">Yes, I\'m sure</button>');
    expect(await exists(kind, attribute.id)).toBe(true);
  });

  it(`deletes the ${one} once confirmed, and its links, but not the recipes`, async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const doomed = await create(owner.id, 'Doomed');
    const kept = await create(owner.id, 'Kept');
    const recipe = await createRecipe(owner.id);
    await link(recipe.id, doomed.id);
    await link(recipe.id, kept.id);
    const response = await client.post(app, deleteUrl(doomed.id));
    expect(response.status).toBe(302);
    expect(response.location).toBe(listUrl);
    expect(await exists(kind, doomed.id)).toBe(false);
    expect(await exists(kind, kept.id)).toBe(true);
    expect((await loadRecipe(recipe.id))?.[kind]).toEqual(['Kept']);
  });

  it('refuses a delete without the CSRF token (403) and deletes nothing', async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const attribute = await create(owner.id, 'Vegan');
    const before = await countRows();
    const response = await client.post(app, deleteUrl(attribute.id), {}, { csrf: null });
    expect(response.status).toBe(403);
    expect(response.text).toContain('CSRF verification failed. Request aborted.');
    expect(await countRows()).toEqual(before);
  });

  it('answers 404 for one that does not exist', async () => {
    const { client } = await logInAsStaff();
    expect((await client.get(app, pageUrl(999))).status).toBe(404);
    expect((await client.get(app, deleteUrl(999))).status).toBe(404);
    expect((await client.post(app, deleteUrl(999))).status).toBe(404);
    expect((await client.get(app, deleteUrl('0'))).status).toBe(404);
  });

  it(`adds a ${one} for the owner chosen, trimmed, which the owner's API list then shows`, async () => {
    const { client } = await logInAsStaff();
    const { user: owner, token } = await createAuthenticatedUser();
    const form = await client.get(app, `${listUrl}add/`);
    expect(form.text).toContain(`<option value="${owner.id}">${owner.email}</option>`);
    const response = await client.post(app, `${listUrl}add/`, { name: '  Vegan  ', owner: String(owner.id), _save: '' });
    expect(response.status).toBe(302);
    expect(response.location).toBe(listUrl);
    expect((await client.get(app, listUrl)).text).toContain(`The ${one} “Vegan” was added successfully.`);
    const api = await call(kind === 'tags' ? tagListApp : ingredientListApp, 'GET', `/api/recipe/${kind}/`, { token });
    expect(api.body).toEqual([{ id: expect.any(Number) as unknown, name: 'Vegan' }]);
  });

  it(`refuses a blank name, one over 255 characters, a name the owner has already, and no owner, next to the fields`, async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const other = await createUser();
    await create(owner.id, 'Vegan');
    const blank = await client.post(app, `${listUrl}add/`, { name: '   ' });
    expect(blank.status).toBe(400);
    expect(fieldErrors(blank.text, 'name')).toEqual(['This field may not be blank.']);
    expect(fieldErrors(blank.text, 'owner')).toEqual(['This field is required.']);
    const long = await client.post(app, `${listUrl}add/`, { name: 'x'.repeat(256), owner: String(owner.id) });
    expect(fieldErrors(long.text, 'name')).toEqual(['Ensure this field has no more than 255 characters.']);
    const taken = await client.post(app, `${listUrl}add/`, { name: 'Vegan', owner: String(owner.id) });
    expect(taken.status).toBe(400);
    expect(fieldErrors(taken.text, 'name')).toEqual(['You already have one with this name.']);
    // Unique per owner: another user may have a "Vegan".
    expect((await client.post(app, `${listUrl}add/`, { name: 'Vegan', owner: String(other.id) })).status).toBe(302);
    expect(await countRows()).toMatchObject({ [kind]: 2 });
  });

  it(`renames a ${one} (Save and continue editing), refusing a name its owner already has`, async () => {
    const { client } = await logInAsStaff();
    const owner = await createUser();
    const attribute = await create(owner.id, 'Vegan');
    await create(owner.id, 'Spicy');
    const taken = await client.post(app, pageUrl(attribute.id), { name: 'Spicy' });
    expect(taken.status).toBe(400);
    expect(fieldErrors(taken.text, 'name')).toEqual(['You already have one with this name.']);
    const renamed = await client.post(app, pageUrl(attribute.id), { name: ' Plant-based ', _continue: '' });
    expect(renamed.location).toBe(pageUrl(attribute.id));
    const page = await client.get(app, pageUrl(attribute.id));
    expect(page.text).toContain(`The ${one} “Plant-based” was changed successfully. You may edit it again below.`);
    expect(inputValue(page.text, 'name')).toBe('Plant-based');
  });
});
