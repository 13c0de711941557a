// A recipe's fields as the API reads and writes them (DRF's RecipeSerializer),
// derived from their one definition (lib/repositories/recipe-model.ts).
import { z } from '@hono/zod-openapi';
import { type DetailColumn, detailColumns, fieldDefinitions, type FieldType, type ListColumn, listColumns, type recipeFields, type WritableColumn, writableColumns } from '../repositories/recipe-model.ts';
import { withObjectFastParse } from './fast-parse.ts';
import { charField, decimalField, integerField, listField, objectField } from './fields.ts';

export const Attribute = z.object({ id: z.number().int(), name: z.string() }).openapi('TagOrIngredient');
/** A tag or ingredient as written: its name (the admin's form checks the same). */
export const AttributeInput = objectField({ name: charField({ maxLength: 255 }) });
// What the document says of an item of `tags` / `ingredients` (a pipe hides the schema itself).
const attributeInputDoc = { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 255 } }, required: ['name'] };

/** Tags (and, apart, ingredients) one recipe may have. */
export const maxAttributesPerRecipe = 100;

type Fields = typeof recipeFields;
type Writable<Type> = Type extends { kind: 'integer' } ? ReturnType<typeof integerField> : Type extends { kind: 'decimal' } ? ReturnType<typeof decimalField> : ReturnType<typeof charField>;
type InputShape = { [C in WritableColumn]: Fields[C] extends { write: 'required' } ? Writable<Fields[C]['type']> : z.ZodOptional<Writable<Fields[C]['type']>> };

/** The DRF field that reads a column. */
function writable(type: FieldType) {
  switch (type.kind) {
    case 'integer':
      return integerField(type);
    case 'decimal':
      return decimalField(type);
    case 'text':
      return charField({ maxLength: type.maxLength, allowBlank: type.blank });
    default:
      throw new Error(`a ${type.kind} field is not written through the API`);
  }
}

/** What the document says a column shows. */
function readable(type: FieldType) {
  switch (type.kind) {
    case 'id':
    case 'integer':
      return z.number().int();
    case 'decimal':
      return z.string().openapi({ example: type.example });
    case 'text':
      return z.string();
    case 'image':
      return z.url().nullable();
  }
}

function shapeOf<C extends keyof Fields, Schema>(columns: readonly C[], schema: (column: C) => Schema): Record<C, Schema> {
  return Object.fromEntries(columns.map((column) => [column, schema(column)])) as Record<C, Schema>;
}

const inputShape = shapeOf(writableColumns, (column) => {
  const field = fieldDefinitions[column];
  return field.write === 'required' ? writable(field.type) : writable(field.type).optional();
}) as unknown as InputShape;

// Bounded, so one request's work (and every later read of the recipe) is too.
const attributesInput = listField(AttributeInput, { maxItems: maxAttributesPerRecipe, itemDoc: attributeInputDoc });

const recipeInputShape = { ...inputShape, tags: attributesInput.optional(), ingredients: attributesInput.optional() };

/** POST and PUT: the required fields; the rest optional (absent: unchanged). */
export const RecipeInput = withObjectFastParse(z.object(recipeInputShape).openapi('RecipeInput'), recipeInputShape);

/** PATCH: any of them. */
export const RecipePatch = RecipeInput.partial().openapi('RecipePatch');

export const RecipeListItem = z
  .object({
    ...shapeOf<ListColumn, z.ZodType>(listColumns, (column) => readable(fieldDefinitions[column].type)),
    tags: z.array(Attribute),
    ingredients: z.array(Attribute),
  })
  .openapi('Recipe');

export const RecipeDetail = RecipeListItem.extend(shapeOf<DetailColumn, z.ZodType>(detailColumns, (column) => readable(fieldDefinitions[column].type))).openapi('RecipeDetail');
