// Migration 0012 puts the names already there in search form, keeps new and
// renamed ones so, and gives the tables back as they were: run down and up
// again inside a transaction that is then rolled back (this file's database
// is its own).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../lib/database/pool.ts';
import { createUser } from '../../lib/repositories/users.ts';
import { inRolledBackTransaction } from '../../lib/testing/rolled-back.ts';
import { down, up } from './0012_search_names.ts';

async function searchNames(db: Executor, table: 'tags' | 'ingredients', userId: number): Promise<string[]> {
  const { rows } = await sql<{ search_name: string }>`select search_name from ${sql.table(table)} where user_id = ${userId} order by id`.execute(db);
  return rows.map(({ search_name }) => search_name);
}

async function hasSearchName(db: Executor, table: string): Promise<boolean> {
  const { rows } = await sql`select from information_schema.columns where table_name = ${table} and column_name = 'search_name'`.execute(db);
  return rows.length === 1;
}

describe('migration 0012 (search names)', () => {
  it('puts the names already there in search form, keeps new and renamed ones so; down drops the column', async () => {
    await inRolledBackTransaction(async (db) => {
      const user = await createUser(db, { email: 'names@example.com', name: 'Names', password: null });
      await down(db);
      expect(await hasSearchName(db, 'tags')).toBe(false);
      expect(await hasSearchName(db, 'ingredients')).toBe(false);
      await sql`insert into tags (user_id, name) values (${user.id}, 'Végan'), (${user.id}, 'QUICK')`.execute(db);
      await sql`insert into ingredients (user_id, name) values (${user.id}, 'Crème fraîche')`.execute(db);

      await up(db);
      expect(await searchNames(db, 'tags', user.id)).toEqual(['vegan', 'quick']);
      expect(await searchNames(db, 'ingredients', user.id)).toEqual(['creme fraiche']);
      await sql`update tags set name = 'Façile' where user_id = ${user.id} and name = 'QUICK'`.execute(db);
      await sql`insert into ingredients (user_id, name) values (${user.id}, 'Jalapeño')`.execute(db);
      expect(await searchNames(db, 'tags', user.id)).toEqual(['vegan', 'facile']);
      expect(await searchNames(db, 'ingredients', user.id)).toEqual(['creme fraiche', 'jalapeno']);

      await down(db);
      expect(await hasSearchName(db, 'tags')).toBe(false);
      expect(await hasSearchName(db, 'ingredients')).toBe(false);
    });
  });
});
