import { describe, expect, it } from 'vitest';
import { getDb } from '../lib/database/pool.ts';
import { call } from '../lib/testing/api.ts';
import { createAdminClient, fieldErrors, inputValue, logInAsStaff } from '../lib/testing/admin-client.ts';
import { createUser, defaultPassword } from '../lib/testing/factories.ts';
import { storedMedia } from '../lib/testing/media.ts';
import { createRecipe } from '../lib/testing/recipe-factories.ts';
import * as users from '../lib/repositories/users.ts';
import app from './admin-users.ts';
import tokenApp from './user-token.ts';

const newUser = { email: 'new@example.com', password: 'newpass123', password_confirmation: 'newpass123', name: 'New Person', is_active: 'on' };

async function userCount(): Promise<number> {
  const row = await getDb().selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return row.count;
}

async function apiLogin(email: string, password: string): Promise<number> {
  return (await call(tokenApp, 'POST', '/api/user/token/', { json: { email, password } })).status;
}

describe('/admin/users/ for anyone but logged-in staff', () => {
  it.each([['/admin/users/'], ['/admin/users/add/'], ['/admin/users/1/'], ['/admin/users/1/password/'], ['/admin/users/1/delete/']])(
    'sends an anonymous GET %s to the login page, coming back after',
    async (path) => {
      const response = await createAdminClient().get(app, path);
      expect(response.status).toBe(302);
      expect(response.location).toBe(`/admin/login/?next=${encodeURIComponent(path)}`);
    },
  );

  it('refuses an anonymous POST and creates nothing', async () => {
    const response = await createAdminClient().post(app, '/admin/users/add/', newUser);
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/login/?next=%2Fadmin%2F');
    expect(await userCount()).toBe(0);
  });
});

describe('CSRF on the user forms', () => {
  it.each([
    ['without a token', null],
    ['with a wrong token', '0'.repeat(64)],
  ])('refuses to add a user %s (403) and creates nothing', async (_case, csrf) => {
    const { client } = await logInAsStaff({ isSuperuser: true });
    const response = await client.post(app, '/admin/users/add/', newUser, { csrf });
    expect(response.status).toBe(403);
    expect(response.text).toContain('CSRF verification failed. Request aborted.');
    expect(await users.findUserByEmail(getDb(), newUser.email)).toBeUndefined();
  });

  it('refuses to edit, change a password or delete without a token, and changes nothing', async () => {
    const { client } = await logInAsStaff({ isSuperuser: true });
    const target = await createUser({ name: 'Before' });
    expect((await client.post(app, `/admin/users/${target.id}/`, { email: target.email, name: 'After' }, { csrf: null })).status).toBe(403);
    expect((await client.post(app, `/admin/users/${target.id}/password/`, { new_password: 'changed123', new_password_confirmation: 'changed123' }, { csrf: null })).status).toBe(403);
    expect((await client.post(app, `/admin/users/${target.id}/delete/`, {}, { csrf: null })).status).toBe(403);
    expect(await users.findUserById(getDb(), target.id)).toMatchObject({ name: 'Before' });
    expect(await users.authenticate(getDb(), target.email, defaultPassword)).not.toBeNull();
  });
});

