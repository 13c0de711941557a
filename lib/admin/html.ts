// Pieces of the admin's pages, as hono/html templates (escaped by default).
import { html } from 'hono/html';
import { csrfFieldName } from './csrf.ts';

export type Html = ReturnType<typeof html>;

export interface PageOptions {
  readonly title: string;
  /** The staff member, when logged in: shows the navigation and "Log out". */
  readonly user?: { email: string };
  readonly csrf: string;
  readonly body: Html;
}

export function page({ title, user, csrf, body }: PageOptions): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title} | Recipe API admin</title>
    <link rel="stylesheet" href="/static/admin/admin.css">
  </head>
  <body>
    <header class="bar">
      <a class="brand" href="/admin/">Recipe API admin</a>
      ${user === undefined
        ? ''
        : html`<nav>
            <a href="/admin/users/">Users</a>
            <a href="/admin/recipes/">Recipes</a>
            <a href="/admin/tags/">Tags</a>
            <a href="/admin/ingredients/">Ingredients</a>
          </nav>
          <form class="logout" method="post" action="/admin/logout/">
            ${csrfInput(csrf)}
            <span class="who">${user.email}</span>
            <button type="submit">Log out</button>
          </form>`}
    </header>
    <main>
      <h1>${title}</h1>
      ${body}
    </main>
  </body>
</html>`;
}

export function csrfInput(csrf: string): Html {
  return html`<input type="hidden" name="${csrfFieldName}" value="${csrf}">`;
}

export type FieldErrors = Readonly<Record<string, readonly string[] | undefined>>;

export interface InputOptions {
  readonly label: string;
  readonly name: string;
  readonly value?: string;
  readonly type?: 'text' | 'email' | 'password' | 'number' | 'url';
  readonly errors?: FieldErrors;
  readonly required?: boolean;
  readonly extra?: Html;
}

/** A labelled input with its errors next to it. */
export function input({ label, name, value = '', type = 'text', errors = {}, required = false }: InputOptions): Html {
  const fieldErrors = errors[name] ?? [];
  return html`<div class="field${fieldErrors.length > 0 ? ' has-errors' : ''}">
    <label for="id_${name}">${label}</label>
    <input id="id_${name}" name="${name}" type="${type}" value="${type === 'password' ? '' : value}"${required ? html` required` : ''}${fieldErrors.length > 0 ? html` aria-invalid="true" aria-describedby="errors_${name}"` : ''}>
    ${errorList(name, fieldErrors)}
  </div>`;
}

export function textarea({ label, name, value = '', errors = {} }: InputOptions): Html {
  const fieldErrors = errors[name] ?? [];
  return html`<div class="field${fieldErrors.length > 0 ? ' has-errors' : ''}">
    <label for="id_${name}">${label}</label>
    <textarea id="id_${name}" name="${name}" rows="6">${value}</textarea>
    ${errorList(name, fieldErrors)}
  </div>`;
}

export function checkbox({ label, name, checked, disabled = false }: { label: string; name: string; checked: boolean; disabled?: boolean }): Html {
  return html`<div class="field checkbox">
    <input id="id_${name}" name="${name}" type="checkbox"${checked ? html` checked` : ''}${disabled ? html` disabled` : ''}>
    <label for="id_${name}">${label}</label>
  </div>`;
}

function errorList(name: string, errors: readonly string[]): Html | string {
  if (errors.length === 0) return '';
  return html`<ul class="errors" id="errors_${name}">${errors.map((error) => html`<li>${error}</li>`)}</ul>`;
}

/** Errors of the whole form (not of one field). */
export function formErrors(errors: FieldErrors): Html | string {
  const messages = errors.non_field_errors ?? [];
  if (messages.length === 0) return '';
  return html`<ul class="errors form-errors" role="alert">${messages.map((error) => html`<li>${error}</li>`)}</ul>`;
}

/** "Next" / "Previous" links for a list of `perPage` rows. */
export function pager(path: string, query: string, pageNumber: number, hasNext: boolean): Html {
  const link = (to: number) => `${path}?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(to) }).toString()}`;
  return html`<nav class="pager">
    ${pageNumber > 1 ? html`<a href="${link(pageNumber - 1)}">Previous</a>` : ''}
    <span>Page ${pageNumber}</span>
    ${hasNext ? html`<a href="${link(pageNumber + 1)}">Next</a>` : ''}
  </nav>`;
}

export function searchForm(path: string, query: string): Html {
  return html`<form class="search" method="get" action="${path}" role="search">
    <label for="id_q">Search</label>
    <input id="id_q" name="q" type="search" value="${query}">
    <button type="submit">Search</button>
  </form>`;
}

/** The buttons of an edit form: "Save" submits it, "Delete" leads to the confirmation page at `deletePath`. */
export function saveOrDelete(deletePath: string): Html {
  return html`<div class="buttons">
      <button type="submit">Save</button>
      <a class="danger" href="${deletePath}">Delete</a>
    </div>`;
}

export interface DeleteConfirmationOptions {
  /** What is about to go, and what goes with it. */
  readonly question: Html;
  /** Where "Yes, I'm sure" POSTs. */
  readonly action: string;
  /** Where "No, take me back" leads. */
  readonly back: string;
  readonly csrf: string;
}

/** Django's "Are you sure?" page body: nothing is removed before this form is sent. */
export function deleteConfirmation({ question, action, back, csrf }: DeleteConfirmationOptions): Html {
  return html`<p>${question}</p>
    <form method="post" action="${action}">
      ${csrfInput(csrf)}
      <div class="buttons">
        <button class="danger" type="submit">Yes, I'm sure</button>
        <a href="${back}">No, take me back</a>
      </div>
    </form>`;
}
