// Logging in with email and password, throttled: shared by the token
// endpoint and the admin's login form.
import { loadConfig } from '../config.ts';
import type { Executor } from '../database/pool.ts';
import * as throttle from './login-throttle.ts';
import { now } from '../time.ts';
import * as users from '../repositories/users.ts';

export type LoginResult =
  | { readonly outcome: 'ok'; readonly user: users.User }
  | { readonly outcome: 'refused' }
  | { readonly outcome: 'throttled'; readonly retryAfterSeconds: number };

export interface LoginOptions {
  /** The admin's login: a user who is not staff is refused like a wrong password. */
  readonly staffOnly?: boolean;
}

export async function logIn(db: Executor, email: string, password: string, address: string, options: LoginOptions = {}): Promise<LoginResult> {
  const config = loadConfig();
  const attempt = { email, address };
  const limits = { perEmail: config.throttleLoginEmail, perAddress: config.throttleLoginAddress };
  // While throttled every attempt is refused, the right password included.
  const retryAfterSeconds = await throttle.loginRetryAfter(db, attempt, limits, now());
  if (retryAfterSeconds !== null) return { outcome: 'throttled', retryAfterSeconds };

  const user = await users.authenticate(db, email, password);
  if (user === null || (options.staffOnly === true && !user.is_staff)) {
    await throttle.recordLoginFailure(db, attempt, now());
    return { outcome: 'refused' };
  }
  await throttle.clearEmailFailures(db, email);
  await users.recordLogin(db, user.id, now());
  return { outcome: 'ok', user };
}
