import { type Kysely, sql } from 'kysely';

// How many people a recipe serves: optional (null), positive.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('recipes').addColumn('servings', 'integer', (col) => col.check(sql`servings > 0`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('recipes').dropColumn('servings').execute();
}
