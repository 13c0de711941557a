import { type Kysely, sql } from 'kysely';

// API tokens. Only a SHA-256 of each key is kept: a copy of the database lets
// nobody act as a user. A user may hold several (one per login).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tokens')
    .addColumn('key_hash', 'bytea', (col) => col.primaryKey().check(sql`octet_length(key_hash) = 32`))
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('tokens_user_id_idx').on('tokens').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tokens').execute();
}
