// A recipe's fields as the API reads and writes them (DRF's RecipeSerializer).
import { z } from '@hono/zod-openapi';
import { charField, decimalField, integerField, listField, objectField } from './fields.ts';

export const Attribute = z.object({ id: z.number().int(), name: z.string() }).openapi('TagOrIngredient');
/** A tag or ingredient as written: its name (the admin's form checks the same). */
export const AttributeInput = objectField({ name: charField({ maxLength: 255 }) });
// What the document says of an item of `tags` / `ingredients` (a pipe hides the schema itself).
const attributeInputDoc = { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 255 } }, required: ['name'] };

/** Tags (and, apart, ingredients) one recipe may have. */
export const maxAttributesPerRecipe = 100;

const fields = {
  title: charField({ maxLength: 255 }),
  // Better than the original: no negative or absurd durations or prices.
  time_minutes: integerField({ min: 0, max: 100_000 }),
  price: decimalField({ maxDigits: 5, decimalPlaces: 2, min: 0 }),
  link: charField({ maxLength: 255, allowBlank: true }),
  description: charField({ allowBlank: true }),
  // Bounded, so one request's work (and every later read of the recipe) is too.
  tags: listField(AttributeInput, { maxItems: maxAttributesPerRecipe, itemDoc: attributeInputDoc }),
  ingredients: listField(AttributeInput, { maxItems: maxAttributesPerRecipe, itemDoc: attributeInputDoc }),
};

/** POST and PUT: title, time_minutes and price required; the rest optional (absent: unchanged). */
export const RecipeInput = z
  .object({
    ...fields,
    link: fields.link.optional(),
    description: fields.description.optional(),
    tags: fields.tags.optional(),
    ingredients: fields.ingredients.optional(),
  })
  .openapi('RecipeInput');

/** PATCH: any of them. */
export const RecipePatch = RecipeInput.partial().openapi('RecipePatch');

export const RecipeListItem = z
  .object({
    id: z.number().int(),
    title: z.string(),
    time_minutes: z.number().int(),
    price: z.string().openapi({ example: '5.50' }),
    link: z.string(),
    tags: z.array(Attribute),
    ingredients: z.array(Attribute),
  })
  .openapi('Recipe');

export const RecipeDetail = RecipeListItem.extend({
  description: z.string(),
  image: z.url().nullable(),
}).openapi('RecipeDetail');
