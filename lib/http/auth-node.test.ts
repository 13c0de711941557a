// requireUser through the real Node server, where it reads the Authorization
// header from Node's parsed headers: the same answers as through a
// web-standard Request (the functions' tests).
import { describe, expect, it } from 'vitest';
import { servedOverNode } from '../testing/node-server.ts';
import { createAuthenticatedUser } from '../testing/factories.ts';
import { createFunctionApp, defineRoute } from './app.ts';
import { authenticated, requireUser } from './auth.ts';

const app = createFunctionApp();
app.use('/api/whoami/', requireUser);
defineRoute(app, { method: 'get', path: '/api/whoami/', responses: { 200: { description: 'The caller' } } }, (c) => c.json({ email: authenticated(c).user.email }));

const served = servedOverNode(app.fetch);

async function whoami(authorization?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(served.url('/api/whoami/'), { headers: authorization === undefined ? {} : { authorization } });
  return { status: response.status, body: await response.json() };
}

describe('requireUser on the Node server', () => {
  it('takes the token as Token or Bearer, in any case of the keyword', async () => {
    const { user, token } = await createAuthenticatedUser();
    for (const header of [`Token ${token}`, `Bearer ${token}`, `token ${token}`, `  TOKEN   ${token}  `]) {
      expect(await whoami(header)).toEqual({ status: 200, body: { email: user.email } });
    }
  });

  it("answers DRF's 401s for a missing, unknown or malformed token", async () => {
    const { token } = await createAuthenticatedUser();
    expect(await whoami()).toEqual({ status: 401, body: { detail: 'Authentication credentials were not provided.' } });
    expect(await whoami(`Token ${'0'.repeat(40)}`)).toEqual({ status: 401, body: { detail: 'Invalid token.' } });
    expect(await whoami('Token')).toEqual({ status: 401, body: { detail: 'Invalid token header. No credentials provided.' } });
    expect(await whoami(`Token ${token} extra`)).toEqual({ status: 401, body: { detail: 'Invalid token header. Token string should not contain spaces.' } });
    expect(await whoami(`Basic ${token}`)).toEqual({ status: 401, body: { detail: 'Authentication credentials were not provided.' } });
  });
});
