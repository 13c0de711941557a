// A user's recipes: the original's list, one recipe, and the writes. Reads
// cost a fixed number of queries, the recipes' tags and ingredients included,
// however many recipes they return (attributes-of-recipes.ts). The fields
// themselves are defined once, in recipe-model.ts.
import { sql } from 'kysely';
import type { Executor } from '../database/pool.ts';
import { firstRow, type Placeholders, preparedQuery } from '../database/prepared-query.ts';
import { attributesOf, withAttributes } from './attributes-of-recipes.ts';
import { type AttributeKind, attributeNames, getOrCreateAttributes, setRecipeAttributes } from './recipe-attributes.ts';
import { detailColumns, detailSelection, fieldDefinitions, listColumns, listSelection, type RecipeDetailRow, type RecipeFields, type RecipeListRow, type WritableColumn, writableColumns } from './recipe-model.ts';

export interface RecipeFilters {
  /** Recipes with any of these tags (ids as decimal text, within int8); [] matches nothing, undefined does not filter. */
  readonly tagIds?: readonly string[];
  readonly ingredientIds?: readonly string[];
}

interface PageParams {
  userId: number;
  /** Ids as decimal text (RecipeFilters). */
  tagIds: readonly string[];
  ingredientIds: readonly string[];
  /** The batch's recipes have smaller ids than this (the last one of the batch before). */
  before: number;
  batchSize: number;
}

/**
 * A batch of a list: the user's recipes, newest first, with or without each
 * filter. One statement per combination, each planned for its own shape (a
 * filter that a null parameter switches off would leave PostgreSQL one
 * generic plan with every filter in it).
 */
function recipePage(name: string, filterTags: boolean, filterIngredients: boolean) {
  return preparedQuery(name, (db, p: Placeholders<PageParams>) => {
    let query = db
      .selectFrom('recipes')
      .select(listSelection)
      .where('recipes.user_id', '=', p.userId);
    // "Any of these tags" as EXISTS, so a recipe with two of them still comes once.
    if (filterTags) {
      query = query.where((eb) =>
        eb.exists(
          eb.selectFrom('recipe_tags')
            .select('recipe_tags.tag_id')
            .whereRef('recipe_tags.recipe_id', '=', 'recipes.id')
            .where('recipe_tags.tag_id', '=', sql<number>`any(${p.tagIds}::bigint[])`),
        ),
      );
    }
    if (filterIngredients) {
      query = query.where((eb) =>
        eb.exists(
          eb.selectFrom('recipe_ingredients')
            .select('recipe_ingredients.ingredient_id')
            .whereRef('recipe_ingredients.recipe_id', '=', 'recipes.id')
            .where('recipe_ingredients.ingredient_id', '=', sql<number>`any(${p.ingredientIds}::bigint[])`),
        ),
      );
    }
    // By the index on (user_id, id desc): each batch starts where the last one ended.
    return query.where('recipes.id', '<', p.before).orderBy('recipes.id', 'desc').limit(p.batchSize);
  });
}

const recipePages = {
  unfiltered: recipePage('recipe_page', false, false),
  byTags: recipePage('recipe_page_by_tags', true, false),
  byIngredients: recipePage('recipe_page_by_ingredients', false, true),
  byBoth: recipePage('recipe_page_by_tags_and_ingredients', true, true),
};

/**
 * How many recipes an unpaged list reads per statement. A whole list of
 * 100,000 in one statement kept the event loop busy for seconds at a time
 * (parsing, then the JSON) and held ~150 MiB. Measured on 100,000 recipes
 * alone: 2,000 and 20,000 per batch both took 2.6-3.4 s in all (the first
 * byte after 0.14 s and 0.5-0.7 s), one batch of all 1.9 s (the first byte
 * after 1.7 s); the smaller batch keeps each turn of the event loop short.
 */
export const listBatchSize = 2000;

/**
 * The user's recipes, newest first, filtered in SQL, with their tags and
 * ingredients, `batchSize` at a time (keyset by id: each recipe comes once,
 * in order). Each batch is its own statements: a recipe created meanwhile is
 * not in the list, one deleted meanwhile may or may not be, as in a walk
 * through the pages.
 */
