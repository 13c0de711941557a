// Its own module so the recipe repositories can use it without loading the
// users repository (and the password hasher's native addon with it).
/**
 * An ILIKE pattern for text containing `search`, its `%`, `_` and `\` taken
 * literally. The admin's lists search users' emails with it, here and in the
 * recipe repositories (by owner).
 */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
