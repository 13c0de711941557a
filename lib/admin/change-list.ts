// The admin's lists (Django's change list): search, filters, sorting by a
// column header, paging, and rows to select for "Delete selected". The
// state lives in the query string (q, filters, o, page), so every link and
// form keeps the rest of it.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../http/app.ts';
import { HttpError } from '../http/errors.ts';
import { nullCharactersMessage } from '../http/fields.ts';
import { parseId } from '../http/params.ts';
import { layoutFor } from './app.ts';
import { type Choice, csrfInput, type Html, page } from './html.ts';

export interface ListState {
  readonly query: string;
  readonly pageNumber: number;
  /** The filters in force, by name (only known names with a valid value). */
  readonly filters: Readonly<Record<string, string>>;
  /** The column sorted by ('' for the default order), '-' first when descending. */
  readonly order: string;
}

export interface Filter {
  readonly name: string;
  readonly label: string;
  readonly choices: readonly Choice[];
}

export interface Column {
  readonly key: string;
  readonly label: string;
}

/** The rows a list shows a page. */
export const perPage = 100;

/** `?owner=` and the like take an id; `?is_staff=` a yes/no. */
const isFilterValue = (value: string) => value === 'yes' || value === 'no' || parseId(value) !== undefined;

/**
 * The list's state from the query. A page that is not a plain number of up to
 * 9 digits is the first (a larger one would overflow OFFSET); an unknown
 * column or filter value is ignored, as if absent.
 */
export function readListState(c: Context<AppEnv>, filters: readonly Filter[], columns: readonly Column[]): ListState {
  const page = c.req.query('page') ?? '';
  const order = c.req.query('o') ?? '';
  const chosen: Record<string, string> = {};
  for (const { name, choices } of filters) {
    const value = c.req.query(name) ?? '';
    if (isFilterValue(value) && choices.some((choice) => choice.value === value)) chosen[name] = value;
  }
  const query = (c.req.query('q') ?? '').trim();
  // The search reaches SQL, which cannot hold a NUL: a clear 400 page, not a 500.
  if (query.includes('\0')) throw new HttpError(400, { detail: `Search: ${nullCharactersMessage}` });
  return {
    query,
    pageNumber: /^[1-9][0-9]{0,8}$/.test(page) ? Number(page) : 1,
    filters: chosen,
    order: columns.some(({ key }) => order === key || order === `-${key}`) ? order : '',
  };
}

/** The sort a repository reads: a column key and a direction. */
export function sortOf<Key extends string>(state: ListState, keys: readonly Key[]): { column: Key; descending: boolean } | undefined {
  const descending = state.order.startsWith('-');
  const column = keys.find((key) => key === (descending ? state.order.slice(1) : state.order));
  return column === undefined ? undefined : { column, descending };
}

/** The list's address with some of its state changed; a new search, filter or sort starts at page 1. */
export function listHref(path: string, state: ListState, changes: Partial<ListState> = {}): string {
  const next = { ...state, pageNumber: 1, ...changes };
  const params = new URLSearchParams();
  if (next.query !== '') params.set('q', next.query);
  for (const [name, value] of Object.entries(next.filters)) params.set(name, value);
  if (next.order !== '') params.set('o', next.order);
  // A link to a page says which, the first included ("Previous" from page 2).
  if (next.pageNumber > 1 || changes.pageNumber !== undefined) params.set('page', String(next.pageNumber));
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}

// The state as hidden fields, for a GET form that changes one part of it.
function hiddenState(state: ListState, except: 'query' | 'filters'): Html {
  const fields: [string, string][] = [];
  if (except !== 'query' && state.query !== '') fields.push(['q', state.query]);
  if (except !== 'filters') fields.push(...Object.entries(state.filters));
  if (state.order !== '') fields.push(['o', state.order]);
  return html`${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}`;
}

export interface ChangeListOptions {
  readonly path: string;
  readonly state: ListState;
  readonly csrf: string;
  readonly columns: readonly Column[];
  readonly filters: readonly Filter[];
  /** Each row's id (what "Delete selected" gets), its name (for the checkbox's label) and cells; the first cell links to the object. */
  readonly rows: readonly { readonly id: number; readonly name: string; readonly cells: readonly (Html | string | number)[] }[];
  readonly hasNext: boolean;
  /** "recipes": for "Delete selected recipes" and "No recipes found." */
  readonly plural: string;
  /** "Add recipe" and its address. */
  readonly add: { readonly label: string; readonly href: string };
}

