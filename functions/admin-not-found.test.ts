// An unknown page under /admin/: an HTML page, never the API's JSON, both in
// the emulator's gateway (functions/admin-not-found.ts) and inside an admin
// function deployed alone (its own notFound).
import { describe, expect, it } from 'vitest';
import { createGateway } from '../lib/emulator/gateway.ts';
import type { FunctionApp } from '../lib/http/app.ts';
import { createAdminClient, logInAsStaff } from '../lib/testing/admin-client.ts';
import recipesApp from './admin-recipes.ts';
import { functions } from './index.ts';

const gateway = createGateway(Object.values(functions));
// The gateway as an app the admin client can call.
const emulator = { request: (path: string, init: RequestInit) => gateway(new Request(new URL(path, 'http://localhost'), init)) } as unknown as FunctionApp;

describe('an unknown page under /admin/', () => {
  it.each([['/admin/nothing-here/'], ['/admin/recipes/1/nope/'], ['/admin/users/add/extra/']])('is an HTML 404 in the admin’s look for staff: %s', async (path) => {
    const { client } = await logInAsStaff({ email: 'staff@example.com' });
    const response = await client.get(emulator, path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toContain('<h1>Page not found</h1>');
    expect(response.text).toContain('staff@example.com');
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('sends anyone else to the login page, coming back after', async () => {
    const response = await createAdminClient().get(emulator, '/admin/nothing-here/');
    expect(response.status).toBe(302);
    expect(response.location).toBe('/admin/login/?next=%2Fadmin%2Fnothing-here%2F');
  });

  it('keeps the trailing-slash redirect of the pages that exist, and sends a path without it to the 404 page', async () => {
    const { client } = await logInAsStaff();
    expect((await client.get(emulator, '/admin/users')).location).toBe('/admin/users/');
    expect((await client.get(emulator, '/admin/nothing')).location).toBe('/admin/nothing/');
  });

  it('is the same page from an admin function deployed alone', async () => {
    const { client } = await logInAsStaff();
    const response = await client.get(recipesApp, '/admin/recipes/1/nope/');
    expect(response.status).toBe(404);
    expect(response.text).toContain('<h1>Page not found</h1>');
    expect((await createAdminClient().get(recipesApp, '/admin/somewhere/')).location).toBe('/admin/login/?next=%2Fadmin%2Fsomewhere%2F');
  });

  it('leaves the API’s unknown paths to its JSON 404', async () => {
    const response = await createAdminClient().get(emulator, '/api/nothing/');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toEqual({ detail: 'Not found.' });
  });
});
