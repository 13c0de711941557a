// A user's fields as the API reads and writes them (DRF's UserSerializer).
import { z } from '@hono/zod-openapi';
import { getDb } from '../database/pool.ts';
import { emailTakenMessage } from '../repositories/user-errors.ts';
import * as users from '../repositories/users.ts';
import { charField, emailField, passwordField } from './fields.ts';

export const passwordLimits = Object.freeze({ minLength: 5, maxLength: 1024 });

export const UserJson = z.object({ email: z.email(), name: z.string() }).openapi('User');

/** An email no other user has (DRF's UniqueValidator, case-insensitive). */
export function uniqueEmail(exceptUserId?: number) {
  return emailField({ maxLength: 255 }).refine(
    async (email) => !(await users.isEmailTaken(getDb(), email, exceptUserId)),
    emailTakenMessage,
  );
}

/** All three fields required: sign-up and PUT /api/user/me/. */
export function userInput(exceptUserId?: number) {
  return z.object({
    email: uniqueEmail(exceptUserId),
    password: passwordField(passwordLimits),
    name: charField({ maxLength: 255 }),
  });
}

/** Any of the fields: PATCH /api/user/me/. */
export function partialUserInput(exceptUserId: number) {
  return userInput(exceptUserId).partial();
}

export const UserInput = userInput().openapi('UserInput');
