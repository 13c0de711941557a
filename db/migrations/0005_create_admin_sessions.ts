import { type Kysely, sql } from 'kysely';

// The admin site's sessions: server-side, so logging out ends one for good.
// Only a SHA-256 of the cookie's key is kept, as for API tokens.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_sessions')
    .addColumn('key_hash', 'bytea', (col) => col.primaryKey().check(sql`octet_length(key_hash) = 32`))
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('admin_sessions_user_id_idx').on('admin_sessions').column('user_id').execute();
  await db.schema.createIndex('admin_sessions_expires_at_idx').on('admin_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('admin_sessions').execute();
}
