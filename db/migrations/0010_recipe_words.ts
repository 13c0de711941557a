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

  // Adds the words of recipes (their ids, owners and search documents, in
  // step) to both tables.
  // Vocabulary rows go in sorted order, so two statements adding the same
  // new words cannot deadlock.
  await sql`
    create function recipe_words_add(ids bigint[], owners bigint[], documents text[]) returns void language sql as $$
      with recipe as (select * from unnest(ids, owners, documents) as r(id, user_id, search_document)),
      added as (
        insert into recipe_words (recipe_id, user_id, word)
        select distinct recipe.id, recipe.user_id, word
        from recipe, regexp_split_to_table(recipe.search_document, '[[:space:]]+') word
        where word <> ''
        returning user_id, word
      )
      insert into user_words (user_id, word)
      select distinct user_id, word from added order by user_id, word
      on conflict do nothing
    $$`.execute(db);
  await sql`
    create function recipe_words_after_insert() returns trigger language plpgsql as $$
    begin
      perform recipe_words_add(array(select id from changed order by id), array(select user_id from changed order by id), array(select search_document from changed order by id));
      return null;
    end $$`.execute(db);
  // A changed title, description or owner: the recipe's words again.
  await sql`
    create function recipe_words_after_update() returns trigger language plpgsql as $$
    begin
      delete from recipe_words where recipe_id = new.id;
      perform recipe_words_add(array[new.id], array[new.user_id], array[new.search_document]);
      return null;
    end $$`.execute(db);
  await sql`create trigger recipes_words_insert after insert on recipes referencing new table as changed for each statement execute function recipe_words_after_insert()`.execute(db);
  await sql`
    create trigger recipes_words_update after update on recipes
    for each row when (old.search_document is distinct from new.search_document or old.user_id is distinct from new.user_id)
    execute function recipe_words_after_update()`.execute(db);
  // Deletes: the foreign key's cascade.

  // The recipes already there.
  await sql`select recipe_words_add(array_agg(id), array_agg(user_id), array_agg(search_document)) from recipes`.execute(db);
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
  for (const fn of ['recipe_words_after_update()', 'recipe_words_after_insert()', 'recipe_words_add(bigint[], bigint[], text[])']) await sql.raw(`drop function ${fn}`).execute(db);
  await db.schema.dropTable('user_words').execute();
  await db.schema.dropTable('recipe_words').execute();
}
