// Test data, made through the real repositories.
import { getDb } from '../database/pool.ts';
import * as tokens from '../repositories/tokens.ts';
import * as users from '../repositories/users.ts';

export const defaultPassword = 'testpass123';

let counter = 0;

export function createUser(overrides: Partial<users.NewUser> = {}): Promise<users.User> {
  counter += 1;
  return users.createUser(getDb(), { email: `user${counter}@example.com`, password: defaultPassword, name: `User ${counter}`, ...overrides });
}

/** A user and a token for them. */
export async function createAuthenticatedUser(overrides: Partial<users.NewUser> = {}): Promise<{ user: users.User; token: string }> {
  const user = await createUser(overrides);
  return { user, token: (await tokens.createToken(getDb(), user.id)).key };
}
