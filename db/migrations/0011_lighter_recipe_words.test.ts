// Migration 0011 takes over the words written under 0010's triggers, and
// gives them back: run down and up again inside a transaction that is then
// rolled back (this file's database is its own).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../lib/database/pool.ts';
import { createUser } from '../../lib/repositories/users.ts';
import { inRolledBackTransaction } from '../../lib/testing/rolled-back.ts';
import { wordsOutOfStep } from '../../lib/testing/recipe-words.ts';
import { down, up } from './0011_lighter_recipe_words.ts';

async function constraints(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select conname as name from pg_constraint where conrelid = 'recipe_words'::regclass and contype in ('p', 'f') order by conname`.execute(db);
  return rows.map(({ name }) => name);
}

describe('migration 0011 (lighter recipe words)', () => {
  it("keeps the words written under 0010, then keeps them in step with its own triggers; down restores 0010's", async () => {
    await inRolledBackTransaction(async (db) => {
      const user = await createUser(db, { email: 'words@example.com', name: 'Words', password: null });
      await down(db);
      expect(await constraints(db)).toEqual(['recipe_words_pkey', 'recipe_words_recipe_id_fkey']);
      await sql`
        insert into recipes (user_id, title, time_minutes, price, description)
        select ${user.id}, 'Lentil soup ' || g, 10, 1, 'Smoky, serves ' || g % 3 from generate_series(1, 20) g`.execute(db);
      expect(await wordsOutOfStep(db)).toEqual([]);

      await up(db);
      expect(await constraints(db)).toEqual([]);
      expect(await wordsOutOfStep(db)).toEqual([]);
      await sql`update recipes set description = replace(description, 'Smoky', 'Mild') where user_id = ${user.id} and id % 2 = 0`.execute(db);
      await sql`delete from recipes where user_id = ${user.id} and id % 5 = 0`.execute(db);
      expect(await wordsOutOfStep(db)).toEqual([]);

      await down(db);
      expect(await constraints(db)).toEqual(['recipe_words_pkey', 'recipe_words_recipe_id_fkey']);
      await sql`update recipes set title = 'Bean stew' where user_id = ${user.id} and id % 3 = 0`.execute(db);
      expect(await wordsOutOfStep(db)).toEqual([]);
    });
  });
});
