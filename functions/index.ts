// The manifest: every function the emulator mounts, by name. Explicit, never
// a folder scan, so a reader (and a bundler) sees exactly what is deployed.
import adminDashboard from './admin-dashboard.ts';
import adminIngredients from './admin-ingredients.ts';
import adminLogin from './admin-login.ts';
import adminNotFound from './admin-not-found.ts';
import adminRecipes from './admin-recipes.ts';
import adminStatic from './admin-static.ts';
import adminTags from './admin-tags.ts';
import adminUsers from './admin-users.ts';
import docs from './docs.ts';
import healthCheck from './health-check.ts';
import ingredientDetail from './ingredient-detail.ts';
import ingredientList from './ingredient-list.ts';
import recipeDetail from './recipe-detail.ts';
import recipeList from './recipe-list.ts';
import recipeUploadImage from './recipe-upload-image.ts';
import schema from './schema.ts';
import staticMedia from './static-media.ts';
import tagDetail from './tag-detail.ts';
import tagList from './tag-list.ts';
import userCreate from './user-create.ts';
import userMe from './user-me.ts';
import userToken from './user-token.ts';
import userTokenDetail from './user-token-detail.ts';
import userTokens from './user-tokens.ts';

export const functions = {
  'health-check': healthCheck,
  'user-create': userCreate,
  'user-token': userToken,
  'user-tokens': userTokens,
  'user-token-detail': userTokenDetail,
  'user-me': userMe,
  'recipe-list': recipeList,
  'recipe-detail': recipeDetail,
  'recipe-upload-image': recipeUploadImage,
  'tag-list': tagList,
  'tag-detail': tagDetail,
  'ingredient-list': ingredientList,
  'ingredient-detail': ingredientDetail,
  schema,
  docs,
  'static-media': staticMedia,
  'admin-login': adminLogin,
  'admin-dashboard': adminDashboard,
  'admin-users': adminUsers,
  'admin-recipes': adminRecipes,
  'admin-tags': adminTags,
  'admin-ingredients': adminIngredients,
  'admin-static': adminStatic,
  // Last: it answers every /admin/…/ path that no function above serves.
  'admin-not-found': adminNotFound,
} as const;
