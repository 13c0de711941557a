import { type Kysely, sql } from 'kysely';

// Django's admin log (LogEntry): who added, changed or deleted what, and when.
// The staff member's email is copied, so an entry outlives their account.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_log')
    .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('action_time', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('user_id', 'bigint', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('user_email', 'text', (col) => col.notNull())
    .addColumn('object_type', 'text', (col) => col.notNull().check(sql`object_type in ('user', 'recipe', 'tag', 'ingredient')`))
    .addColumn('object_id', 'bigint', (col) => col.notNull())
    .addColumn('object_repr', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull().check(sql`action in ('added', 'changed', 'deleted')`))
    .addColumn('change_message', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('admin_log_object_idx').on('admin_log').columns(['object_type', 'object_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('admin_log').execute();
}
