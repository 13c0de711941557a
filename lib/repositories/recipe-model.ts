// A recipe's fields, written once (as Django's model and ModelSerializer say
// them): every column a client sees, in the contract's order, who may write
// it and its limits. Everything else is derived from this list: the row types
// and select lists here, the JSON (toRecipeListJson), the zod schemas and so
// the OpenAPI document (lib/http/recipe-fields.ts), the admin's form
// (lib/admin/recipe-form.ts). A new column goes here, in db/schema.ts and in a
// migration; a select list or a RETURNING cannot then leave it out.
import { sql } from 'kysely';
import type { RecipeRow } from '../../db/schema.ts';
import type { Attribute } from './recipe-attributes.ts';

export type FieldType =
  | { readonly kind: 'id' }
  | { readonly kind: 'text'; readonly maxLength?: number; readonly blank?: boolean; readonly multiline?: boolean }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  /** numeric(maxDigits, decimalPlaces), shown as text ("5.50"). */
  | { readonly kind: 'decimal'; readonly maxDigits: number; readonly decimalPlaces: number; readonly min?: number; readonly example: string }
  /** A path under the media root, shown as its absolute URL (or null). */
  | { readonly kind: 'image' };

export interface FieldDefinition {
  /** 'list': in lists and in one recipe's view, before its tags and ingredients; 'detail': in one recipe's view only, after them. */
  readonly shown: 'list' | 'detail';
  /** Written by clients: 'required', or 'optional' (absent: the column's default on create, unchanged on update). Absent: read-only. */
  readonly write?: 'required' | 'optional';
  readonly type: FieldType;
  /** The admin form's label; `changeLabel` names the field in the admin log ("Changed time and price."), the column's name when absent. */
  readonly label?: string;
  readonly changeLabel?: string;
}

/** The kinds a column of this type can be, so that a definition cannot disagree with db/schema.ts. */
type KindOf<Value> = NonNullable<Value> extends number ? 'id' | 'integer' : NonNullable<Value> extends string ? (null extends Value ? 'image' : 'text' | 'decimal') : never;

export const recipeFields = {
  id: { shown: 'list', type: { kind: 'id' } },
  title: { shown: 'list', write: 'required', type: { kind: 'text', maxLength: 255 }, label: 'Title' },
  // Better than the original: no negative or absurd durations or prices.
  time_minutes: { shown: 'list', write: 'required', type: { kind: 'integer', min: 0, max: 100_000 }, label: 'Time (minutes)', changeLabel: 'time' },
  price: { shown: 'list', write: 'required', type: { kind: 'decimal', maxDigits: 5, decimalPlaces: 2, min: 0, example: '5.50' }, label: 'Price' },
  link: { shown: 'list', write: 'optional', type: { kind: 'text', maxLength: 255, blank: true }, label: 'Link' },
  description: { shown: 'detail', write: 'optional', type: { kind: 'text', blank: true, multiline: true }, label: 'Description' },
  // Written by its own route (upload-image) and the admin's file field.
  image: { shown: 'detail', type: { kind: 'image' } },
} as const satisfies { readonly [Column in keyof RecipeRow]?: FieldDefinition & { readonly type: { readonly kind: KindOf<RecipeRow[Column]> } } };

type Fields = typeof recipeFields;
/** The same, each seen as any definition (for code that loops over them). */
export const fieldDefinitions: { readonly [C in keyof Fields]: FieldDefinition } = recipeFields;
export type RecipeColumn = keyof Fields;
export type ListColumn = { [C in RecipeColumn]: Fields[C]['shown'] extends 'list' ? C : never }[RecipeColumn];
export type DetailColumn = Exclude<RecipeColumn, ListColumn>;
export type WritableColumn = { [C in RecipeColumn]: Fields[C] extends { write: string } ? C : never }[RecipeColumn];
type RequiredColumn = { [C in RecipeColumn]: Fields[C] extends { write: 'required' } ? C : never }[RecipeColumn];

const columns = Object.keys(recipeFields) as RecipeColumn[];
/** In the contract's order. */
export const listColumns = columns.filter((column): column is ListColumn => fieldDefinitions[column].shown === 'list');
export const detailColumns = columns.filter((column): column is DetailColumn => fieldDefinitions[column].shown === 'detail');
export const writableColumns = columns.filter((column): column is WritableColumn => fieldDefinitions[column].write !== undefined);

/** The list columns of a recipes row named `alias`, as SQL text for raw statements (our own names, no input). */
export function listColumnsOf(alias: string) {
  return sql.raw(listColumns.map((column) => `${alias}.${column}`).join(', '));
}

/** Select lists of the recipes table, in the contract's order. */
export const listSelection = listColumns.map((column) => `recipes.${column}` as const);
export const detailSelection = [...listSelection, ...detailColumns.map((column) => `recipes.${column}` as const)];

export interface RecipeAttributes {
  tags: Attribute[];
  ingredients: Attribute[];
}

/** A list item's own columns, without its tags and ingredients. */
export type RecipeListColumns = Pick<RecipeRow, ListColumn>;
export type RecipeListRow = RecipeListColumns & RecipeAttributes;
export type RecipeDetailRow = Pick<RecipeRow, ListColumn | DetailColumn> & RecipeAttributes;

/** What a client writes: the required columns, the optional ones, and tags and ingredients by name (get-or-create among the user's own; absent: unchanged). */
export type RecipeFields = Readonly<Pick<RecipeRow, RequiredColumn>> &
  Readonly<Partial<Pick<RecipeRow, Exclude<WritableColumn, RequiredColumn>>>> & {
    readonly tags?: readonly { name: string }[];
    readonly ingredients?: readonly { name: string }[];
  };

/** A list item, in the contract's field order. */
export function toRecipeListJson(row: RecipeListRow) {
  const json: Record<string, unknown> = {};
  for (const column of listColumns) json[column] = row[column];
  json.tags = row.tags;
  json.ingredients = row.ingredients;
  return json as Pick<RecipeListRow, ListColumn | keyof RecipeAttributes>;
}

/** The detail view: the list item, then the detail fields (an image as its absolute URL, or null). */
export function toRecipeDetailJson(row: RecipeDetailRow, imageUrl: (path: string) => string) {
  const json: Record<string, unknown> = { ...toRecipeListJson(row) };
  for (const column of detailColumns) {
    const value = row[column];
    json[column] = fieldDefinitions[column].type.kind === 'image' && typeof value === 'string' ? imageUrl(value) : value;
  }
  return json as unknown as RecipeDetailRow;
}