export async function* listRecipeBatches(db: Executor, userId: number, filters: RecipeFilters = {}, batchSize = listBatchSize): AsyncGenerator<RecipeListRow[], void, undefined> {
  const { tagIds, ingredientIds } = filters;
  const page =
    tagIds === undefined
      ? ingredientIds === undefined ? recipePages.unfiltered : recipePages.byIngredients
      : ingredientIds === undefined ? recipePages.byTags : recipePages.byBoth;
  // Ids stay far below 2^53 (the int8 parser in pool.ts).
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await page(db, { userId, tagIds: tagIds ?? [], ingredientIds: ingredientIds ?? [], before, batchSize });
    if (rows.length > 0) yield await withAttributes(db, userId, rows);
    const last = rows.at(-1);
    if (last === undefined || rows.length < batchSize) return;
    before = last.id;
  }
}

/** The user's recipes, newest first, filtered in SQL: every batch of listRecipeBatches. */
export async function listRecipes(db: Executor, userId: number, filters: RecipeFilters = {}): Promise<RecipeListRow[]> {
  const all: RecipeListRow[] = [];
  for await (const batch of listRecipeBatches(db, userId, filters)) all.push(...batch);
  return all;
}

// Run by every read of one recipe: built once (prepared-query.ts).
const recipeOfUser = preparedQuery('recipe_detail', (db, p: Placeholders<{ userId: number; id: number }>) =>
  db
    .selectFrom('recipes')
    .select(detailSelection)
    .select(attributesOf)
    .where('recipes.id', '=', p.id)
    .where('recipes.user_id', '=', p.userId),
);

/** One of the user's recipes; undefined when there is none with this id or it is someone else's. */
export function findRecipe(db: Executor, userId: number, id: number): Promise<RecipeDetailRow | undefined> {
  return recipeOfUser(db, { userId, id }).then(firstRow);
}