describe('GET /admin/users/', () => {
  it('sends the security headers', async () => {
    const { client } = await logInAsStaff();
    const response = await client.get(app, '/admin/users/');
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('lists users by id with email and name, each linking to their edit page', async () => {
    const { client, user: staff } = await logInAsStaff({ email: 'staff@example.com', name: 'Staff Member' });
    const zed = await createUser({ email: 'zed@example.com', name: 'Zed Last' });
    const amy = await createUser({ email: 'amy@example.com', name: 'Amy First' });
    const response = await client.get(app, '/admin/users/');
    expect(response.status).toBe(200);
    const order = [staff, zed, amy].map((user) => response.text.indexOf(`<a href="/admin/users/${user.id}/">${user.email}</a>`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(response.text).toContain('<td>Zed Last</td>');
    expect(response.text).toContain('<a href="/admin/users/add/">Add user</a>');
  });

  it('searches part of an email or a name, in any case', async () => {
    const { client } = await logInAsStaff({ email: 'staff@example.com', name: 'Staff' });
    await createUser({ email: 'alice@example.com', name: 'Alice Archer' });
    await createUser({ email: 'bob@example.com', name: 'Bob Builder' });
    await createUser({ email: 'percent@example.com', name: '100% sure' });
    const byName = await client.get(app, '/admin/users/?q=ARCHER');
    expect(byName.text).toContain('alice@example.com');
    expect(byName.text).not.toContain('bob@example.com');
    expect(byName.text).toContain('value="ARCHER"');
    const byEmail = await client.get(app, '/admin/users/?q=bob%40');
    expect(byEmail.text).toContain('bob@example.com');
    expect(byEmail.text).not.toContain('alice@example.com');
    // % is a character to find, not a wildcard.
    const literal = await client.get(app, '/admin/users/?q=0%25');
    expect(literal.text).toContain('percent@example.com');
    expect(literal.text).not.toContain('alice@example.com');
    expect((await client.get(app, '/admin/users/?q=nobody')).text).toContain('No users found.');
  });

  it('shows 100 users a page, with "Next" and "Previous" links that keep the search', async () => {
    const { client } = await logInAsStaff({ email: 'staff@example.com' });
    for (let n = 1; n <= 101; n += 1) await users.createUser(getDb(), { email: `member${n}@example.com`, password: null, name: `Member ${n}` });
    const first = await client.get(app, '/admin/users/?q=member');
    expect(first.text.match(/<a href="\/admin\/users\/\d+\/">/g)).toHaveLength(100);
    expect(first.text).toContain('<a href="/admin/users/?q=member&amp;page=2">Next</a>');
    expect(first.text).not.toContain('>Previous<');
    expect(first.text).not.toContain('member101@example.com');
    const second = await client.get(app, '/admin/users/?q=member&page=2');
    expect(second.text.match(/<a href="\/admin\/users\/\d+\/">/g)).toHaveLength(1);
    expect(second.text).toContain('member101@example.com');
    expect(second.text).toContain('<a href="/admin/users/?q=member&amp;page=1">Previous</a>');
    expect(second.text).not.toContain('>Next<');
  });

  it.each([['99999999999999999999'], ['-1'], ['abc']])('answers page=%s with a page, not a server error', async (pageNumber) => {
    const { client } = await logInAsStaff();
    expect((await client.get(app, `/admin/users/?page=${pageNumber}`)).status).toBe(200);
  });
});

describe('/admin/users/add/', () => {
  it('shows the labelled fields, checkboxes and "Save"', async () => {
    const { client } = await logInAsStaff({ isSuperuser: true });
    const response = await client.get(app, '/admin/users/add/');
    for (const label of ['Email', 'Password', 'Password confirmation', 'Name', 'Active', 'Staff status', 'Superuser status']) {
      expect(response.text).toMatch(new RegExp(`<label for="id_\\w+">${label}</label>`));
    }
    expect(response.text).toContain('<button type="submit" name="_save">Save</button>');
  });

  it('creates a user who can then log in to the API', async () => {
    const { client } = await logInAsStaff({ isSuperuser: true });
    const response = await client.post(app, '/admin/users/add/', newUser);
    expect(response.status).toBe(302);
    const created = await users.findUserByEmail(getDb(), newUser.email);
    expect(created).toMatchObject({ name: 'New Person', is_active: true, is_staff: false, is_superuser: false });
    expect(response.location).toBe(`/admin/users/${created?.id}/`);
    expect(await apiLogin(newUser.email, newUser.password)).toBe(200);
  });

  it('shows mismatched passwords next to the confirmation, keeping what was typed but the passwords', async () => {
    const { client } = await logInAsStaff({ isSuperuser: true });
    const response = await client.post(app, '/admin/users/add/', { ...newUser, password_confirmation: 'different1' });
    expect(response.status).toBe(400);
    expect(fieldErrors(response.text, 'password_confirmation')).toEqual(['The two password fields didn’t match.']);
    expect(fieldErrors(response.text, 'email')).toEqual([]);
    expect(inputValue(response.text, 'email')).toBe(newUser.email);
    expect(inputValue(response.text, 'name')).toBe(newUser.name);
    expect(inputValue(response.text, 'password')).toBe('');
    expect(await users.findUserByEmail(getDb(), newUser.email)).toBeUndefined();
  });

  it('shows an email taken in another case, a short password and a blank name next to their fields', async () => {
    const { client } = await logInAsStaff({ isSuperuser: true });
    await createUser({ email: 'taken@example.com' });
    const response = await client.post(app, '/admin/users/add/', { email: 'TAKEN@Example.com', password: 'abc', password_confirmation: 'abc', name: '  ' });
    expect(response.status).toBe(400);
    expect(fieldErrors(response.text, 'email')).toEqual(['user with this email already exists.']);
    expect(fieldErrors(response.text, 'password')).toEqual(['Ensure this field has at least 5 characters.']);
    expect(fieldErrors(response.text, 'name')).toEqual(['This field may not be blank.']);
    expect(await userCount()).toBe(2);
  });

  it('lets a superuser create a superuser', async () => {
    const { client } = await logInAsStaff({ isSuperuser: true });
    await client.post(app, '/admin/users/add/', { ...newUser, is_staff: 'on', is_superuser: 'on' });
    expect(await users.findUserByEmail(getDb(), newUser.email)).toMatchObject({ is_staff: true, is_superuser: true });
  });

  it('does not let staff who are not superusers create a superuser: the flag is disabled and ignored', async () => {
    const { client } = await logInAsStaff({ isSuperuser: false });
    const form = await client.get(app, '/admin/users/add/');
    expect(form.text).toMatch(/<input id="id_is_superuser" name="is_superuser" type="checkbox" disabled>/);
    const response = await client.post(app, '/admin/users/add/', { ...newUser, is_staff: 'on', is_superuser: 'on' });
    expect(response.status).toBe(302);
    expect(await users.findUserByEmail(getDb(), newUser.email)).toMatchObject({ is_staff: true, is_superuser: false });
  });
});

describe('/admin/users/{id}/', () => {
  it('shows the user’s fields without the passwords, links to the password page and to "Delete"', async () => {
    const { client } = await logInAsStaff();
    const target = await createUser({ email: 'target@example.com', name: 'Target' });
    const response = await client.get(app, `/admin/users/${target.id}/`);
    expect(response.status).toBe(200);
    expect(inputValue(response.text, 'email')).toBe('target@example.com');
    expect(inputValue(response.text, 'name')).toBe('Target');
    expect(response.text).not.toContain('id="id_password"');
    expect(response.text).toContain(`<a href="/admin/users/${target.id}/password/">Change password</a>`);
    expect(response.text).toContain(`href="/admin/users/${target.id}/delete/">Delete</a>`);
  });

  it('saves a new name and email, and the flags as ticked', async () => {
    const { client } = await logInAsStaff({ isSuperuser: true });
    const target = await createUser({ email: 'target@example.com', name: 'Old Name' });
    const response = await client.post(app, `/admin/users/${target.id}/`, { email: 'moved@example.com', name: 'New Name', is_staff: 'on' });
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/users/');
    expect(await users.findUserById(getDb(), target.id)).toMatchObject({ email: 'moved@example.com', name: 'New Name', is_active: false, is_staff: true, is_superuser: false });
  });

  it('refuses another user’s email in another case, next to the field', async () => {
    const { client } = await logInAsStaff();
    await createUser({ email: 'other@example.com' });
    const target = await createUser({ email: 'target@example.com' });
    const response = await client.post(app, `/admin/users/${target.id}/`, { email: 'OTHER@example.com', name: 'X', is_active: 'on' });
    expect(response.status).toBe(400);
    expect(fieldErrors(response.text, 'email')).toEqual(['user with this email already exists.']);
    expect((await users.findUserById(getDb(), target.id))?.email).toBe('target@example.com');
  });

  it('answers 404 for a user who does not exist or an id that is not one', async () => {
    const { client } = await logInAsStaff();
    expect((await client.get(app, '/admin/users/999/')).status).toBe(404);
    expect((await client.get(app, '/admin/users/abc/')).status).toBe(404);
    expect((await client.get(app, '/admin/users/99999999999999999999/')).status).toBe(404);
  });
});

describe('staff who are not superusers and superusers', () => {
  it('cannot open, edit, change the password of or delete a superuser', async () => {
    const { client } = await logInAsStaff({ isSuperuser: false });
    const boss = await createUser({ email: 'boss@example.com', name: 'Boss', isStaff: true, isSuperuser: true });
    expect((await client.get(app, `/admin/users/${boss.id}/`)).status).toBe(403);
    expect((await client.post(app, `/admin/users/${boss.id}/`, { email: 'boss@example.com', name: 'Demoted', is_active: 'on' })).status).toBe(403);
    expect((await client.post(app, `/admin/users/${boss.id}/password/`, { new_password: 'taken-over1', new_password_confirmation: 'taken-over1' })).status).toBe(403);
    expect((await client.post(app, `/admin/users/${boss.id}/delete/`)).status).toBe(403);
    expect(await users.findUserById(getDb(), boss.id)).toMatchObject({ name: 'Boss', is_superuser: true, is_active: true });
    expect(await users.authenticate(getDb(), boss.email, defaultPassword)).not.toBeNull();
  });

  it('cannot give anyone the superuser flag by editing them', async () => {
    const { client } = await logInAsStaff({ isSuperuser: false });
    const target = await createUser({ isStaff: true });
    const response = await client.post(app, `/admin/users/${target.id}/`, { email: target.email, name: 'Same', is_active: 'on', is_staff: 'on', is_superuser: 'on' });
    expect(response.status).toBe(302);
    expect(await users.findUserById(getDb(), target.id)).toMatchObject({ name: 'Same', is_superuser: false });
  });

  it('a superuser can remove the flag from another superuser', async () => {
    const { client } = await logInAsStaff({ isSuperuser: true });
    const other = await createUser({ isStaff: true, isSuperuser: true });
    await client.post(app, `/admin/users/${other.id}/`, { email: other.email, name: other.name, is_active: 'on', is_staff: 'on' });
    expect(await users.findUserById(getDb(), other.id)).toMatchObject({ is_superuser: false });
  });
});

describe('/admin/users/{id}/password/', () => {
  it('shows "New password", "New password confirmation" and "Change password"', async () => {
    const { client } = await logInAsStaff();
    const target = await createUser();
    const response = await client.get(app, `/admin/users/${target.id}/password/`);
    expect(response.text).toContain('<label for="id_new_password">New password</label>');
    expect(response.text).toContain('<label for="id_new_password_confirmation">New password confirmation</label>');
    expect(response.text).toContain('<button type="submit">Change password</button>');
  });

  it('changes the password: the API login works with the new one only', async () => {
    const { client } = await logInAsStaff();
    const target = await createUser({ email: 'target@example.com' });
    const response = await client.post(app, `/admin/users/${target.id}/password/`, { new_password: 'brand-new-1', new_password_confirmation: 'brand-new-1' });
    expect(response.status).toBe(302);
    expect(response.location).toBe(`/admin/users/${target.id}/`);
    expect(await apiLogin('target@example.com', 'brand-new-1')).toBe(200);
    expect(await apiLogin('target@example.com', defaultPassword)).toBe(400);
  });

  it('refuses mismatched or short passwords next to their fields and keeps the old one', async () => {
    const { client } = await logInAsStaff();
    const target = await createUser();
    const mismatched = await client.post(app, `/admin/users/${target.id}/password/`, { new_password: 'brand-new-1', new_password_confirmation: 'brand-new-2' });
    expect(mismatched.status).toBe(400);
    expect(fieldErrors(mismatched.text, 'new_password_confirmation')).toEqual(['The two password fields didn’t match.']);
    const short = await client.post(app, `/admin/users/${target.id}/password/`, { new_password: 'abcd', new_password_confirmation: 'abcd' });
    expect(fieldErrors(short.text, 'new_password')).toEqual(['Ensure this field has at least 5 characters.']);
    expect(await users.authenticate(getDb(), target.email, defaultPassword)).not.toBeNull();
  });
});

describe('/admin/users/{id}/delete/', () => {
  it('asks first ("Yes, I\'m sure") and deletes nothing on GET', async () => {
    const { client } = await logInAsStaff();
    const target = await createUser({ email: 'target@example.com' });
    const response = await client.get(app, `/admin/users/${target.id}/delete/`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('target@example.com');
    expect(response.text).toContain('<button class="danger" type="submit">Yes, I\'m sure</button>');
    expect(response.text).toContain(`<form method="post" action="/admin/users/${target.id}/delete/">`);
    expect(await users.findUserById(getDb(), target.id)).toBeDefined();
  });

  it('deletes the user and their recipes once confirmed', async () => {
    const { client } = await logInAsStaff();
    const target = await createUser();
    const recipe = await createRecipe(target.id);
    const response = await client.post(app, `/admin/users/${target.id}/delete/`);
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/users/');
    expect(await users.findUserById(getDb(), target.id)).toBeUndefined();
    expect(await getDb().selectFrom('recipes').select('id').where('id', '=', recipe.id).executeTakeFirst()).toBeUndefined();
  });

  it("removes the images of the user's recipes, and no one else's", async () => {
    const { client } = await logInAsStaff();
    const media = storedMedia();
    await media.clear();
    const target = await createUser();
    const other = await createUser();
    for (const [owner, image] of [[target, 'uploads/recipe/a.png'], [target, 'uploads/recipe/b.png'], [other, 'uploads/recipe/c.png']] as const) {
      await media.write(image, 'not really a png');
      await createRecipe(owner.id, { image });
    }
    expect((await client.post(app, `/admin/users/${target.id}/delete/`)).status).toBe(302);
    expect(await media.files()).toEqual(['uploads/recipe/c.png']);
  });
});
