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
// commit. Triggers keep it, in the same transaction as the recipes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recipe_blocks')
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('first_id', 'bigint', (col) => col.notNull())
    .addColumn('last_id', 'bigint', (col) => col.notNull())
    .addColumn('recipe_count', 'integer', (col) => col.notNull().check(sql`recipe_count >= 0`))
    .addPrimaryKeyConstraint('recipe_blocks_pkey', ['user_id', 'first_id'])
    .execute();

  await sql`
    create function recipe_blocks_add(owner bigint, recipe bigint) returns void language plpgsql as $$
    declare
      block recipe_blocks;
    begin
      insert into recipe_blocks as b (user_id, first_id, last_id, recipe_count) values (owner, 0, 0, 0)
        on conflict (user_id, first_id) do update set recipe_count = b.recipe_count;
      select * into block from recipe_blocks where user_id = owner and first_id <= recipe order by first_id desc limit 1;
      if block.recipe_count >= 1024 and recipe > block.last_id
         and not exists (select from recipe_blocks where user_id = owner and first_id > block.first_id) then
        insert into recipe_blocks (user_id, first_id, last_id, recipe_count) values (owner, recipe, recipe, 1);
      else
        update recipe_blocks set recipe_count = recipe_count + 1, last_id = greatest(last_id, recipe)
        where user_id = owner and first_id = block.first_id;
      end if;
    end $$`.execute(db);

  await sql`
    create function recipe_blocks_remove(owner bigint, recipe bigint) returns void language plpgsql as $$
    begin
      update recipe_blocks set recipe_count = recipe_count - 1
      where user_id = owner and first_id = (select max(first_id) from recipe_blocks where user_id = owner and first_id <= recipe);
    end $$`.execute(db);

  await sql`
    create function recipe_blocks_keep() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') then perform recipe_blocks_remove(old.user_id, old.id); end if;
      if tg_op in ('INSERT', 'UPDATE') then perform recipe_blocks_add(new.user_id, new.id); end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger recipes_blocks after insert or delete or update of user_id on recipes for each row execute function recipe_blocks_keep()`.execute(db);

  // The recipes already there, in id order, as if inserted one by one.
  await sql`select recipe_blocks_add(user_id, id) from (select user_id, id from recipes order by id) r`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger recipes_blocks on recipes`.execute(db);
  await sql`drop function recipe_blocks_keep()`.execute(db);
  await sql`drop function recipe_blocks_remove(bigint, bigint)`.execute(db);
  await sql`drop function recipe_blocks_add(bigint, bigint)`.execute(db);
  await db.schema.dropTable('recipe_blocks').execute();
}
