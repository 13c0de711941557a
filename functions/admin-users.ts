// /admin/users/ and below — list (search, staff/active filters, sort,
// "Delete selected"), add, edit, change the password of, see the history of
// and delete users. Staff who are not superusers cannot touch a superuser or
// give anyone that status.
import type { Context } from 'hono';
import { html } from 'hono/html';
import * as adminLog from '../lib/admin-log.ts';
import { afterSave } from '../lib/admin/after-save.ts';
import { createAdminApp, layoutFor, readForm, text, ticked } from '../lib/admin/app.ts';
import { listPage, perPage, sortOf, yesNo } from '../lib/admin/change-list.ts';
import { deleteSelected } from '../lib/admin/delete-selected.ts';
import { changeMessage, historyPage } from '../lib/admin/history.ts';
import { checkbox, csrfInput, deleteConfirmation, type FieldErrors, formErrors, input, objectTools, page, saveButtons } from '../lib/admin/html.ts';
import { flash } from '../lib/admin/messages.ts';
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

/** The user to manage, if this staff member may. */
async function managedUser(c: Context<AppEnv>): Promise<users.User> {
  const user = await users.findUserById(getDb(), pathId(c));
  if (user === undefined) throw notFound();
  if (user.is_superuser && !staffUser(c).is_superuser) throw new HttpError(403, { detail: 'Only a superuser can change a superuser.' });
  return user;
}

const listPath = '/admin/users/';
const addPath = '/admin/users/add/';
const columns = [
  { key: 'email', label: 'Email' },
  { key: 'name', label: 'Name' },
  { key: 'is_active', label: 'Active' },
  { key: 'is_staff', label: 'Staff' },
  { key: 'is_superuser', label: 'Superuser' },
] as const;
const filters = [
  { name: 'is_staff', label: 'Staff', choices: yesNo },
  { name: 'is_active', label: 'Active', choices: yesNo },
];
const flag = (value: string | undefined) => (value === undefined ? undefined : value === 'yes');
const yes = (value: boolean) => (value ? 'yes' : 'no');

app.get(listPath, (c) =>
  listPage(c, {
    title: 'Users',
    path: listPath,
    columns,
    filters,
    async read(state) {
      const query = { search: state.query, isStaff: flag(state.filters.is_staff), isActive: flag(state.filters.is_active), sort: sortOf(state, users.userSortColumns) };
      const { users: rows, hasNext } = await users.listUsers(getDb(), query, state.pageNumber, perPage);
      return { rows, hasNext };
    },
    row: (user) => ({
      id: user.id,
      name: user.email,
      cells: [html`<a href="${listPath}${user.id}/">${user.email}</a>`, user.name, yes(user.is_active), yes(user.is_staff), yes(user.is_superuser)],
    }),
    plural: 'users',
    add: { label: 'Add user', href: addPath },
  }),
);

app.post(listPath, (c) =>
  deleteSelected(c, {
    objectType: 'user',
    plural: 'users',
    nameOf: (user) => user.email,
    find: users.findUsersByIds,
    authorize(c, found) {
      if (!staffUser(c).is_superuser && found.some((user) => user.is_superuser)) throw new HttpError(403, { detail: 'Only a superuser can change a superuser.' });
    },
    describe: (user) => html`User: ${user.email} (with their recipes, tags, ingredients and images)`,
    async remove(trx, found) {
      const images: string[] = [];
      for (const user of found) images.push(...(await users.deleteUser(trx, user.id)).images);
      return images;
    },
  }),
);

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

/** The labels of the fields an edit changes, for the admin log. */
function changedLabels(before: users.User, after: UserFormValues & { email: string }): string[] {
  const pairs = [
    ['email', before.email !== users.normalizeEmail(after.email)],
    ['name', before.name !== after.name],
    ['active', before.is_active !== after.isActive],
    ['staff status', before.is_staff !== after.isStaff],
    ['superuser status', before.is_superuser !== after.isSuperuser],
  ] as const;
  return pairs.filter(([, changed]) => changed).map(([label]) => label);
}

async function addPage(c: Context<AppEnv>, values: UserFormValues, errors: FieldErrors = {}, status: 200 | 400 = 200) {
  const { csrf } = layoutFor(c);
  const body = html`<form method="post" action="/admin/users/add/">
    ${csrfInput(csrf)}
    ${userFields(c, values, errors, true)}
    ${saveButtons()}
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
  const by = staffUser(c);
  const user = await getDb()
    .transaction()
    .execute(async (trx) => {
      const created = await users.createUser(trx, { ...values, email, password, name });
      await adminLog.record(trx, { by, objectType: 'user', objectId: created.id, objectRepr: created.email, action: 'added' });
      return created;
    });
  // As Django's: a new user's "Save" leads to their page, to fill in the rest.
  const next = form._addanother === undefined ? { ...form, _continue: '' } : form;
  return afterSave(c, next, { kind: 'user', name: user.email, listPath, addPath, editPath: `${listPath}${user.id}/` }, true);
});

async function editPage(c: Context<AppEnv>, user: users.User, values: UserFormValues, errors: FieldErrors = {}, status: 200 | 400 = 200) {
  const { csrf } = layoutFor(c);
  const body = html`${objectTools(`/admin/users/${user.id}/history/`)}
  <form method="post" action="/admin/users/${user.id}/">
    ${csrfInput(csrf)}
    ${userFields(c, values, errors, false)}
    <p class="readonly">Last login: ${user.last_login?.toISOString() ?? 'never'} · Joined: ${user.date_joined.toISOString()}</p>
    <p><a href="/admin/users/${user.id}/password/">Change password</a></p>
    ${saveButtons(`/admin/users/${user.id}/delete/`)}
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
  const by = staffUser(c);
  const changed = await getDb()
    .transaction()
    .execute(async (trx) => {
      const updated = await users.updateUser(trx, user.id, { ...values, ...result.data });
      const message = changeMessage(changedLabels(user, { ...values, ...result.data }));
      await adminLog.record(trx, { by, objectType: 'user', objectId: user.id, objectRepr: updated?.email ?? user.email, action: 'changed', message });
      return updated ?? user;
    });
  return afterSave(c, form, { kind: 'user', name: changed.email, listPath, addPath, editPath: `${listPath}${user.id}/` }, false);
});

app.get('/admin/users/:id/history/', async (c) => {
  const user = await managedUser(c);
  return historyPage(c, 'user', user.id, user.email, `${listPath}${user.id}/`);
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
  const by = staffUser(c);
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await users.setPassword(trx, user.id, result.data.new_password);
      await adminLog.record(trx, { by, objectType: 'user', objectId: user.id, objectRepr: user.email, action: 'changed', message: 'Changed password.' });
    });
  flash(c, 'Password changed successfully.');
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
  const by = staffUser(c);
  const { images } = await getDb()
    .transaction()
    .execute(async (trx) => {
      // The entry first: a staff member deleting their own account takes its id with it.
      await adminLog.record(trx, { by, objectType: 'user', objectId: user.id, objectRepr: user.email, action: 'deleted' });
      return users.deleteUser(trx, user.id);
    });
  await removeMedia(images);
  flash(c, `The user “${user.email}” was deleted successfully.`);
  return c.redirect('/admin/users/', 302);
});

export default app;
export const handler = lambdaHandler(app);