/** Whether the user has a recipe with this id (a cheap lookup before reading a body). */
export async function recipeExists(db: Executor, userId: number, id: number): Promise<boolean> {
  const row = await db.selectFrom('recipes').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** The written columns of `fields`; an absent one is left out (an update leaves it unchanged). */
function updateValues(fields: Partial<RecipeFields>) {
  return Object.fromEntries(writableColumns.map((column) => [column, fields[column]])) as Partial<Pick<RecipeFields, WritableColumn>>;
}

// Creates and updates are written two ways, on purpose. A create is one
// statement (a benchmark case: one round trip, atomic without a transaction)
// whose CTEs all read one snapshot, which is right for a row that did not
// exist. An update in one statement would delete the links its snapshot saw,
// taken before it waited for the row's lock: a concurrent update's links,
// committed meanwhile, would survive beside the new ones. So an update runs
// its statements in the caller's transaction, each seeing what committed.

// A create's column lists, from recipe-model.ts, so that no written or shown
// column can be left out. Raw SQL: the same statement through the query
// builder cost 15-25 % more CPU per create (bench); the column lists are
// plain text (our own names, no input).
const createColumns = {
  written: sql.raw(writableColumns.join(', ')),
  returned: sql.raw([...listColumns, ...detailColumns].join(', ')),
};

type CreateParams = Pick<RecipeFields, WritableColumn> & { userId: number; tags: string[]; ingredients: string[] };

// A create is a named statement (prepared-query.ts): sent unnamed, PostgreSQL
// parsed and planned its five CTEs on every create, ~380 µs of database CPU
// (bench --baseline). An optional column the client left out is DEFAULT, so
// there is one statement per set of optional columns given: at most four.
// Keyed by which writable columns are given, one bit each (found per create
// without building the statement's name).
const createStatements = new Map<number, (db: Executor, params: CreateParams) => Promise<RecipeDetailRow[]>>();

function createStatement(fields: RecipeFields) {
  // Absent (or null): the column's default, as the statement sent unnamed did.
  let key = 0;
  for (let i = 0; i < writableColumns.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i is within the list
    if (fields[writableColumns[i]!] != null) key |= 1 << i;
  }
  let statement = createStatements.get(key);
  if (statement === undefined) {
    const given = writableColumns.filter((column) => fields[column] != null);
    const name = ['recipe_create', ...given.filter((column) => fieldDefinitions[column].write === 'optional')].join('_');
    statement = preparedQuery(name, (_db, p: Placeholders<CreateParams>) => sql<RecipeDetailRow>`
      with recipe as (
        insert into recipes (user_id, ${createColumns.written})
        values (${p.userId}, ${sql.join(writableColumns.map((column) => (given.includes(column) ? p[column] : sql`default`)))})
        returning ${createColumns.returned}
      ),
      tag as (${getOrCreateAttributes('tags', p.userId, p.tags)}),
      tag_link as (insert into recipe_tags (recipe_id, tag_id) select recipe.id, tag.id from recipe, tag),
      ingredient as (${getOrCreateAttributes('ingredients', p.userId, p.ingredients)}),
      ingredient_link as (insert into recipe_ingredients (recipe_id, ingredient_id) select recipe.id, ingredient.id from recipe, ingredient)
      select ${createColumns.returned},
        (select coalesce(json_agg(json_build_object('id', id, 'name', name) order by id), '[]') from tag) as tags,
        (select coalesce(json_agg(json_build_object('id', id, 'name', name) order by id), '[]') from ingredient) as ingredients
      from recipe`);
    createStatements.set(key, statement);
  }
  return statement;
}

/**
 * Creates a recipe with its tags and ingredients (found or made by name, see
 * getOrCreateAttributes) and returns it as findRecipe would: one statement,
 * so one round trip, and atomic without a transaction around it.
 */
export async function createRecipe(db: Executor, userId: number, fields: RecipeFields): Promise<RecipeDetailRow> {
  const names = (kind: AttributeKind) => attributeNames((fields[kind] ?? []).map(({ name }) => name));
  const rows = await createStatement(fields)(db, { ...fields, userId, tags: names('tags'), ingredients: names('ingredients') });
  const created = rows[0];
  if (created === undefined) throw new Error('INSERT … RETURNING returned no row');
  return created;
}

/** Changes the given fields; a given list of tags (ingredients) replaces the recipe's. False when not the user's. Run it in a transaction. */
export async function updateRecipe(trx: Executor, userId: number, id: number, fields: Partial<RecipeFields>): Promise<boolean> {
  const updated = await trx
    .updateTable('recipes')
    .set({ ...updateValues(fields), updated_at: sql`now()` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  if (updated === undefined) return false;
  for (const kind of ['tags', 'ingredients'] as const satisfies readonly AttributeKind[]) {
    const given = fields[kind];
    if (given !== undefined) await setRecipeAttributes(trx, kind, userId, id, given.map(({ name }) => name));
  }
  return true;
}

/**
 * Points one of the user's recipes at a new image file (null: none); resolves to the path it
 * had before (null without one), or undefined when the user has no such recipe.
 * The row is locked (FOR UPDATE) until the caller's transaction ends, so that of
 * two uploads at once the second sees the first's file as the one it replaces,
 * and no file is left that nothing points to. Run it in a transaction.
 */
export async function setRecipeImage(trx: Executor, userId: number, id: number, image: string | null): Promise<{ previous: string | null } | undefined> {
  const row = await trx.selectFrom('recipes').select('image').where('id', '=', id).where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (row === undefined) return undefined;
  await trx.updateTable('recipes').set({ image, updated_at: sql`now()` }).where('id', '=', id).execute();
  return { previous: row.image };
}

/** Deletes one of the user's recipes; its image path (to remove the file), null without one, undefined when not found. */
export async function deleteRecipe(db: Executor, userId: number, id: number): Promise<{ image: string | null } | undefined> {
  return db.deleteFrom('recipes').where('id', '=', id).where('user_id', '=', userId).returning('image').executeTakeFirst();
}