export interface ListPage<Row> extends Omit<ChangeListOptions, 'state' | 'csrf' | 'rows' | 'hasNext'> {
  /** The page's title ("Recipes"). */
  readonly title: string;
  /** The rows the state asks for: one page of `perPage`, and whether another follows. */
  readonly read: (state: ListState) => Promise<{ readonly rows: readonly Row[]; readonly hasNext: boolean }>;
  readonly row: (row: Row) => ChangeListOptions['rows'][number];
}

/** A list's GET: its state from the query, the page of rows, in the admin's layout. */
export async function listPage<Row>(c: Context<AppEnv>, { title, read, row, ...options }: ListPage<Row>): Promise<Response> {
  const state = readListState(c, options.filters, options.columns);
  const { rows, hasNext } = await read(state);
  const layout = layoutFor(c);
  const body = changeList({ ...options, state, csrf: layout.csrf, rows: rows.map(row), hasNext });
  return c.html(await page({ title, ...layout, body }));
}

export function changeList({ path, state, csrf, columns, filters, rows, hasNext, plural, add }: ChangeListOptions): Html {
  return html`<p class="actions"><a href="${add.href}">${add.label}</a></p>
    <div class="list-tools">
      <form class="search" method="get" action="${path}" role="search">
        ${hiddenState(state, 'query')}
        <label for="id_q">Search</label>
        <input id="id_q" name="q" type="search" value="${state.query}">
        <button type="submit">Search</button>
      </form>
      ${filterForm(path, state, filters)}
    </div>
    <form class="changelist" method="post" action="${listHref(path, state, { pageNumber: state.pageNumber > 1 ? state.pageNumber : undefined })}">
      ${csrfInput(csrf)}
      <div class="action-menu">
        <label for="id_action">Action</label>
        <select id="id_action" name="action">
          <option value="">---------</option>
          <option value="delete_selected">Delete selected ${plural}</option>
        </select>
        <button type="submit">Go</button>
      </div>
      <table>
        <thead><tr>
          <th class="select"><input type="checkbox" class="select-all" aria-label="Select all" hidden></th>
          ${columns.map((column) => sortHeader(path, state, column))}
        </tr></thead>
        <tbody>
          ${rows.map((row) => html`<tr>
            <td class="select"><input type="checkbox" name="selected" value="${row.id}" aria-label="Select ${row.name}"></td>
            ${row.cells.map((cell) => html`<td>${cell}</td>`)}
          </tr>`)}
        </tbody>
      </table>
    </form>
    ${rows.length === 0 ? html`<p>No ${plural} found.</p>` : ''}
    <nav class="pager">
      ${state.pageNumber > 1 ? html`<a href="${listHref(path, state, { pageNumber: state.pageNumber - 1 })}">Previous</a>` : ''}
      <span>Page ${state.pageNumber}</span>
      ${hasNext ? html`<a href="${listHref(path, state, { pageNumber: state.pageNumber + 1 })}">Next</a>` : ''}
    </nav>`;
}

// A header links to the list sorted by its column, ascending; when it is so
// already, descending (Django toggles the same way).
function sortHeader(path: string, state: ListState, column: Column): Html {
  const ascending = state.order === column.key;
  const descending = state.order === `-${column.key}`;
  const next = ascending ? `-${column.key}` : column.key;
  const sort = ascending ? 'ascending' : descending ? 'descending' : undefined;
  return html`<th${sort === undefined ? '' : html` aria-sort="${sort}" class="sorted ${sort}"`}><a href="${listHref(path, state, { order: next })}">${column.label}</a></th>`;
}

function filterForm(path: string, state: ListState, filters: readonly Filter[]): Html | string {
  if (filters.length === 0) return '';
  return html`<form class="filters" method="get" action="${path}">
    ${hiddenState(state, 'filters')}
    ${filters.map(
      (filter) => html`<label for="id_filter_${filter.name}">${filter.label}</label>
        <select id="id_filter_${filter.name}" name="${filter.name}">
          <option value="">All</option>
          ${filter.choices.map((choice) => html`<option value="${choice.value}"${state.filters[filter.name] === choice.value ? html` selected` : ''}>${choice.label}</option>`)}
        </select>`,
    )}
    <button type="submit">Filter</button>
  </form>`;
}

/** The yes/no choices of a flag filter (users' staff and active). */
export const yesNo: readonly Choice[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];
