// The words index (migrations 0010 and 0011) must hold exactly the words of
// each recipe's search_document, once each, under the recipe's owner: the
// rows that differ from that, either way (none when the triggers did their job).
import { sql } from 'kysely';
import type { Executor } from '../database/pool.ts';

export async function wordsOutOfStep(db: Executor): Promise<{ recipe_id: number; user_id: number; word: string; side: string }[]> {
  const { rows } = await sql<{ recipe_id: number; user_id: number; word: string; side: string }>`
    with expected as (select r.id as recipe_id, r.user_id, s.word from recipes r, search_words(r.search_document) as s(word)),
    kept as (select recipe_id, user_id, word from recipe_words)
    (select *, 'extra' as side from (select * from kept except all select * from expected) extra)
    union all
    (select *, 'missing' as side from (select * from expected except all select * from kept) missing)`.execute(db);
  return rows;
}
