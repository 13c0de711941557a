import { type Kysely, sql } from 'kysely';

// Recipes and their two kinds of attributes, tags and ingredients: each owned
// by one user, unique per owner and name, linked to recipes many-to-many.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recipes')
    .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'varchar(255)', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('time_minutes', 'integer', (col) => col.notNull().check(sql`time_minutes between 0 and 100000`))
    .addColumn('price', 'numeric(5, 2)', (col) => col.notNull().check(sql`price >= 0`))
    .addColumn('link', 'varchar(255)', (col) => col.notNull().defaultTo(''))
    // Path under the media root (uploads/recipe/<uuid>.<ext>), or null.
    .addColumn('image', 'varchar(255)')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // A user's recipes, newest first.
  await db.schema.createIndex('recipes_user_id_id_idx').on('recipes').columns(['user_id', 'id desc']).execute();

  for (const [table, link, column] of [
    ['tags', 'recipe_tags', 'tag_id'],
    ['ingredients', 'recipe_ingredients', 'ingredient_id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
      .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'varchar(255)', (col) => col.notNull().check(sql`name <> ''`))
      // Also the index for a user's list and for get-or-create by name.
      .addUniqueConstraint(`${table}_user_id_name_key`, ['user_id', 'name'])
      .execute();
    await db.schema
      .createTable(link)
      .addColumn('recipe_id', 'bigint', (col) => col.notNull().references('recipes.id').onDelete('cascade'))
      .addColumn(column, 'bigint', (col) => col.notNull().references(`${table}.id`).onDelete('cascade'))
      .addPrimaryKeyConstraint(`${link}_pkey`, ['recipe_id', column])
      .execute();
    // The primary key serves lookups by recipe; this one serves filters and deletes by attribute.
    await db.schema.createIndex(`${link}_${column}_idx`).on(link).columns([column, 'recipe_id']).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['recipe_ingredients', 'recipe_tags', 'ingredients', 'tags', 'recipes']) {
    await db.schema.dropTable(table).execute();
  }
}
