// GET, POST /admin/login/ — the admin's login form (active staff only).
// POST /admin/logout/ — ends the session for good.
import type { Context } from 'hono';
import { html } from 'hono/html';
import { createAdminApp, readForm, text } from '../lib/admin/app.ts';
import { csrfToken } from '../lib/admin/csrf.ts';
import { csrfInput, type FieldErrors, formErrors, input, page } from '../lib/admin/html.ts';
import { endSession, startSession } from '../lib/admin/session.ts';
import { getDb } from '../lib/database/pool.ts';
import type { AppEnv } from '../lib/http/app.ts';
import { clientAddress } from '../lib/http/client-address.ts';
import { nullCharactersMessage } from '../lib/http/fields.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { logIn } from '../lib/auth/login.ts';

const app = createAdminApp();
const refused = 'Please enter the correct email and password for a staff account.';

// Only back into the admin: never an open redirect to another site.
function nextPath(value: string | undefined): string {
  return value?.startsWith('/admin/') === true && !value.includes('//') && !value.includes('\\') ? value : '/admin/';
}

async function loginPage(c: Context<AppEnv>, email: string, next: string, errors: FieldErrors = {}, status: 200 | 400 | 429 = 200) {
  const body = html`<form class="login" method="post" action="/admin/login/">
    ${csrfInput(csrfToken(c))}
    <input type="hidden" name="next" value="${next}">
    ${formErrors(errors)}
    ${input({ label: 'Email', name: 'email', type: 'email', value: email, errors, required: true })}
    ${input({ label: 'Password', name: 'password', type: 'password', errors, required: true })}
    <button type="submit">Log in</button>
  </form>`;
  return c.html(await page({ title: 'Log in', csrf: csrfToken(c), body }), status);
}

app.get('/admin/login/', (c) => loginPage(c, '', nextPath(c.req.query('next'))));

app.post('/admin/login/', async (c) => {
  const form = await readForm(c);
  const email = text(form, 'email').trim();
  const password = text(form, 'password');
  const next = nextPath(text(form, 'next'));
  if (email === '' || password === '' || password.length > 1024 || email.length > 320) return loginPage(c, email, next, { non_field_errors: [refused] }, 400);
  // The email reaches SQL (the throttle's counts), which cannot hold a NUL.
  const withNull = (['email', 'password'] as const).filter((name) => text(form, name).includes('\0'));
  if (withNull.length > 0) return loginPage(c, email, next, Object.fromEntries(withNull.map((name) => [name, [nullCharactersMessage]])), 400);
  // The API's check and throttle; a user who is not staff is refused the same way.
  const result = await logIn(getDb(), email, password, clientAddress(c), { staffOnly: true });
  if (result.outcome === 'throttled') {
    c.header('Retry-After', String(result.retryAfterSeconds));
    return loginPage(c, email, next, { non_field_errors: [`Too many failed logins. Try again in ${result.retryAfterSeconds} seconds.`] }, 429);
  }
  if (result.outcome === 'refused') return loginPage(c, email, next, { non_field_errors: [refused] }, 400);
  await startSession(c, result.user);
  return c.redirect(next, 302);
});

app.post('/admin/logout/', async (c) => {
  await readForm(c);
  await endSession(c);
  return c.redirect('/admin/login/', 302);
});

export default app;
export const handler = lambdaHandler(app);
