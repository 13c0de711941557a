// /admin/users/ and below — list (search, staff/active filters, sort,
// "Delete selected"), add, edit, change the password of, see the history of
// and delete users. Staff who are not superusers cannot touch a superuser or
// give anyone that status.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { afterSave } from '../lib/admin/after-save.ts';
import { createAdminApp, deletePage, readForm } from '../lib/admin/app.ts';
import { deleteSelected } from '../lib/admin/delete-selected.ts';
import { historyPage } from '../lib/admin/history.ts';
import { flash } from '../lib/admin/messages.ts';
import { staffUser } from '../lib/admin/session.ts';
import { addUserForm, editUserForm, passwordForm } from '../lib/admin/user-forms.ts';
import { addUser, changePassword, changeUser, deleteUser } from '../lib/admin/user-changes.ts';
import { addUserPage, assertMayManage, blankUser, editUserPage, passwordPage, postedUser, userListPage, userValues } from '../lib/admin/user-pages.ts';
import { getDb } from '../lib/database/pool.ts';
import type { AppEnv } from '../lib/http/app.ts';
import { notFound } from '../lib/http/errors.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { pathParams } from '../lib/http/params.ts';
import { check } from '../lib/http/validation.ts';
import { removeMedia } from '../lib/media/storage.ts';
import * as users from '../lib/repositories/users.ts';

const app = createAdminApp('/admin/users/*');
const listPath = '/admin/users/';
const addPath = '/admin/users/add/';

/** The user to manage, if this staff member may. */
async function managedUser(c: Context<AppEnv>): Promise<users.User> {
  const user = await users.findUserById(getDb(), pathParams(c).id);
  if (user === undefined) throw notFound();
  assertMayManage(c, [user]);
  return user;
}

app.get(listPath, (c) => userListPage(c));

app.post(listPath, (c) =>
  deleteSelected(c, {
    objectType: 'user',
    plural: 'users',
    nameOf: (user) => user.email,
    find: users.findUsersByIds,
    authorize: assertMayManage,
    describe: (user) => html`User: ${user.email} (with their recipes, tags, ingredients and images)`,
    async remove(trx, found) {
      const images: string[] = [];
      for (const user of found) images.push(...(await users.deleteUser(trx, user.id)).images);
      return images;
    },
  }),
);

app.get(addPath, (c) => addUserPage(c, blankUser));

app.post(addPath, async (c) => {
  const form = await readForm(c);
  const values = postedUser(c, form, false);
  const result = await check(addUserForm(), form);
  if (!result.ok) return addUserPage(c, values, result.errors, 400);
  const { email, password, name } = result.data;
  const user = await addUser(staffUser(c), { ...values, email, password, name });
  // As Django's: a new user's "Save" leads to their page, to fill in the rest.
  const next = form._addanother === undefined ? { ...form, _continue: '' } : form;
  return afterSave(c, next, { kind: 'user', name: user.email, listPath, addPath, editPath: `${listPath}${user.id}/` }, true);
});

app.get('/admin/users/:id/', async (c) => {
  const user = await managedUser(c);
  return editUserPage(c, user, userValues(user));
});

app.post('/admin/users/:id/', async (c) => {
  const user = await managedUser(c);
  const form = await readForm(c);
  const values = postedUser(c, form, user.is_superuser);
  const result = await check(editUserForm(user.id), form);
  if (!result.ok) return editUserPage(c, user, values, result.errors, 400);
  const changed = await changeUser(staffUser(c), user, { ...values, ...result.data });
  return afterSave(c, form, { kind: 'user', name: changed.email, listPath, addPath, editPath: `${listPath}${user.id}/` }, false);
});

app.get('/admin/users/:id/history/', async (c) => {
  const user = await managedUser(c);
  return historyPage(c, 'user', user.id, user.email, `${listPath}${user.id}/`);
});

app.get('/admin/users/:id/password/', async (c) => passwordPage(c, await managedUser(c)));

app.post('/admin/users/:id/password/', async (c) => {
  const user = await managedUser(c);
  const result = await check(passwordForm(), await readForm(c));
  if (!result.ok) return passwordPage(c, user, result.errors, 400);
  await changePassword(staffUser(c), user, result.data.new_password);
  flash(c, 'Password changed successfully.');
  return c.redirect(`/admin/users/${user.id}/`, 302);
});

app.get('/admin/users/:id/delete/', async (c) => {
  const user = await managedUser(c);
  return deletePage(c, html`Are you sure you want to delete the user “${user.email}”? Their recipes, tags and ingredients are deleted with them.`, `${listPath}${user.id}/`);
});

app.post('/admin/users/:id/delete/', async (c) => {
  const user = await managedUser(c);
  await readForm(c);
  await removeMedia(await deleteUser(staffUser(c), user));
  flash(c, `The user “${user.email}” was deleted successfully.`);
  return c.redirect('/admin/users/', 302);
});

export default app;
export const handler = lambdaHandler(app);
