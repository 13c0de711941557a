// The OpenAPI document describes the lists' parameters and the token routes
// from the same declarations that parse and answer them.
import { describe, expect, it } from 'vitest';
import './index.ts'; // every function, declared as in the emulator
import app from './schema.ts';

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, unknown>;
  security?: unknown[];
}
type Paths = Record<string, Record<string, Operation>>;

async function paths(): Promise<Paths> {
  const response = await app.request('/api/schema/?format=json');
  return ((await response.json()) as { paths: Paths }).paths;
}

const queryNames = (operation: Operation | undefined) => (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);

describe('the OpenAPI document', () => {
  it('lists every query parameter of the recipe, tag and ingredient lists', async () => {
    const all = await paths();
    expect(queryNames(all['/api/recipe/recipes/']?.get)).toEqual(['tags', 'ingredients', 'tags_all', 'ingredients_all', 'max_time', 'max_price', 'search', 'ordering', 'limit', 'offset']);
    for (const kind of ['tags', 'ingredients']) expect(queryNames(all[`/api/recipe/${kind}/`]?.get)).toEqual(['assigned_only', 'search', 'limit', 'offset']);
  });

  it('describes the token routes with their operation ids, statuses and security, the id as an integer', async () => {
    const all = await paths();
    const list = all['/api/user/tokens/'];
    expect(list?.get).toMatchObject({ operationId: 'user_tokens_list', security: [{ tokenAuth: [] }] });
    expect(Object.keys(list?.get?.responses ?? {}).sort()).toEqual(['200', '400', '401', '503']);
    expect(list?.post).toMatchObject({ operationId: 'user_tokens_create', security: [{ tokenAuth: [] }] });
    expect(Object.keys(list?.post?.responses ?? {}).sort()).toEqual(['201', '400', '401', '413', '415', '503']);
    const detail = all['/api/user/tokens/{id}/']?.delete;
    expect(detail).toMatchObject({ operationId: 'user_tokens_destroy', parameters: [{ name: 'id', in: 'path', schema: { type: 'integer' } }] });
    expect(Object.keys(detail?.responses ?? {}).sort()).toEqual(['204', '400', '401', '404', '503']);
  });
});
