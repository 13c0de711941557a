// The one definition of a recipe's fields, and what is derived from it.
// `npm run typecheck` checks the expected type errors below: a row that
// misses a defined column must not compile.
import { describe, expect, it } from 'vitest';
import { detailColumns, detailSelection, listColumns, listSelection, type RecipeDetailRow, type RecipeListRow, recipeFields, toRecipeDetailJson, toRecipeListJson, writableColumns } from './recipe-model.ts';

const item: RecipeListRow = { id: 7, title: 'Soup', time_minutes: 20, price: '5.50', link: '', tags: [{ id: 1, name: 'Vegan' }], ingredients: [] };
const detail: RecipeDetailRow = { ...item, description: 'Hot.', image: 'uploads/recipe/a.png' };

describe('the recipe fields', () => {
  it('derive the select lists in the contract order, each column in exactly one of them', () => {
    expect(listColumns).toEqual(['id', 'title', 'time_minutes', 'price', 'link']);
    expect(detailColumns).toEqual(['description', 'image']);
    expect([...listColumns, ...detailColumns].sort()).toEqual(Object.keys(recipeFields).sort());
    expect(listSelection).toEqual(listColumns.map((column) => `recipes.${column}`));
    expect(detailSelection).toEqual([...listColumns, ...detailColumns].map((column) => `recipes.${column}`));
    expect(writableColumns).toEqual(['title', 'time_minutes', 'price', 'link', 'description']);
  });

  it('derive the JSON: the list columns, tags and ingredients, then the detail columns with the image as a URL', () => {
    expect(Object.keys(toRecipeListJson({ ...detail, full_count: 3 } as RecipeListRow))).toEqual(['id', 'title', 'time_minutes', 'price', 'link', 'tags', 'ingredients']);
    const json = toRecipeDetailJson(detail, (path) => `http://media/${path}`);
    expect(Object.keys(json)).toEqual(['id', 'title', 'time_minutes', 'price', 'link', 'tags', 'ingredients', 'description', 'image']);
    expect(json.image).toBe('http://media/uploads/recipe/a.png');
    expect(toRecipeDetailJson({ ...detail, image: null }, () => 'unused').image).toBeNull();
  });

  it('make a row that misses a defined column a type error, not a missing key', () => {
    // @ts-expect-error -- `link` is a list column
    const missing: RecipeListRow = { id: 7, title: 'Soup', time_minutes: 20, price: '5.50', tags: [], ingredients: [] };
    // @ts-expect-error -- `image` is a detail column
    const missingDetail: RecipeDetailRow = { ...item, description: 'Hot.' };
    expect([missing, missingDetail]).toHaveLength(2);
  });
});
