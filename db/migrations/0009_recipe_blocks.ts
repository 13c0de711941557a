import { type Kysely, sql } from 'kysely';

// How many recipes each user has, kept in blocks of about a thousand of their
// recipes in id order, so that a long list is counted, and paged deep in its
// default order (newest first), by summing a hundred rows instead of reading
// 100,000 index entries: `?offset=90000` finds its block by the running
// total, then skips at most a block's worth of entries.
//
// A block holds the user's recipes with first_id <= id < the next block's
// first_id; block 0 (first_id 0) always exists once the user has a recipe,
// and its row is also the lock that puts one user's recipe inserts in line
// (another user's never wait). A new block starts only with an id above
// every id already counted (last_id), so no counted recipe ever falls in
// another block's range, whatever the order in which concurrent inserts
// commit. Triggers keep it, in the same transaction as the recipes, once
// per statement (a row trigger updating one row 100,000 times in a
// transaction walks ever longer chains of its dead versions).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recipe_blocks')
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('first_id', 'bigint', (col) => col.notNull())
    .addColumn('last_id', 'bigint', (col) => col.notNull())
    .addColumn('recipe_count', 'integer', (col) => col.notNull().check(sql`recipe_count >= 0`))
    .addPrimaryKeyConstraint('recipe_blocks_pkey', ['user_id', 'first_id'])
    .execute();

  // Adds recipes `ids` (sorted) of `owner`, set-based: a statement inserting
  // 100,000 recipes updates a few rows, not one row 100,000 times.
  await sql`
    create function recipe_blocks_add(owner bigint, ids bigint[]) returns void language plpgsql as $$
    declare
      last recipe_blocks;
      room integer;
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
      where b.user_id = owner and b.first_id = older.first_id;
      -- Higher ids, in order: the last block's room first, then new blocks of 1024.
      with fresh as (select id, row_number() over (order by id) - 1 as n from unnest(ids) id where id > last.last_id)
      update recipe_blocks b set recipe_count = b.recipe_count + filled.n, last_id = filled.top
      from (select count(*) as n, max(id) as top from fresh where n < room having count(*) > 0) filled
      where b.user_id = owner and b.first_id = last.first_id;
      with fresh as (select id, row_number() over (order by id) - 1 as n from unnest(ids) id where id > last.last_id)
      insert into recipe_blocks (user_id, first_id, last_id, recipe_count)
      select owner, min(id), max(id), count(*) from fresh where n >= room group by (n - room) / 1024;
    end $$`.execute(db);

  // One user's changes go in line: each first locks the user's block 0,
  // made here when missing (its first_id 0 is below every id).
  await sql`
    create function recipe_blocks_lock(owner bigint) returns void language sql as $$
      insert into recipe_blocks as b (user_id, first_id, last_id, recipe_count) values (owner, 0, 0, 0)
      on conflict (user_id, first_id) do update set recipe_count = b.recipe_count
    $$`.execute(db);

  await sql`
    create function recipe_blocks_remove(owner bigint, ids bigint[]) returns void language plpgsql as $$
    begin
      -- Block 0 exists since the recipes were counted; it is gone only when the
      -- user is being deleted (the cascade), and then there is nothing to keep.
      perform from recipe_blocks where user_id = owner and first_id = 0 for update;
      update recipe_blocks b set recipe_count = b.recipe_count - gone.n
      from (
        select (select max(first_id) from recipe_blocks where user_id = owner and first_id <= id) as first_id, count(*) as n
        from unnest(ids) id group by 1
      ) gone
      where b.user_id = owner and b.first_id = gone.first_id;
    end $$`.execute(db);

  // Inserts and deletes: once per statement, with every row it touched.
  await sql`
    create function recipe_blocks_after_insert() returns trigger language plpgsql as $$
    declare owner bigint;
    begin
      for owner in select distinct user_id from changed order by user_id loop
        perform recipe_blocks_add(owner, array(select id from changed where user_id = owner order by id));
      end loop;
      return null;
    end $$`.execute(db);
  await sql`
    create function recipe_blocks_after_delete() returns trigger language plpgsql as $$
    declare owner bigint;
    begin
      for owner in select distinct user_id from changed order by user_id loop
        perform recipe_blocks_remove(owner, array(select id from changed where user_id = owner));
      end loop;
      return null;
    end $$`.execute(db);
  // A recipe given to another user (the API never does; an admin might): row by row.
  await sql`
    create function recipe_blocks_after_owner_change() returns trigger language plpgsql as $$
    begin
      perform recipe_blocks_remove(old.user_id, array[old.id]);
      perform recipe_blocks_add(new.user_id, array[new.id]);
      return null;
    end $$`.execute(db);
  await sql`create trigger recipes_blocks_insert after insert on recipes referencing new table as changed for each statement execute function recipe_blocks_after_insert()`.execute(db);
  await sql`create trigger recipes_blocks_delete after delete on recipes referencing old table as changed for each statement execute function recipe_blocks_after_delete()`.execute(db);
  await sql`
    create trigger recipes_blocks_owner after update of user_id on recipes
    for each row when (old.user_id is distinct from new.user_id) execute function recipe_blocks_after_owner_change()`.execute(db);

  // The recipes already there.
  await sql`select recipe_blocks_add(user_id, array_agg(id order by id)) from recipes group by user_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['recipes_blocks_insert', 'recipes_blocks_delete', 'recipes_blocks_owner']) await sql`drop trigger ${sql.id(trigger)} on recipes`.execute(db);
  for (const fn of ['recipe_blocks_after_insert()', 'recipe_blocks_after_delete()', 'recipe_blocks_after_owner_change()', 'recipe_blocks_remove(bigint, bigint[])', 'recipe_blocks_add(bigint, bigint[])', 'recipe_blocks_lock(bigint)']) {
    await sql.raw(`drop function ${fn}`).execute(db);
  }
  await db.schema.dropTable('recipe_blocks').execute();
}
