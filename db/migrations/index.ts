import type { Migration } from 'kysely/migration';
import * as createUsers from './0001_create_users.ts';
import * as createTokens from './0002_create_tokens.ts';
import * as createLoginFailures from './0003_create_login_failures.ts';
import * as createRecipes from './0004_create_recipes.ts';
import * as createAdminSessions from './0005_create_admin_sessions.ts';
import * as createAdminLog from './0006_create_admin_log.ts';
import * as recipeSearch from './0007_recipe_search.ts';
import * as tokenManagement from './0008_token_management.ts';
import * as recipeBlocks from './0009_recipe_blocks.ts';
import * as recipeWords from './0010_recipe_words.ts';
import * as lighterRecipeWords from './0011_lighter_recipe_words.ts';
import * as searchNames from './0012_search_names.ts';
import * as recipeWordBlocks from './0013_recipe_word_blocks.ts';

// Every migration, in the order it runs. A static list rather than a folder
// scan: it survives bundlers and test runners, and a reader sees the history.
// Names are NNNN_<what>; a landed migration is never renamed or edited.
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_create_users': createUsers,
  '0002_create_tokens': createTokens,
  '0003_create_login_failures': createLoginFailures,
  '0004_create_recipes': createRecipes,
  '0005_create_admin_sessions': createAdminSessions,
  '0006_create_admin_log': createAdminLog,
  '0007_recipe_search': recipeSearch,
  '0008_token_management': tokenManagement,
  '0009_recipe_blocks': recipeBlocks,
  '0010_recipe_words': recipeWords,
  '0011_lighter_recipe_words': lighterRecipeWords,
  '0012_search_names': searchNames,
  '0013_recipe_word_blocks': recipeWordBlocks,
};
