// Pieces of the admin's pages, as hono/html templates (escaped by default).
import { html } from 'hono/html';
import { csrfFieldName } from './csrf.ts';

export type Html = ReturnType<typeof html>;

export interface PageOptions {
  readonly title: string;
  /** The staff member, when logged in: shows the navigation and "Log out". */
  readonly user?: { email: string };
  readonly csrf: string;
  /** A message from the last action ("… was changed successfully."). */
  readonly message?: string;
  readonly body: Html;
}

export function page({ title, user, csrf, message, body }: PageOptions): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title} | Recipe API admin</title>
    <link rel="stylesheet" href="/static/admin/admin.css">
    <script src="/static/admin/admin.js" defer></script>
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
      ${message === undefined ? '' : html`<ul class="messages" role="status"><li>${message}</li></ul>`}
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

export function errorList(name: string, errors: readonly string[]): Html | string {
  if (errors.length === 0) return '';
  return html`<ul class="errors" id="errors_${name}">${errors.map((error) => html`<li>${error}</li>`)}</ul>`;
}

/** Errors of the whole form (not of one field). */
export function formErrors(errors: FieldErrors): Html | string {
  const messages = errors.non_field_errors ?? [];
  if (messages.length === 0) return '';
  return html`<ul class="errors form-errors" role="alert">${messages.map((error) => html`<li>${error}</li>`)}</ul>`;
}

/**
 * The buttons of an add or edit form, as Django's: "Save" first (Enter
 * presses it), "Save and add another", "Save and continue editing", and on
 * an edit form "Delete", which leads to the confirmation page at `deletePath`.
 */
export function saveButtons(deletePath?: string): Html {
  return html`<div class="buttons">
      <button type="submit" name="_save">Save</button>
      <button type="submit" name="_addanother">Save and add another</button>
      <button type="submit" name="_continue">Save and continue editing</button>
      ${deletePath === undefined ? '' : html`<a class="danger" href="${deletePath}">Delete</a>`}
    </div>`;
}

/** The links above an object's form: its "History". */
export function objectTools(historyPath: string): Html {
  return html`<p class="object-tools"><a href="${historyPath}">History</a></p>`;
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** A labelled drop-down with its errors next to it; `blank` is the label of the empty choice. */
export function select({ label, name, value, choices, blank, errors = {} }: { label: string; name: string; value: string; choices: readonly Choice[]; blank?: string; errors?: FieldErrors }): Html {
  const fieldErrors = errors[name] ?? [];
  return html`<div class="field${fieldErrors.length > 0 ? ' has-errors' : ''}">
    <label for="id_${name}">${label}</label>
    <select id="id_${name}" name="${name}"${fieldErrors.length > 0 ? html` aria-invalid="true" aria-describedby="errors_${name}"` : ''}>
      ${blank === undefined ? '' : html`<option value="">${blank}</option>`}
      ${choices.map((choice) => html`<option value="${choice.value}"${choice.value === value ? html` selected` : ''}>${choice.label}</option>`)}
    </select>
    ${errorList(name, fieldErrors)}
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
