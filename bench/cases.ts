// What the benchmark measures: one case per kind of request, each a list of
// concrete requests that wrk sends round-robin (so every seeded user takes its
// turn). Listed in the order they run: reads first, then the writes, since
// recipes created by `create` would make every later list longer.
import type { BenchRequest } from './request.ts';
import { get, postJson, uniqueMarker } from './request.ts';
import { type SeededUser, tagPool } from './seed.ts';
import { StartupError } from '../lib/startup-error.ts';

export interface BenchCase {
  /** For --only and the table. */
  readonly name: string;
  readonly request: string;
  /** What must be seeded first. */
  readonly needs: 'nothing' | 'users' | 'recipes' | 'big user';
  /** `users`: the seeded users, or for 'big user' that one user. */
  readonly requests: (users: readonly SeededUser[]) => BenchRequest[];
}

export const benchCases: readonly BenchCase[] = [
  {
    name: 'health',
    request: 'GET /api/health-check/',
    needs: 'nothing',
    requests: () => [get('/api/health-check/')],
  },
  {
    name: 'me',
    request: 'GET /api/user/me/',
    needs: 'users',
    requests: (users) => users.map((user) => get('/api/user/me/', user.token)),
  },
  {
    name: 'list',
    request: 'GET /api/recipe/recipes/',
    needs: 'recipes',
    requests: (users) => users.map((user) => get('/api/recipe/recipes/', user.token)),
  },
  {
    name: 'detail',
    request: 'GET /api/recipe/recipes/{id}/',
    needs: 'recipes',
    requests: (users) => interleave(users, (user) => user.recipeIds.map((id) => get(`/api/recipe/recipes/${id}/`, user.token))),
  },
  {
    name: 'filter',
    request: 'GET /api/recipe/recipes/?tags=a,b',
    needs: 'recipes',
    requests: (users) =>
      interleave(users, (user) =>
        user.tagIds.map((id, i) => get(`/api/recipe/recipes/?tags=${id},${user.tagIds[(i + 1) % user.tagIds.length] ?? id}`, user.token)),
      ),
  },
  {
    name: 'tags',
    request: 'GET /api/recipe/tags/',
    needs: 'recipes',
    requests: (users) => users.map((user) => get('/api/recipe/tags/', user.token)),
  },
  // One user with 100,000 recipes (seed-big.ts), beside `list` (50 recipes):
  // paging, search and ordering must cost about what that list costs.
  bigCase('big-page', 'GET /api/recipe/recipes/?limit=50 (of 100,000)', '?limit=50'),
  bigCase('big-deep', 'GET /api/recipe/recipes/?limit=50&offset=90000', '?limit=50&offset=90000'),
  bigCase('big-search', 'GET /api/recipe/recipes/?search=smoky+lentil&limit=50', '?search=smoky+lentil&limit=50'),
  bigCase('big-search-word', 'GET /api/recipe/recipes/?search=lentil&limit=50', '?search=lentil&limit=50'),
  bigCase('big-title', 'GET /api/recipe/recipes/?ordering=title&limit=50', '?ordering=title&limit=50'),
  {
    name: 'login',
    request: 'POST /api/user/token/',
    needs: 'users',
    requests: (users) => users.map(({ email, password }) => postJson('/api/user/token/', { email, password })),
  },
  // Two names from the seeding pool: every user already has them.
  createCase('create-existing', '2 existing tags', tagPool.slice(0, 2)),
  // Names made unique per request by the Lua script.
  createCase('create', '2 new tags', [`load-${uniqueMarker}-a`, `load-${uniqueMarker}-b`]),
];

function bigCase(name: string, request: string, query: string): BenchCase {
  return { name, request, needs: 'big user', requests: (users) => users.map((user) => get(`/api/recipe/recipes/${query}`, user.token)) };
}

/** Creating a recipe with these tag names, as every user in turn. */
function createCase(name: string, tags: string, tagNames: readonly string[]): BenchCase {
  return {
    name,
    request: `POST /api/recipe/recipes/ (${tags})`,
    needs: 'recipes',
    requests: (users) =>
      users.map((user) =>
        postJson(
          '/api/recipe/recipes/',
          {
            title: `Bench load ${uniqueMarker}`,
            time_minutes: 20,
            price: '9.50',
            tags: tagNames.map((tag) => ({ name: tag })),
            ingredients: [{ name: 'Salt' }, { name: 'Pepper' }],
          },
          user.token,
        ),
      ),
  };
}

/** The cases named by --only (all when none), in run order. */
export function selectCases(only: readonly string[]): BenchCase[] {
  const unknown = only.filter((name) => !benchCases.some((c) => c.name === name));
  if (unknown.length > 0) {
    throw new StartupError(`unknown case ${unknown.join(', ')}: choose from ${benchCases.map((c) => c.name).join(', ')}`);
  }
  return benchCases.filter((c) => only.length === 0 || only.includes(c.name));
}

// users' lists merged turn by turn (u1[0], u2[0], …, u1[1], …), so
// consecutive requests come from different users.
function interleave(users: readonly SeededUser[], each: (user: SeededUser) => BenchRequest[]): BenchRequest[] {
  const lists = users.map(each);
  const longest = Math.max(0, ...lists.map((list) => list.length));
  return Array.from({ length: longest }, (_, i) => lists.flatMap((list) => (i < list.length ? [list[i] as BenchRequest] : []))).flat();
}
