// The admin log (lib/repositories/admin-log.ts) as the admin writes it and each object's
// "History" page shows it.
import { describe, expect, it } from 'vitest';
import dashboardApp from '../../functions/admin-dashboard.ts';
import recipesApp from '../../functions/admin-recipes.ts';
import tagsApp from '../../functions/admin-tags.ts';
import usersApp from '../../functions/admin-users.ts';
import { getDb } from '../database/pool.ts';
import { listRows, logInAsStaff } from '../testing/admin-client.ts';
import { createUser } from '../testing/factories.ts';
import { createRecipe, createTag } from '../testing/recipe-factories.ts';

const form = { title: 'Soup', time_minutes: '30', price: '4.50', link: '', description: '' };

/** The history page's rows as [user, action]. */
const entries = (page: string) => listRows(page).map(([, user, action]) => [user, action]);

describe('History', () => {
  it('lists who added and changed a recipe, and what changed, oldest first; keeps its deletion in the database', async () => {
    const { client } = await logInAsStaff({ email: 'staff@example.com' });
    const owner = await createUser();
    await client.post(recipesApp, '/admin/recipes/add/', { ...form, owner: String(owner.id) });
    const row = await getDb().selectFrom('recipes').select('id').executeTakeFirstOrThrow();
    await client.post(recipesApp, `/admin/recipes/${row.id}/`, { ...form, owner: String(owner.id), title: 'Better soup', price: '5' });
    await client.post(recipesApp, `/admin/recipes/${row.id}/`, { ...form, owner: String(owner.id), title: 'Better soup', price: '5' });
    const edit = await client.get(recipesApp, `/admin/recipes/${row.id}/`);
    expect(edit.text).toContain(`<a href="/admin/recipes/${row.id}/history/">History</a>`);
    const history = await client.get(recipesApp, `/admin/recipes/${row.id}/history/`);
    expect(history.status).toBe(200);
    expect(history.text).toContain('<h1>Change history: Better soup</h1>');
    expect(entries(history.text)).toEqual([
      ['staff@example.com', 'Added.'],
      ['staff@example.com', 'Changed title and price.'],
      ['staff@example.com', 'No fields changed.'],
    ]);
    expect(history.text).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/time>/);
    await client.post(recipesApp, `/admin/recipes/${row.id}/delete/`);
    const log = await getDb().selectFrom('admin_log').select(['object_type', 'object_id', 'object_repr', 'action']).orderBy('id').execute();
    expect(log.at(-1)).toEqual({ object_type: 'recipe', object_id: row.id, object_repr: 'Better soup', action: 'deleted' });
  });

  it('records a user’s changed fields and password; the entries outlive the staff member who made them', async () => {
    const { client, user: staff } = await logInAsStaff({ email: 'staff@example.com', isSuperuser: true });
    const member = await createUser({ email: 'member@example.com', name: 'Old' });
    await client.post(usersApp, `/admin/users/${member.id}/`, { email: member.email, name: 'New', is_active: 'on', is_staff: 'on' });
    await client.post(usersApp, `/admin/users/${member.id}/password/`, { new_password: 'brand-new-1', new_password_confirmation: 'brand-new-1' });
    const history = await client.get(usersApp, `/admin/users/${member.id}/history/`);
    expect(entries(history.text)).toEqual([
      ['staff@example.com', 'Changed name and staff status.'],
      ['staff@example.com', 'Changed password.'],
    ]);
    // A staff member deleting their own account: the entry is written first, then outlives them.
    expect((await client.post(usersApp, `/admin/users/${staff.id}/delete/`)).status).toBe(302);
    const log = await getDb().selectFrom('admin_log').select(['user_id', 'user_email', 'action']).orderBy('id').execute();
    expect(log).toEqual([
      { user_id: null, user_email: 'staff@example.com', action: 'changed' },
      { user_id: null, user_email: 'staff@example.com', action: 'changed' },
      { user_id: null, user_email: 'staff@example.com', action: 'deleted' },
    ]);
  });

  it('records a tag’s rename, and says when an object has no history', async () => {
    const { client } = await logInAsStaff({ email: 'staff@example.com' });
    const owner = await createUser();
    const tag = await createTag(owner.id, 'Vegan');
    expect((await client.get(tagsApp, `/admin/tags/${tag.id}/history/`)).text).toContain('This object doesn’t have a change history.');
    await client.post(tagsApp, `/admin/tags/${tag.id}/`, { name: 'Plant-based' });
    expect(entries((await client.get(tagsApp, `/admin/tags/${tag.id}/history/`)).text)).toEqual([['staff@example.com', 'Changed name.']]);
    const recipe = await createRecipe(owner.id);
    expect((await client.get(recipesApp, `/admin/recipes/${recipe.id}/history/`)).status).toBe(200);
    expect((await client.get(recipesApp, '/admin/recipes/999/history/')).status).toBe(404);
  });
});

describe('Recent actions on the dashboard', () => {
  it('lists the newest entries first, linking to objects that still exist', async () => {
    const { client } = await logInAsStaff({ email: 'staff@example.com' });
    const owner = await createUser();
    const keep = await createTag(owner.id, 'Keep');
    const drop = await createTag(owner.id, 'Drop');
    expect((await client.get(dashboardApp, '/admin/')).text).toContain('None available');
    await client.post(tagsApp, `/admin/tags/${keep.id}/`, { name: 'Kept' });
    await client.post(tagsApp, `/admin/tags/${drop.id}/delete/`);
    const dashboard = await client.get(dashboardApp, '/admin/');
    const items = [...dashboard.text.matchAll(/<li>(Added|Changed|Deleted) (.*?) <span/gs)].map(([, verb, what]) => `${verb ?? ''} ${what ?? ''}`);
    expect(items).toEqual(['Deleted tag “Drop”', `Changed tag “<a href="/admin/tags/${keep.id}/">Kept</a>”`]);
  });
});
