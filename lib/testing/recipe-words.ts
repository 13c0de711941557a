// The words index (migrations 0010 and 0011) must hold exactly the words of
// each recipe's search_document, once each, under the recipe's owner; and the
// sealed groups (migration 0013) exactly those of each user's recipes below
// their boundary, under the group of eight blocks (of recipe_blocks) that
// holds the recipe: the rows that differ from that, either way, and groups
// whose offsets are not sorted and distinct (none when the triggers did their job).
import { sql } from 'kysely';
import type { Executor } from '../database/pool.ts';

export async function wordsOutOfStep(db: Executor): Promise<{ recipe_id: number; user_id: number; word: string; side: string }[]> {
  const { rows } = await sql<{ recipe_id: number; user_id: number; word: string; side: string }>`
    with expected as (select r.id as recipe_id, r.user_id, s.word from recipes r, search_words(r.search_document) as s(word)),
    kept as (select recipe_id, user_id, word from recipe_words),
    -- Groups: every eighth of a user's blocks (in id order, from the first) starts one.
    grp as (
      select user_id, first_id, lead(first_id) over (partition by user_id order by first_id) as next_id
      from (select user_id, first_id, row_number() over (partition by user_id order by first_id) - 1 as n from recipe_blocks) b
      where n % 8 = 0
    ),
    expected_sealed as (
      select e.recipe_id, e.user_id, e.word, g.first_id
      from expected e join recipe_words_sealed z on z.user_id = e.user_id and e.recipe_id < z.below_id
      join grp g on g.user_id = e.user_id and e.recipe_id >= g.first_id and (g.next_id is null or e.recipe_id < g.next_id)
    ),
    sealed as (select b.first_id + o.n as recipe_id, b.user_id, b.word, b.first_id from recipe_word_blocks b, unnest(b.offsets) as o(n))
    (select *, 'extra' as side from (select * from kept except all select * from expected) extra)
    union all
    (select *, 'missing' as side from (select * from expected except all select * from kept) missing)
    union all
    (select recipe_id, user_id, word, 'extra in its group' as side from (select * from sealed except all select * from expected_sealed) extra)
    union all
    (select recipe_id, user_id, word, 'missing from its group' as side from (select * from expected_sealed except all select * from sealed) missing)
    union all
    -- Intersections need sorted arrays, each offset once.
    select first_id, user_id, word, 'a group not sorted' from recipe_word_blocks b where b.offsets <> array(select distinct unnest(b.offsets) order by 1)`.execute(db);
  return rows;
}
