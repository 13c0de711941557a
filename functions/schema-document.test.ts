// The OpenAPI document says what the API really does: every operation named,
// its security, its integer ids, its limits, and the statuses the shared
// machinery adds (which .ci/run's linters cannot know).
import { describe, expect, it } from 'vitest';
import { createGateway } from '../lib/emulator/gateway.ts';
import { createAuthenticatedUser } from '../lib/testing/factories.ts';
import { createIngredient, createRecipe, createTag } from '../lib/testing/recipe-factories.ts';
import { functions } from './index.ts';
import schema from './schema.ts';

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: { in: string; name: string; schema: { type: string } }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: Record<string, { pattern?: string; maxItems?: number }> }> };
}

const document = (await (await schema.request('/api/schema/')).json()) as Document;
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
);
const gateway = createGateway(Object.values(functions));

describe('the OpenAPI document', () => {
  it('has a server entry', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('names every operation, each once', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z_]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('recipe_recipes_partial_update');
  });

  it('says which operations need a token and which are public (security: [])', () => {
    const publicOnes = operations.filter(({ operation }) => operation.security?.length === 0).map(({ method, path }) => `${method} ${path}`);
    expect(publicOnes.sort()).toEqual(['GET /api/docs/', 'GET /api/health-check/', 'GET /api/schema/', 'POST /api/user/create/', 'POST /api/user/token/']);
    const rest = operations.filter(({ operation }) => operation.security?.length !== 0);
    expect(rest.every(({ operation }) => JSON.stringify(operation.security) === '[{"tokenAuth":[]}]')).toBe(true);
  });

  it('types every path id as an integer', () => {
    const ids = operations.flatMap(({ operation }) => (operation.parameters ?? []).filter((parameter) => parameter.in === 'path'));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((parameter) => parameter.schema.type === 'integer')).toBe(true);
  });

  it('gives the price a pattern without a minus sign, and the lists their maximum', () => {
    const { price, tags, ingredients } = document.components.schemas.RecipeInput?.properties ?? {};
    expect(price?.pattern).toBe('^\\d{0,3}(?:\\.\\d{0,2})?$');
    expect([tags?.maxItems, ingredients?.maxItems]).toEqual([100, 100]);
  });

  it('lists 400 on every operation, 413 and 415 on those with a body, 503 on those that use the database', () => {
    for (const { path, method, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect(statuses, `${method} ${path}`).toContain('400');
      if (operation.requestBody !== undefined) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['413', '415']));
      if (!['/api/schema/', '/api/docs/'].includes(path)) expect(statuses, `${method} ${path}`).toContain('503');
    }
  });
});

describe('the statuses the document lists', () => {
  it('include what each operation with a body answers to a body it cannot read (415)', async () => {
    const { user, token } = await createAuthenticatedUser();
    const ids = { recipes: (await createRecipe(user.id)).id, tags: (await createTag(user.id, 'T')).id, ingredients: (await createIngredient(user.id, 'I')).id };
    const withBody = operations.filter(({ operation }) => operation.requestBody !== undefined);
    expect(withBody.length).toBeGreaterThan(5);
    for (const { path, method, operation } of withBody) {
      const kind = /\/api\/recipe\/(recipes|tags|ingredients)\/\{id\}/.exec(path)?.[1] as keyof typeof ids | undefined;
      const url = `http://localhost${path.replace('{id}', String(kind === undefined ? 0 : ids[kind]))}`;
      const response = await gateway(new Request(url, { method, body: 'x', headers: { 'content-type': 'text/plain', authorization: `Token ${token}` } }));
      expect(response.status, `${method} ${path}`).toBe(415);
      expect(Object.keys(operation.responses), `${method} ${path}`).toContain('415');
    }
  });

  it('include what every operation answers to a Host outside ALLOWED_HOSTS (400)', async () => {
    for (const { path, method, operation } of operations) {
      const response = await gateway(new Request(`http://evil.example${path.replace('{id}', '1')}`, { method }));
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(Object.keys(operation.responses)).toContain('400');
    }
  });
});
