import { type Kysely, sql } from 'kysely';

// A search's exact count at the cost of a page. Counting two words' recipes
// merged both words' runs of the words index (migration 0010): 7,500 entries
// for `smoky lentil` in 100,000 recipes, ~0.6 ms. Now each group of eight of
// a user's blocks (migration 0009: ~1,024 recipes each, by id) also keeps,
// per word, the sorted array of its recipes' offsets from the group's first
// id (recipe_word_blocks), so a group's count of two words is the size of
// the intersection of two arrays, made by intarray's C code: 13 rows a word
// for 100,000 recipes instead of thousands of index entries. (Groups of one
// block read 97 rows a word, each on its own page: twice the time.)
//
// Only full groups are kept so: a user's recipes below `below_id`
// (recipe_words_sealed) are in the arrays, those from it on (the newest
// group, where creates land: 1 to 8 blocks) only in the words index, which a
// search merges as before. When a block starts a new group, the insert that
// starts it seals the group before it: once per ~8,192 recipes it writes
// their arrays, from the recipes themselves (locked for share, so a
// concurrent edit of one is either waited for or waits). A create below the
// boundary (one committed late), a delete, an edit or a change of owner of a
// recipe below it updates the arrays of its words in its group. Both steps
// of a create are in recipe_blocks_add (migration 0009), which knows when
// either may be needed: a usual create costs no more than before.
//
// intarray's operators would replace the built-in `&&`, `@>` and `<@` for
// every int4[] on the search_path, so it goes in a schema of its own (unless
// it is installed already), and three SQL functions name it by schema
// (inlined by the planner, as search_text() names unaccent).
/** Blocks (of recipe_blocks) per group: 8 reads a twelfth of the rows of 1 for a search, and an edit of a sealed recipe rewrites arrays of up to 8,192 offsets. */
const groupBlocks = 8;

