// The admin's user pages: the change list, the add, edit and password
// forms, what a posted form says, which fields an edit changed (for the admin
// log), and who may manage whom.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { getDb } from '../database/pool.ts';
import type { AppEnv } from '../http/app.ts';
import type { Body } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { listUsers, normalizeEmail, type User, userSortColumns } from '../repositories/users.ts';
import { staffPage, text, ticked } from './app.ts';
import { listPage, perPage, sortOf, yesNo } from './change-list.ts';
import { csrfToken } from './csrf.ts';
import { checkbox, csrfInput, type FieldErrors, formErrors, input, objectTools, saveButtons } from './html.ts';
import { staffUser } from './session.ts';

const listPath = '/admin/users/';

// Only a superuser may change (or delete) a superuser.
export function assertMayManage(c: Context<AppEnv>, found: readonly User[]): void {
  if (!staffUser(c).is_superuser && found.some((user) => user.is_superuser)) throw new HttpError(403, { detail: 'Only a superuser can change a superuser.' });
}

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

/** The change list: search, staff and active filters, sorting, paging. */
export function userListPage(c: Context<AppEnv>): Promise<Response> {
  return listPage(c, {
    title: 'Users',
    path: listPath,
    columns,
    filters,
    async read(state) {
      const query = { search: state.query, isStaff: flag(state.filters.is_staff), isActive: flag(state.filters.is_active), sort: sortOf(state, userSortColumns) };
      const { users: rows, hasNext } = await listUsers(getDb(), query, state.pageNumber, perPage);
      return { rows, hasNext };
    },
    row: (user) => ({
      id: user.id,
      name: user.email,
      cells: [html`<a href="${listPath}${user.id}/">${user.email}</a>`, user.name, yes(user.is_active), yes(user.is_staff), yes(user.is_superuser)],
    }),
    plural: 'users',
    add: { label: 'Add user', href: `${listPath}add/` },
  });
}

export interface UserFormValues {
  email: string;
  name: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
}

export const blankUser: UserFormValues = { email: '', name: '', isActive: true, isStaff: false, isSuperuser: false };

export function userValues(user: User): UserFormValues {
  return { email: user.email, name: user.name, isActive: user.is_active, isStaff: user.is_staff, isSuperuser: user.is_superuser };
}

// What the form says, except that only a superuser may set the superuser
// flag: for anyone else it keeps `currentSuperuser`.
export function postedUser(c: Context<AppEnv>, form: Body, currentSuperuser: boolean): UserFormValues {
  return {
    email: text(form, 'email'),
    name: text(form, 'name'),
    isActive: ticked(form, 'is_active'),
    isStaff: ticked(form, 'is_staff'),
    isSuperuser: staffUser(c).is_superuser ? ticked(form, 'is_superuser') : currentSuperuser,
  };
}

/** The labels of the fields an edit changes, for the admin log. */
export function changedLabels(before: User, after: UserFormValues): string[] {
  const pairs = [
    ['email', before.email !== normalizeEmail(after.email)],
    ['name', before.name !== after.name],
    ['active', before.is_active !== after.isActive],
    ['staff status', before.is_staff !== after.isStaff],
    ['superuser status', before.is_superuser !== after.isSuperuser],
  ] as const;
  return pairs.filter(([, changed]) => changed).map(([label]) => label);
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

export function addUserPage(c: Context<AppEnv>, values: UserFormValues, errors: FieldErrors = {}, status: 200 | 400 = 200): Promise<Response> {
  const body = html`<form method="post" action="/admin/users/add/">
    ${csrfInput(csrfToken(c))}
    ${userFields(c, values, errors, true)}
    ${saveButtons()}
  </form>`;
  return staffPage(c, 'Add user', body, status);
}

export function editUserPage(c: Context<AppEnv>, user: User, values: UserFormValues, errors: FieldErrors = {}, status: 200 | 400 = 200): Promise<Response> {
  const body = html`${objectTools(`/admin/users/${user.id}/history/`)}
  <form method="post" action="/admin/users/${user.id}/">
    ${csrfInput(csrfToken(c))}
    ${userFields(c, values, errors, false)}
    <p class="readonly">Last login: ${user.last_login?.toISOString() ?? 'never'} · Joined: ${user.date_joined.toISOString()}</p>
    <p><a href="/admin/users/${user.id}/password/">Change password</a></p>
    ${saveButtons(`/admin/users/${user.id}/delete/`)}
  </form>`;
  return staffPage(c, `Change user ${user.email}`, body, status);
}

export function passwordPage(c: Context<AppEnv>, user: User, errors: FieldErrors = {}, status: 200 | 400 = 200): Promise<Response> {
  const body = html`<form method="post" action="/admin/users/${user.id}/password/">
    ${csrfInput(csrfToken(c))}
    ${formErrors(errors)}
    ${input({ label: 'New password', name: 'new_password', type: 'password', errors, required: true })}
    ${input({ label: 'New password confirmation', name: 'new_password_confirmation', type: 'password', errors, required: true })}
    <button type="submit">Change password</button>
  </form>`;
  return staffPage(c, `Change password: ${user.email}`, body, status);
}
