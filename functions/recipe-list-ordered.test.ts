// Pages of the whole list in an order other than the default: the page's
// statement carries the count (the recipe blocks' total), and a page past the
// end still has it.
import { describe, expect, it } from 'vitest';
import { call } from '../lib/testing/api.ts';
import { createAuthenticatedUser, createUser } from '../lib/testing/factories.ts';
import { createRecipe } from '../lib/testing/recipe-factories.ts';
import app from './recipe-list.ts';

const url = '/api/recipe/recipes/';

interface Page {
  count: number;
  results: { title: string }[];
}

describe('GET /api/recipe/recipes/?ordering=…&limit=', () => {
  it.each([
    ['title', ['apple', 'Banana'], ['Cherry', 'damson']],
    ['-title', ['Éclair', 'damson'], ['Cherry', 'Banana']],
    ['time_minutes', ['damson', 'Éclair'], ['Banana', 'Cherry']],
    ['-price,title', ['apple', 'Éclair'], ['Banana', 'Cherry']],
  ])('orders by %s, counting the whole list on every page, past the last one too', async (ordering, first, second) => {
    const { user, token } = await createAuthenticatedUser();
    const other = await createUser();
    await createRecipe(other.id, { title: 'Theirs', time_minutes: 1, price: '99.00' });
    for (const [title, time_minutes, price] of [['Cherry', 30, '2.00'], ['apple', 40, '9.00'], ['Éclair', 10, '9.00'], ['damson', 5, '1.00'], ['Banana', 20, '3.00']] as const) {
      await createRecipe(user.id, { title, time_minutes, price });
    }
    const page = async (offset: number) => (await call(app, 'GET', `${url}?ordering=${ordering}&limit=2&offset=${offset}`, { token })).body as Page;
    const titles = async (offset: number) => {
      const { count, results } = await page(offset);
      return { count, titles: results.map(({ title }) => title) };
    };
    expect(await titles(0)).toEqual({ count: 5, titles: first });
    expect(await titles(2)).toEqual({ count: 5, titles: second });
    expect(await titles(10)).toEqual({ count: 5, titles: [] });
  });
});
