// Every user's recipes, as staff see and change them in the admin. Changing
// or deleting one then goes through recipes.ts with the owner's id, so the
// admin writes as the owner would.
import { sql } from 'kysely';
import type { RecipeRow } from '../../db/schema.ts';
import type { Executor } from '../database/pool.ts';
import { attributesOf } from './attributes-of-recipes.ts';
import { readPage } from './paging.ts';
import { detailSelection, type RecipeDetailRow } from './recipe-model.ts';
import { containsPattern } from './search-pattern.ts';

/** A row of the admin's list of every user's recipes. */
export type OwnedRecipeRow = Pick<RecipeRow, 'id' | 'title' | 'time_minutes' | 'price' | 'user_id'> & { owner_email: string };

export interface OwnedRecipePage {
  readonly recipes: OwnedRecipeRow[];
  readonly hasNext: boolean;
}

/** The columns the admin's list of recipes sorts by. */
export const recipeSortColumns = ['title', 'owner', 'price', 'time_minutes'] as const;

export interface AllRecipesQuery {
  /** Part of the title or of the owner's email, in any case ('' for all). */
  readonly search: string;
  readonly ownerId?: number;
  /** By id when absent. */
  readonly sort?: { readonly column: (typeof recipeSortColumns)[number]; readonly descending: boolean };
}

/** Every user's recipes, `perPage` at a time, searched, filtered by owner and sorted (then by id). */
export async function listAllRecipes(db: Executor, { search, ownerId, sort }: AllRecipesQuery, page: number, perPage: number): Promise<OwnedRecipePage> {
  let query = db
    .selectFrom('recipes')
    .innerJoin('users', 'users.id', 'recipes.user_id')
    .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.user_id', 'users.email as owner_email']);
  if (search !== '') {
    const pattern = containsPattern(search);
    query = query.where((eb) => eb.or([eb('recipes.title', 'ilike', pattern), eb('users.email', 'ilike', pattern)]));
  }
  if (ownerId !== undefined) query = query.where('recipes.user_id', '=', ownerId);
  if (sort !== undefined) {
    const column = sort.column === 'owner' ? 'users.email' : (`recipes.${sort.column}` as const);
    query = query.orderBy(column, sort.descending ? 'desc' : 'asc');
  }
  const { rows, hasNext } = await readPage(query.orderBy('recipes.id'), page, perPage);
  return { recipes: rows, hasNext };
}

/** Those of these recipes that exist, with owner and image (what "Delete selected" shows before it deletes). */
// `= any($1)`: one parameter whatever the count (`in (...)` takes one per id, and
// the protocol counts them in 16 bits), so one statement shape for every list.
export function findAnyRecipes(db: Executor, ids: readonly number[]): Promise<(OwnedRecipeRow & { image: string | null })[]> {
  return db
    .selectFrom('recipes')
    .innerJoin('users', 'users.id', 'recipes.user_id')
    .select(['recipes.id', 'recipes.title', 'recipes.time_minutes', 'recipes.price', 'recipes.user_id', 'users.email as owner_email', 'recipes.image'])
    .where('recipes.id', '=', sql<number>`any(${ids}::bigint[])`)
    .orderBy('recipes.id')
    .execute();
}

/** Deletes any users' recipes by id; resolves to their image paths (to remove the files once committed). */
export async function deleteAnyRecipes(db: Executor, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.deleteFrom('recipes').where('id', '=', sql<number>`any(${ids}::bigint[])`).returning('image').execute();
  return rows.flatMap(({ image }) => (image === null ? [] : [image]));
}

/** Gives a recipe to another user (the admin's owner field); its tags and ingredients are then set as that user's. */
export async function changeRecipeOwner(db: Executor, id: number, userId: number): Promise<void> {
  await db.updateTable('recipes').set({ user_id: userId, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export interface OwnedRecipeDetail extends RecipeDetailRow {
  user_id: number;
  owner_email: string;
}

/** Any user's recipe, with its owner (the admin's edit page); undefined when there is none. */
export function findAnyRecipe(db: Executor, id: number): Promise<OwnedRecipeDetail | undefined> {
  return db
    .selectFrom('recipes')
    .innerJoin('users', 'users.id', 'recipes.user_id')
    .select([...detailSelection, 'recipes.user_id', 'users.email as owner_email'])
    .select(attributesOf)
    .where('recipes.id', '=', id)
    .executeTakeFirst();
}
