// Fills the bench database through the API itself, as clients would: users
// sign up and log in, then each creates recipes whose tags and ingredients
// come from a small pool of its own, so most names are shared between recipes.
import { mapLimit } from './limit.ts';
import { postJson, sendExpecting } from './request.ts';

export const seedSize = { users: 20, recipesPerUser: 50, inFlight: 8 } as const;

export interface SeededUser {
  readonly email: string;
  readonly password: string;
  readonly token: string;
  /** Filled by seedRecipes. */
  readonly recipeIds: number[];
  readonly tagIds: number[];
}

export const tagPool = ['Vegan', 'Vegetarian', 'Quick', 'Dinner', 'Breakfast', 'Dessert', 'Spicy', 'Comfort food'];
export const ingredientPool = ['Salt', 'Pepper', 'Garlic', 'Onion', 'Tomato', 'Olive oil', 'Butter', 'Flour', 'Eggs', 'Milk', 'Rice', 'Chicken', 'Lemon', 'Basil', 'Crème fraîche'];

export async function seedUsers(baseUrl: string, signal: AbortSignal): Promise<SeededUser[]> {
  const numbers = Array.from({ length: seedSize.users }, (_, i) => i + 1);
  return mapLimit(numbers, seedSize.inFlight, async (n) => {
    const email = `bench-user-${n}@example.com`;
    const password = `bench-password-${n}`;
    await sendExpecting(baseUrl, postJson('/api/user/create/', { email, password, name: `Bench user ${n}` }), 201, signal);
    const { token } = (await sendExpecting(baseUrl, postJson('/api/user/token/', { email, password }), 200, signal)) as { token: string };
    return { email, password, token, recipeIds: [], tagIds: [] };
  });
}

interface RecipeAnswer {
  readonly id: number;
  readonly tags: readonly { readonly id: number }[];
}

/** Creates every user's recipes (one user's after another, `inFlight` at a time) and records their ids and tag ids. */
export async function seedRecipes(baseUrl: string, users: readonly SeededUser[], signal: AbortSignal): Promise<void> {
  const random = mulberry32(42);
  const jobs = users.flatMap((user) =>
    Array.from({ length: seedSize.recipesPerUser }, (_, i) => ({
      user,
      body: {
        title: `Bench recipe ${i + 1}`,
        time_minutes: 5 + Math.floor(random() * 120),
        price: (1 + random() * 60).toFixed(2),
        tags: pick(tagPool, 3, random).map((name) => ({ name })),
        ingredients: pick(ingredientPool, 5, random).map((name) => ({ name })),
      },
    })),
  );
  await mapLimit(jobs, seedSize.inFlight, async ({ user, body }) => {
    const recipe = (await sendExpecting(baseUrl, postJson('/api/recipe/recipes/', body, user.token), 201, signal)) as RecipeAnswer;
    user.recipeIds.push(recipe.id);
    for (const tag of recipe.tags) if (!user.tagIds.includes(tag.id)) user.tagIds.push(tag.id);
  });
  for (const user of users) {
    user.recipeIds.sort((a, b) => a - b);
    user.tagIds.sort((a, b) => a - b);
  }
}

function pick<T>(pool: readonly T[], count: number, random: () => number): T[] {
  const rest = [...pool];
  return Array.from({ length: count }, () => rest.splice(Math.floor(random() * rest.length), 1)[0] as T);
}

// A tiny seeded generator, so every run seeds the same data.
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
