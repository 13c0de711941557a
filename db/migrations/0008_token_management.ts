import { type Kysely, sql } from 'kysely';

// Tokens a user can manage: an id to name one by (never the key, which is
// only hashed), a name, when it expires (null: never) and when it was last
// used (written at most once a minute per token, not on every request).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tokens')
    .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().unique())
    .addColumn('name', 'varchar(255)', (col) => col.notNull().defaultTo(''))
    .addColumn('expires', 'timestamptz')
    .addColumn('last_used', 'timestamptz')
    .execute();
  await sql`alter table tokens alter column id set not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tokens').dropColumn('last_used').dropColumn('expires').dropColumn('name').dropColumn('id').execute();
}
