import { type Kysely, sql } from 'kysely';

// Django's custom user model from the course: email instead of username.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('email', 'varchar(255)', (col) => col.notNull().check(sql`email like '_%@_%'`))
    .addColumn('name', 'varchar(255)', (col) => col.notNull())
    // Argon2id PHC string; null means "no usable password": such a user cannot log in.
    .addColumn('password', 'text')
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('is_staff', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('is_superuser', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('last_login', 'timestamptz')
    .addColumn('date_joined', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('users_superuser_is_staff', sql`is_staff or not is_superuser`)
    .execute();
  // Unique whatever the case: Bob@x.com and bob@x.com are one account.
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('users').execute();
}
