// The manifest: every function the emulator mounts, by name. Explicit, never
// a folder scan, so a reader (and a bundler) sees exactly what is deployed.
import docs from './docs.ts';
import healthCheck from './health-check.ts';
import ingredientDetail from './ingredient-detail.ts';
import ingredientList from './ingredient-list.ts';
import recipeDetail from './recipe-detail.ts';
import recipeList from './recipe-list.ts';
import schema from './schema.ts';
import tagDetail from './tag-detail.ts';
import tagList from './tag-list.ts';
import userCreate from './user-create.ts';
import userMe from './user-me.ts';
import userToken from './user-token.ts';

export const functions = {
  'health-check': healthCheck,
  'user-create': userCreate,
  'user-token': userToken,
  'user-me': userMe,
  'recipe-list': recipeList,
  'recipe-detail': recipeDetail,
  'tag-list': tagList,
  'tag-detail': tagDetail,
  'ingredient-list': ingredientList,
  'ingredient-detail': ingredientDetail,
  schema,
  docs,
} as const;
