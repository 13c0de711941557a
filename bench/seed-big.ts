// One user with a long list (100,000 recipes of 3 tags and 5 ingredients
// each), for the paging, search and ordering cases. The user signs up and
// logs in through the API; the recipes are written by set-based SQL, three
// statements instead of 100,000 requests.
import pg from 'pg';
import { postJson, sendExpecting } from './request.ts';
import { ingredientPool, type SeededUser, tagPool } from './seed.ts';

export const bigUserRecipes = 100_000;

// Titles are "<adjective> <main> <dish>": 24 × 30 × 20 combinations, so a
// word matches a few percent of the recipes and two words about 0.1 %.
const adjectives = ['Smoky', 'Crispy', 'Creamy', 'Spicy', 'Zesty', 'Rustic', 'Golden', 'Tangy', 'Hearty', 'Fresh', 'Roasted', 'Grilled', 'Sweet', 'Savoury', 'Herbed', 'Garlicky', 'Lemony', 'Sticky', 'Silky', 'Charred', 'Baked', 'Braised', 'Spiced', 'Honeyed'];
const mains = ['lentil', 'chicken', 'salmon', 'tofu', 'mushroom', 'pumpkin', 'aubergine', 'chickpea', 'beef', 'prawn', 'courgette', 'spinach', 'pork', 'lamb', 'cod', 'halloumi', 'sweet potato', 'cauliflower', 'duck', 'crème fraîche', 'bean', 'pepper', 'tomato', 'potato', 'rice', 'noodle', 'egg', 'apple', 'pear', 'chocolate'];
const dishes = ['curry', 'soup', 'stew', 'salad', 'pie', 'tart', 'bake', 'risotto', 'pasta', 'burger', 'wrap', 'bowl', 'skewers', 'gratin', 'pilaf', 'tacos', 'traybake', 'casserole', 'fritters', 'crumble'];

/** Signs the big user up, logs in, and writes their recipes; resolves to the user (recipeIds left empty). */
export async function seedBigUser(baseUrl: string, databaseUrl: string, signal: AbortSignal): Promise<SeededUser> {
  const email = 'bench-big@example.com';
  const password = 'bench-password-big';
  await sendExpecting(baseUrl, postJson('/api/user/create/', { email, password, name: 'Bench big user' }), 201, signal);
  const { token } = (await sendExpecting(baseUrl, postJson('/api/user/token/', { email, password }), 200, signal)) as { token: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('select id from users where email = $1', [email]);
    const userId = rows[0]?.id;
    await client.query('insert into tags (user_id, name) select $1, unnest($2::text[])', [userId, tagPool]);
    await client.query('insert into ingredients (user_id, name) select $1, unnest($2::text[])', [userId, ingredientPool]);
    // Multipliers coprime with each pool's size spread the combinations evenly.
    await client.query(
      `insert into recipes (user_id, title, time_minutes, price, description)
       select $1, a[1 + (g * 7) % cardinality(a)] || ' ' || m[1 + (g * 11) % cardinality(m)] || ' ' || d[1 + (g * 13) % cardinality(d)],
              5 + (g * 31) % 120, round((1 + (g * 37) % 5900 / 100.0)::numeric, 2), 'Serves ' || (1 + g % 8) || '.'
       from generate_series(1, $5::int) g, (select $2::text[] a, $3::text[] m, $4::text[] d) pools`,
      [userId, adjectives, mains, dishes, bigUserRecipes],
    );
    // 3 of the 8 tags and 5 of the 15 ingredients, by the recipe's id.
    for (const [table, attributes, column, steps] of [
      ['recipe_tags', 'tags', 'tag_id', [0, 1, 3]],
      ['recipe_ingredients', 'ingredients', 'ingredient_id', [0, 2, 5, 7, 11]],
    ] as const) {
      await client.query(
        `insert into ${table} (recipe_id, ${column})
         select r.id, pool.ids[1 + (r.id + step) % cardinality(pool.ids)]
         from recipes r, unnest($2::int[]) step, (select array_agg(id order by id) ids from ${attributes} where user_id = $1) pool
         where r.user_id = $1`,
        [userId, steps],
      );
    }
    // As autovacuum would soon: the visibility map lets counts and deep pages read the index alone.
    await client.query('vacuum analyze recipes, recipe_tags, recipe_ingredients, tags, ingredients, recipe_words, user_words, recipe_word_blocks, recipe_words_sealed');
  } finally {
    await client.end();
  }
  return { email, password, token, recipeIds: [], tagIds: [] };
}
