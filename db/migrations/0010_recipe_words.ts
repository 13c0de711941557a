import { type Kysely, sql } from 'kysely';

// Search that costs about what a page costs, however many recipes match.
// Migration 0007's trigram index finds the candidates of `like '%word%'`, but
// it is lossy: every candidate row is read and checked again, and a word in
// 3 % of 100,000 recipes read 1,900 table pages (10 ms) just to be counted.
// Instead each recipe's words are kept in a narrow table (recipe_words: the
// words of search_document, split at white space), and each user's distinct
// words in a small one (user_words, their vocabulary):
// - a search word is looked for in the user's vocabulary (`word like
//   '%lentil%'` on tens to thousands of short rows: no index can beat reading
//   them for a pattern that may be one letter, and the plan stays the same
//   whatever the pattern);
// - the recipes having those words are then read from the index on
//   (user_id, word, recipe_id) alone, without visiting the recipes: 3,333
//   entries in 0.4 ms. Only the page's 50 recipes are read from the table.
// A search word without white space is part of the document exactly when it
// is part of one of its words, so the results are those of the `like` on the
// document. (A word that search_text() turns into text with white space, as
// unaccent does for `¼`, is still compared with the document itself.)
//
// Triggers keep both tables, in the same transaction as the recipes. The
// vocabulary only grows (a word no recipe has any more finds nothing); it is
// deleted with its user.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recipe_words')
    .addColumn('recipe_id', 'bigint', (col) => col.notNull().references('recipes.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (col) => col.notNull())
    .addColumn('word', sql`text collate "C"`, (col) => col.notNull())
    .addPrimaryKeyConstraint('recipe_words_pkey', ['recipe_id', 'word'])
    .execute();
  await sql`create index recipe_words_user_id_word_idx on recipe_words (user_id, word, recipe_id)`.execute(db);
  await db.schema
    .createTable('user_words')
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('word', sql`text collate "C"`, (col) => col.notNull())
    .addPrimaryKeyConstraint('user_words_pkey', ['user_id', 'word'])
    .execute();

  // A document's words: what lies between white space, each once.
  await sql`
    create function search_words(document text) returns setof text language sql immutable strict parallel safe as $$
      select distinct word from regexp_split_to_table(document, '[[:space:]]+') word where word <> ''
    $$`.execute(db);
  // Once per statement, with every row it wrote. An update deletes the words
  // of the recipes whose document or owner changed, then adds whatever words
  // are missing (a recipe whose image alone changed has them all).
  // Vocabulary rows go in sorted order, so two statements adding the same new
  // words cannot deadlock.
  await sql`
    create function recipe_words_after_change() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'UPDATE' then
        delete from recipe_words w using changed n join previous o on o.id = n.id
        where w.recipe_id = n.id and (o.search_document, o.user_id) is distinct from (n.search_document, n.user_id);
      end if;
      with added as (
        insert into recipe_words (recipe_id, user_id, word)
        select r.id, r.user_id, word from changed r, search_words(r.search_document) word
        on conflict do nothing
        returning user_id, word
      )
      insert into user_words (user_id, word)
      select distinct user_id, word from added order by user_id, word
      on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`create trigger recipes_words_insert after insert on recipes referencing new table as changed for each statement execute function recipe_words_after_change()`.execute(db);
  await sql`
    create trigger recipes_words_update after update on recipes referencing old table as previous new table as changed
    for each statement execute function recipe_words_after_change()`.execute(db);
  // Deletes: the foreign key's cascade.

  // The recipes already there.
  await sql`insert into recipe_words (recipe_id, user_id, word) select r.id, r.user_id, word from recipes r, search_words(r.search_document) word`.execute(db);
  await sql`insert into user_words (user_id, word) select distinct user_id, word from recipe_words`.execute(db);
  // The trigram index of migration 0007 has no reader left: search goes through the words.
  await sql`drop index recipes_search_idx`.execute(db);

  // The first page of a long list by time or price reads 50 index entries
  // instead of sorting all the user's recipes (as 0007 does for the title;
  // ties by id in the same direction, so one index serves both directions).
  await sql`create index recipes_user_id_time_minutes_idx on recipes (user_id, time_minutes, id)`.execute(db);
  await sql`create index recipes_user_id_price_idx on recipes (user_id, price, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index recipes_user_id_price_idx`.execute(db);
  await sql`drop index recipes_user_id_time_minutes_idx`.execute(db);
  await sql`create index recipes_search_idx on recipes using gin (search_document gin_trgm_ops)`.execute(db);
  await sql`drop trigger recipes_words_update on recipes`.execute(db);
  await sql`drop trigger recipes_words_insert on recipes`.execute(db);
  for (const fn of ['recipe_words_after_change()', 'search_words(text)']) await sql.raw(`drop function ${fn}`).execute(db);
  await db.schema.dropTable('user_words').execute();
  await db.schema.dropTable('recipe_words').execute();
}