export async function up(db: Kysely<any>): Promise<void> {
  let schema = await extensionSchema(db);
  if (schema === undefined) {
    await sql`create schema if not exists intarray`.execute(db);
    await sql`create extension intarray schema intarray`.execute(db);
    schema = 'intarray';
  }
  const intarray = sql.id(schema);
  // Sorted, distinct arrays in; sorted, distinct arrays out.
  await sql`create function word_offsets_and(a int4[], b int4[]) returns int4[] language sql immutable strict parallel safe return ${intarray}._int_inter(a, b)`.execute(db);
  await sql`create function word_offsets_or(a int4[], b int4[]) returns int4[] language sql immutable strict parallel safe return ${intarray}._int_union(a, b)`.execute(db);
  await sql`create function word_offsets_minus(a int4[], b int4[]) returns int4[] language sql immutable strict parallel safe return ${intarray}.intset_subtract(a, b)`.execute(db);

  await db.schema
    .createTable('recipe_words_sealed')
    .addColumn('user_id', 'bigint', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('below_id', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('recipe_word_blocks')
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('word', sql`text collate "C"`, (col) => col.notNull())
    .addColumn('first_id', 'bigint', (col) => col.notNull())
    .addColumn('offsets', sql`int4[]`, (col) => col.notNull())
    .addPrimaryKeyConstraint('recipe_word_blocks_pkey', ['user_id', 'word', 'first_id'])
    .execute();
  // A word in one recipe of eight has 1,024 offsets (4 kB): kept in the row
  // as it is, not compressed into a TOAST table, so that a search reads it
  // and an edit rewrites it without (de)compressing. Only the arrays of a
  // word in over a quarter of a group's recipes (over 8 kB) are compressed,
  // and moved out of line when still too long.
  await sql`alter table recipe_word_blocks set (toast_tuple_target = 8160)`.execute(db);
  await sql`alter table recipe_word_blocks alter column offsets set storage main`.execute(db);

  // The group an id of `owner`'s falls in: the first id of block 8g, g the
  // block's number (from 0, in id order) divided by 8 (groupBlocks). Blocks are never
  // deleted and new ones come above all others, so a group never changes.
  await sql`
    create function recipe_word_group(owner bigint, id bigint) returns bigint language sql stable return (
      select b.first_id from recipe_blocks b where b.user_id = owner
      order by b.first_id
      offset ((select count(*) from recipe_blocks c where c.user_id = owner and c.first_id <= id) - 1) / ${sql.lit(groupBlocks)} * ${sql.lit(groupBlocks)} limit 1
    )`.execute(db);

  // Seals the user's groups from below_id up to the newest group (which
  // stays open). Runs under the user's lock (recipe_blocks_lock, taken by
  // every insert and delete of theirs).
  await sql`
    create function recipe_word_blocks_seal(owner bigint) returns void language plpgsql as $$
    declare
      below bigint := coalesce((select below_id from recipe_words_sealed where user_id = owner), 0);
      newest bigint := recipe_word_group(owner, 9223372036854775807);
    begin
      if newest is null or newest <= below then return; end if;
      with block as (select first_id, row_number() over (order by first_id) - 1 as n from recipe_blocks where user_id = owner),
      grp as (
        select first_id, coalesce(lead(first_id) over (order by first_id), newest) as next_id
        from block where n % ${sql.lit(groupBlocks)} = 0 and first_id >= below and first_id < newest
      ),
      recipe as materialized (
        select r.id, r.search_document from recipes r where r.user_id = owner and r.id >= below and r.id < newest for share
      )
      insert into recipe_word_blocks (user_id, word, first_id, offsets)
      select owner, s.word, g.first_id, array_agg((r.id - g.first_id)::int4 order by r.id)
      from recipe r join grp g on r.id >= g.first_id and r.id < g.next_id, search_words(r.search_document) as s(word)
      group by s.word, g.first_id;
      insert into recipe_words_sealed as z (user_id, below_id) values (owner, newest)
      on conflict (user_id) do update set below_id = excluded.below_id;
    end $$`.execute(db);

  // The recipes of `ids` (of `owner`) below the sealed boundary, into their groups.
  await sql`
    create function recipe_word_blocks_add(owner bigint, ids bigint[]) returns void language sql as $$
      insert into recipe_word_blocks as b (user_id, word, first_id, offsets)
      select owner, s.word, k.first_id, array_agg((r.id - k.first_id)::int4 order by r.id)
      from recipes r
      cross join lateral (select recipe_word_group(owner, r.id) as first_id) k
      cross join search_words(r.search_document) as s(word)
      where r.id = any(ids) and r.user_id = owner
        and r.id < coalesce((select below_id from recipe_words_sealed where user_id = owner), 0)
      group by s.word, k.first_id
      on conflict (user_id, word, first_id) do update set offsets = word_offsets_or(b.offsets, excluded.offsets)
    $$`.execute(db);
  // 0009's, with two steps that cost a usual create nothing (a test of
  // variables it has): ids at or below the highest counted one (a create
  // committed late, a recipe given to this user) may lie in a sealed group;
  // a new block may start a group, which seals the one before it. The blocks' triggers run
  // it before the words' triggers, under the user's lock; both steps read
  // the recipes, not the words index.
  await sql.raw(recipeBlocksAdd({
    older: `
      if ids[1] <= last.last_id then perform recipe_word_blocks_add(owner, ids); end if;`,
    started: `
      get diagnostics started = row_count;
      if started > 0 then perform recipe_word_blocks_seal(owner); end if;`,
  })).execute(db);
  await sql`
    create or replace function recipe_words_after_delete() returns trigger language plpgsql as $$
    begin
      delete from recipe_words w using changed r, search_words(r.search_document) as s(word)
      where w.user_id = r.user_id and w.word = s.word and w.recipe_id = r.id;
      with gone as (
        select r.user_id, s.word, k.first_id, array_agg((r.id - k.first_id)::int4 order by r.id) as offsets
        from changed r
        join recipe_words_sealed z on z.user_id = r.user_id and r.id < z.below_id
        cross join lateral (select recipe_word_group(r.user_id, r.id) as first_id) k
        cross join search_words(r.search_document) as s(word)
        group by r.user_id, s.word, k.first_id
      )
      update recipe_word_blocks b set offsets = word_offsets_minus(b.offsets, g.offsets)
      from gone g where b.user_id = g.user_id and b.word = g.word and b.first_id = g.first_id;
      return null;
    end $$`.execute(db);
  // As 0011's, and in a sealed group the same difference in the arrays.
  await sql`
    create or replace function recipe_words_after_update() returns trigger language plpgsql as $$
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
      if old.id < coalesce((select below_id from recipe_words_sealed where user_id = old.user_id), 0) then
        update recipe_word_blocks b set offsets = word_offsets_minus(b.offsets, array[(old.id - b.first_id)::int4])
        where b.user_id = old.user_id
          and b.first_id = recipe_word_group(old.user_id, old.id)
          and b.word = any(array(select search_words(old.search_document) except select unnest(kept)));
      end if;
      -- (A new owner's: recipe_blocks_add, run by the blocks' owner trigger.)
      if new.user_id = old.user_id and new.id < coalesce((select below_id from recipe_words_sealed where user_id = new.user_id), 0) then
        insert into recipe_word_blocks as b (user_id, word, first_id, offsets)
        select new.user_id, s.word, k.first_id, array[(new.id - k.first_id)::int4]
        from (select recipe_word_group(new.user_id, new.id) as first_id) k,
          search_words(new.search_document) as s(word)
        where s.word <> all(kept)
        on conflict (user_id, word, first_id) do update set offsets = word_offsets_or(b.offsets, excluded.offsets);
      end if;
      return null;
    end $$`.execute(db);

  // The recipes already there.
  await sql`select recipe_word_blocks_seal(user_id) from (select distinct user_id from recipe_blocks) u`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(recipeBlocksAdd({ older: '', started: '' })).execute(db);
  // 0011's trigger functions, as it made them.
  await sql`
    create or replace function recipe_words_after_delete() returns trigger language plpgsql as $$
    begin
      delete from recipe_words w using changed r, search_words(r.search_document) as s(word)
      where w.user_id = r.user_id and w.word = s.word and w.recipe_id = r.id;
      return null;
    end $$`.execute(db);
  await sql`
    create or replace function recipe_words_after_update() returns trigger language plpgsql as $$
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
  for (const fn of ['recipe_word_blocks_seal(bigint)', 'recipe_word_blocks_add(bigint, bigint[])', 'recipe_word_group(bigint, bigint)']) await sql.raw(`drop function ${fn}`).execute(db);
  await db.schema.dropTable('recipe_word_blocks').execute();
  await db.schema.dropTable('recipe_words_sealed').execute();
  for (const fn of ['word_offsets_and', 'word_offsets_or', 'word_offsets_minus']) await sql`drop function ${sql.id(fn)}(int4[], int4[])`.execute(db);
  // The extension stays (as 0007's): something else may use it.
}

async function extensionSchema(db: Kysely<any>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'intarray'`.execute(db);
  return rows[0]?.schema;
}

// Migration 0009's recipe_blocks_add, with `older` run once the ids at or
// below the highest counted one are counted, and `started` after the insert
// of new blocks.
function recipeBlocksAdd(steps: { older: string; started: string }): string {
  return `
    create or replace function recipe_blocks_add(owner bigint, ids bigint[]) returns void language plpgsql as $$
    declare
      last recipe_blocks;
      room integer;
      started integer;
    begin
      perform recipe_blocks_lock(owner);
      select * into last from recipe_blocks where user_id = owner order by first_id desc limit 1;
      room := greatest(1024 - last.recipe_count, 0);
      -- Ids at or below the highest counted one: into the block whose range holds each.
      update recipe_blocks b set recipe_count = b.recipe_count + older.n, last_id = greatest(b.last_id, older.top)
      from (
        select (select max(first_id) from recipe_blocks where user_id = owner and first_id <= id) as first_id, count(*) as n, max(id) as top
        from unnest(ids) id where id <= last.last_id group by 1
      ) older
      where b.user_id = owner and b.first_id = older.first_id;${steps.older}
      -- Higher ids, in order: the last block's room first, then new blocks of 1024.
      with fresh as (select id, row_number() over (order by id) - 1 as n from unnest(ids) id where id > last.last_id)
      update recipe_blocks b set recipe_count = b.recipe_count + filled.n, last_id = filled.top
      from (select count(*) as n, max(id) as top from fresh where n < room having count(*) > 0) filled
      where b.user_id = owner and b.first_id = last.first_id;
      with fresh as (select id, row_number() over (order by id) - 1 as n from unnest(ids) id where id > last.last_id)
      insert into recipe_blocks (user_id, first_id, last_id, recipe_count)
      select owner, min(id), max(id), count(*) from fresh where n >= room group by (n - room) / 1024;${steps.started}
    end $$`;
}
