// /admin/users/ and below — list, add, edit, change the password of and
// delete users. Staff who are not superusers cannot touch a superuser or
// give anyone that status.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { createAdminApp, layoutFor, listQuery, readForm, text, ticked } from '../lib/admin/app.ts';
import { checkbox, csrfInput, deleteConfirmation, type FieldErrors, formErrors, input, page, pager, saveOrDelete, searchForm } from '../lib/admin/html.ts';
import { staffUser } from '../lib/admin/session.ts';
import { addUserForm, editUserForm, passwordForm } from '../lib/admin/user-forms.ts';
import { getDb } from '../lib/db.ts';
import type { AppEnv } from '../lib/http/app.ts';
import type { Body } from '../lib/http/body.ts';
import { HttpError, notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { pathId } from '../lib/http/params.ts';
import { check } from '../lib/http/validation.ts';
import { removeMedia } from '../lib/storage.ts';
import * as users from '../lib/users.ts';

const app = createAdminApp('/admin/users/*');
const perPage = 100;

/** The user to manage, if this staff member may. */
async function managedUser(c: Context<AppEnv>): Promise<users.User> {
  const user = await users.findUserById(getDb(), pathId(c));
  if (user === undefined) throw notFound();
  if (user.is_superuser && !staffUser(c).is_superuser) throw new HttpError(403, { detail: 'Only a superuser can change a superuser.' });
  return user;
}

app.get('/admin/users/', async (c) => {
  const { query, pageNumber } = listQuery(c);
  const { users: rows, hasNext } = await users.listUsers(getDb(), query, pageNumber, perPage);
  const body = html`<p class="actions"><a href="/admin/users/add/">Add user</a></p>
    ${searchForm('/admin/users/', query)}
    <table>
      <thead><tr><th>Email</th><th>Name</th><th>Active</th><th>Staff</th><th>Superuser</th></tr></thead>
      <tbody>
        ${rows.map((user) => html`<tr>
          <td><a href="/admin/users/${user.id}/">${user.email}</a></td>
          <td>${user.name}</td>
          <td>${user.is_active ? 'yes' : 'no'}</td>
          <td>${user.is_staff ? 'yes' : 'no'}</td>
          <td>${user.is_superuser ? 'yes' : 'no'}</td>
        </tr>`)}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p>No users found.</p>` : ''}
    ${pager('/admin/users/', query, pageNumber, hasNext)}`;
  return c.html(await page({ title: 'Users', ...layoutFor(c), body }));
});

interface UserFormValues {
  email: string;
  name: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
}

function userFields(c: Context<AppEnv>, values: UserFormValues, errors: FieldErrors, withPasswords: boolean) {
  const mayGrantSuperuser = staffUser(c).is_superuser;
  return html`${formErrors(errors)}
    ${input({ label: 'Email', name: 'email', type: 'email', value: values.email, errors, required: true })}
    ${withPasswords
      ? html`${input({ label: 'Password', name: 'password', type: 'password', errors, required: true })}
        ${input({ label: 'Password confirmation', name: 'password_confirmation', type: 'password', errors, required: true })}`
      : ''}
    ${input({ label: 'Name', name: 'name', value: values.name, errors, required: true })}
    ${checkbox({ label: 'Active', name: 'is_active', checked: values.isActive })}
    ${checkbox({ label: 'Staff status', name: 'is_staff', checked: values.isStaff })}
    ${checkbox({ label: 'Superuser status', name: 'is_superuser', checked: values.isSuperuser, disabled: !mayGrantSuperuser })}`;
}

async function addPage(c: Context<AppEnv>, values: UserFormValues, errors: FieldErrors = {}, status: 200 | 400 = 200) {
  const { csrf } = layoutFor(c);
  const body = html`<form method="post" action="/admin/users/add/">
    ${csrfInput(csrf)}
    ${userFields(c, values, errors, true)}
    <button type="submit">Save</button>
  </form>`;
  return c.html(await page({ title: 'Add user', ...layoutFor(c), body }), status);
}

app.get('/admin/users/add/', (c) => addPage(c, { email: '', name: '', isActive: true, isStaff: false, isSuperuser: false }));

// What the form says, except that only a superuser may set the superuser
// flag: for anyone else it keeps `currentSuperuser`.
function postedValues(c: Context<AppEnv>, form: Body, currentSuperuser: boolean): UserFormValues {
  return {
    email: text(form, 'email'),
    name: text(form, 'name'),
    isActive: ticked(form, 'is_active'),
    isStaff: ticked(form, 'is_staff'),
    isSuperuser: staffUser(c).is_superuser ? ticked(form, 'is_superuser') : currentSuperuser,
  };
}

app.post('/admin/users/add/', async (c) => {
  const form = await readForm(c);
  const values = postedValues(c, form, false);
  const result = await check(addUserForm(), form);
  if (!result.ok) return addPage(c, values, result.errors, 400);
  const { email, password, name } = result.data;
  const user = await users.createUser(getDb(), { ...values, email, password, name });
  return c.redirect(`/admin/users/${user.id}/`, 302);
});

async function editPage(c: Context<AppEnv>, user: users.User, values: UserFormValues, errors: FieldErrors = {}, status: 200 | 400 = 200) {
  const { csrf } = layoutFor(c);
  const body = html`<form method="post" action="/admin/users/${user.id}/">
    ${csrfInput(csrf)}
    ${userFields(c, values, errors, false)}
    <p class="readonly">Last login: ${user.last_login?.toISOString() ?? 'never'} · Joined: ${user.date_joined.toISOString()}</p>
    <p><a href="/admin/users/${user.id}/password/">Change password</a></p>
    ${saveOrDelete(`/admin/users/${user.id}/delete/`)}
  </form>`;
  return c.html(await page({ title: `Change user ${user.email}`, ...layoutFor(c), body }), status);
}

app.get('/admin/users/:id/', async (c) => {
  const user = await managedUser(c);
  return editPage(c, user, { email: user.email, name: user.name, isActive: user.is_active, isStaff: user.is_staff, isSuperuser: user.is_superuser });
});

app.post('/admin/users/:id/', async (c) => {
  const user = await managedUser(c);
  const form = await readForm(c);
  const values = postedValues(c, form, user.is_superuser);
  const result = await check(editUserForm(user.id), form);
  if (!result.ok) return editPage(c, user, values, result.errors, 400);
  await users.updateUser(getDb(), user.id, { ...values, ...result.data });
  return c.redirect('/admin/users/', 302);
});

async function passwordPage(c: Context<AppEnv>, user: users.User, errors: FieldErrors = {}, status: 200 | 400 = 200) {
  const { csrf } = layoutFor(c);
  const body = html`<form method="post" action="/admin/users/${user.id}/password/">
    ${csrfInput(csrf)}
    ${formErrors(errors)}
    ${input({ label: 'New password', name: 'new_password', type: 'password', errors, required: true })}
    ${input({ label: 'New password confirmation', name: 'new_password_confirmation', type: 'password', errors, required: true })}
    <button type="submit">Change password</button>
  </form>`;
  return c.html(await page({ title: `Change password: ${user.email}`, ...layoutFor(c), body }), status);
}

app.get('/admin/users/:id/password/', async (c) => passwordPage(c, await managedUser(c)));

app.post('/admin/users/:id/password/', async (c) => {
  const user = await managedUser(c);
  const result = await check(passwordForm(), await readForm(c));
  if (!result.ok) return passwordPage(c, user, result.errors, 400);
  await users.setPassword(getDb(), user.id, result.data.new_password);
  return c.redirect(`/admin/users/${user.id}/`, 302);
});

app.get('/admin/users/:id/delete/', async (c) => {
  const user = await managedUser(c);
  const body = deleteConfirmation({
    question: html`Are you sure you want to delete the user “${user.email}”? Their recipes, tags and ingredients are deleted with them.`,
    action: `/admin/users/${user.id}/delete/`,
    back: `/admin/users/${user.id}/`,
    csrf: layoutFor(c).csrf,
  });
  return c.html(await page({ title: 'Are you sure?', ...layoutFor(c), body }));
});

app.post('/admin/users/:id/delete/', async (c) => {
  const user = await managedUser(c);
  await readForm(c);
  const { images } = await getDb().transaction().execute((trx) => users.deleteUser(trx, user.id));
  await removeMedia(images);
  return c.redirect('/admin/users/', 302);
});

export default app;
export const handler = lambdaHandler(app);
