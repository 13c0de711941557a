// Migration 0013 seals the full groups of the recipes already there, keeps
// them in step, and gives back 0011's triggers: run down and up again inside
// a transaction that is then rolled back (this file's database is its own).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../lib/database/pool.ts';
import { createUser } from '../../lib/repositories/users.ts';
import { inRolledBackTransaction } from '../../lib/testing/rolled-back.ts';
import { wordsOutOfStep } from '../../lib/testing/recipe-words.ts';
import { down, up } from './0013_recipe_word_blocks.ts';

async function tables(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where tablename in ('recipe_word_blocks', 'recipe_words_sealed') order by 1`.execute(db);
  return rows.map(({ name }) => name);
}

async function wordRowsOutOfStep(db: Executor): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*) as count from (
      (select r.id, s.word from recipes r, search_words(r.search_document) as s(word) except all select recipe_id, word from recipe_words)
      union all
      (select recipe_id, word from recipe_words except all select r.id, s.word from recipes r, search_words(r.search_document) as s(word))) d`.execute(db);
  return rows[0]?.count ?? -1;
}

describe('migration 0013 (recipe word blocks)', () => {
  it('seals the full groups already there and keeps them in step; down restores 0011\'s triggers', async () => {
    await inRolledBackTransaction(async (db) => {
      const user = await createUser(db, { email: 'blocks@example.com', name: 'Blocks', password: null });
      await down(db);
      expect(await tables(db)).toEqual([]);
      await sql`
        insert into recipes (user_id, title, time_minutes, price, description)
        select ${user.id}, 'Lentil soup ' || g, 10, 1, case when g % 3 = 0 then 'Smoky' else 'Mild' end from generate_series(1, 8300) g`.execute(db);
      expect(await wordRowsOutOfStep(db)).toBe(0);

      await up(db);
      expect(await tables(db)).toEqual(['recipe_word_blocks', 'recipe_words_sealed']);
      const { rows } = await sql<{ sealed: number }>`select count(*) as sealed from recipe_word_blocks where user_id = ${user.id} and word = 'smoky'`.execute(db);
      expect(rows).toEqual([{ sealed: 1 }]);
      expect(await wordsOutOfStep(db)).toEqual([]);
      await sql`update recipes set description = 'Mild' where user_id = ${user.id} and id % 2 = 0`.execute(db);
      await sql`delete from recipes where user_id = ${user.id} and id % 5 = 0`.execute(db);
      expect(await wordsOutOfStep(db)).toEqual([]);

      await down(db);
      expect(await tables(db)).toEqual([]);
      await sql`update recipes set title = 'Bean stew' where user_id = ${user.id} and id % 3 = 0`.execute(db);
      await sql`delete from recipes where user_id = ${user.id} and id % 7 = 0`.execute(db);
      expect(await wordRowsOutOfStep(db)).toBe(0);
    });
  });
});
