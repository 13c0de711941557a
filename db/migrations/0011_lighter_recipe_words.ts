import { type Kysely, sql } from 'kysely';

// The words index of migration 0010 at a lower price per write.
// - A word row had a foreign key to its recipe: every row inserted checked
//   and key-share locked the recipe again (twenty times for a twenty-word
//   description), and the cascade on delete needed a second index, on
//   (recipe_id, word), written with every row and a third of the table's
//   size. Both go. A recipe's words are exactly search_words() of its
//   stored search_document, so they are found again through the search
//   index (user_id, word, recipe_id) from the recipe's old row: the triggers
//   below delete them when a recipe is deleted or its words change. (Only a
//   TRUNCATE skips triggers; it must name recipe_words too.)
// - An update used to fire a statement trigger for any change (an image, a
//   price), and one that changed the document deleted all of the recipe's
//   words and wrote them all again. Now a row trigger fires only when the
//   document or the owner changed (its WHEN is checked without running any
//   function), and writes the difference: the words no longer there go, the
//   new ones come; a title typo fixed rewrites one row, not twenty.
// Inserts stay one statement trigger (a statement writing 100,000 recipes
// writes their words in one pass).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger recipes_words_update on recipes`.execute(db);
  await sql`drop trigger recipes_words_insert on recipes`.execute(db);
  await sql`drop function recipe_words_after_change()`.execute(db);
  await sql`alter table recipe_words drop constraint recipe_words_recipe_id_fkey, drop constraint recipe_words_pkey`.execute(db);

  // Vocabulary rows go in sorted order, so two statements adding the same new
  // words cannot deadlock.
  await sql`
    create function recipe_words_after_insert() returns trigger language plpgsql as $$
    begin
      with added as (
        insert into recipe_words (recipe_id, user_id, word)
        select r.id, r.user_id, word from changed r, search_words(r.search_document) word
        returning user_id, word
      )
      insert into user_words (user_id, word)
      select distinct user_id, word from added order by user_id, word
      on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`
    create function recipe_words_after_delete() returns trigger language plpgsql as $$
    begin
      delete from recipe_words w using changed r, search_words(r.search_document) as s(word)
      where w.user_id = r.user_id and w.word = s.word and w.recipe_id = r.id;
      return null;
    end $$`.execute(db);
  // The words of the old document that the new one lacks go, and the new
  // document's words that the old one lacked come (all of them for a new owner).
  await sql`
    create function recipe_words_after_update() returns trigger language plpgsql as $$
    declare
      kept text[] := case when old.user_id = new.user_id then array(
        select search_words(old.search_document) intersect select search_words(new.search_document)) else '{}' end;
    begin
      delete from recipe_words w
      where w.user_id = old.user_id and w.recipe_id = old.id
        and w.word = any(array(select search_words(old.search_document) except select unnest(kept)));
      insert into recipe_words (recipe_id, user_id, word)
      select new.id, new.user_id, s.word from search_words(new.search_document) as s(word)
      where s.word <> all(kept);
      insert into user_words (user_id, word)
      select new.user_id, s.word from search_words(new.search_document) as s(word)
      where s.word <> all(kept) order by s.word
      on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`create trigger recipes_words_insert after insert on recipes referencing new table as changed for each statement execute function recipe_words_after_insert()`.execute(db);
  await sql`create trigger recipes_words_delete after delete on recipes referencing old table as changed for each statement execute function recipe_words_after_delete()`.execute(db);
  await sql`
    create trigger recipes_words_update after update on recipes for each row
    when (old.search_document is distinct from new.search_document or old.user_id is distinct from new.user_id)
    execute function recipe_words_after_update()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['recipes_words_update', 'recipes_words_delete', 'recipes_words_insert']) await sql`drop trigger ${sql.id(trigger)} on recipes`.execute(db);
  for (const fn of ['recipe_words_after_update()', 'recipe_words_after_delete()', 'recipe_words_after_insert()']) await sql.raw(`drop function ${fn}`).execute(db);
  // Rows of recipes deleted since (none, if every delete went through the trigger) would break the key.
  await sql`delete from recipe_words w where not exists (select from recipes r where r.id = w.recipe_id)`.execute(db);
  await sql`alter table recipe_words add constraint recipe_words_pkey primary key (recipe_id, word)`.execute(db);
  await sql`alter table recipe_words add constraint recipe_words_recipe_id_fkey foreign key (recipe_id) references recipes (id) on delete cascade`.execute(db);
  // 0010's triggers, as it made them.
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
}
