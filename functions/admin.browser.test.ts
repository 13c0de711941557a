// The admin site as a person uses it: the real server (a child process on this
// file's database) driven through Debian's Chromium by visible labels and
// button and link names, as API.md promises tools that act like people.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataDir, loadConfig, projectRoot } from '../lib/config.ts';
import { databaseUrl, getDb } from '../lib/database/pool.ts';
import { createAuthenticatedUser, createUser, defaultPassword } from '../lib/testing/factories.ts';
import { makeImage } from '../lib/testing/images.ts';
import { createIngredient, createRecipe, createTag, linkTag, loadRecipe } from '../lib/testing/recipe-factories.ts';
import { type ServerProcess, startServerProcess } from '../lib/testing/server-process.ts';
import * as users from '../lib/repositories/users.ts';

const refused = 'Please enter the correct email and password for a staff account.';
const artifacts = path.join(dataDir, 'artifacts');
// Headless and quiet: no GPU, no update or sync traffic, no first-run pages.
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let server: ServerProcess | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;

function baseUrl(): string {
  if (server === undefined) throw new Error('the server has not started');
  return server.baseUrl;
}

beforeAll(async () => {
  const { chromiumPath } = loadConfig();
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`);
  // Uploads go to this file's own media root, never the project's.
  server = await startServerProcess({ MEDIA_ROOT: loadConfig().mediaRoot });
  // launch() gives the browser a fresh temporary profile (user-data dir) and removes it on close.
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  if (server !== undefined && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});

// One browser for the file; each test gets its own cookies.
beforeEach(async () => {
  if (browser === undefined) throw new Error('the browser has not started');
  context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1100, height: 560 } });
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
});

/** `npm run createsuperuser -- --email … --name …` with SUPERUSER_PASSWORD: no questions. */
async function createSuperuserWithCli(email: string, name: string, password: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['lib/cli/createsuperuser.ts', '--email', email, '--name', name], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl(), SUPERUSER_PASSWORD: password, LOG_LEVEL: 'warn' },
  });
}

async function logIn(email: string, password = defaultPassword): Promise<void> {
  await page.goto('/admin/login/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function logInAsSuperuser(): Promise<void> {
  await createUser({ email: 'admin@example.com', name: 'Site Admin', isStaff: true, isSuperuser: true });
  await logIn('admin@example.com');
  await page.waitForURL('/admin/');
}

/**
 * A screenshot in .data/artifacts/; with SCREENSHOTS=1 also the README's
 * picture under .github/ (otherwise the test writes nothing outside .data/).
 */
async function screenshot(name: string): Promise<void> {
  const file = path.join(artifacts, name);
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  if (loadConfig().screenshots) await copyFile(file, path.join(projectRoot, '.github', name));
}

async function heading(): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).textContent();
}

/** The edit page of a user, reached from the users list as a person would. */
async function openUser(email: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
  await page.waitForURL('/admin/users/');
  await page.getByRole('link', { name: email }).click();
  await page.waitForURL(/\/admin\/users\/\d+\/$/);
}

async function apiLogin(email: string, password: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl()}/api/user/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: await response.json() };
}

describe('the admin in Chromium', { timeout: 60_000 }, () => {
  it('logs in a superuser made with createsuperuser’s non-interactive mode, and comes back to the page asked for', async () => {
    await createSuperuserWithCli('ops@example.com', 'Ops', 'opspass123');
    await page.goto('/admin/users/');
    await page.waitForURL('/admin/login/?next=%2Fadmin%2Fusers%2F');
    await page.getByLabel('Email').fill('ops@example.com');
    await page.getByLabel('Password').fill('opspass123');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('/admin/users/');
    expect(await heading()).toBe('Users');
    await page.getByRole('link', { name: 'Recipe API admin' }).click();
    await page.waitForURL('/admin/');
    expect(await heading()).toBe('Site administration');
    for (const name of ['Users', 'Recipes', 'Tags', 'Ingredients']) expect(await page.getByRole('main').getByRole('link', { name }).count()).toBe(1);
  });

  it('refuses a wrong password and a user who is not staff with the one message', async () => {
    await createUser({ email: 'staff@example.com', isStaff: true });
    await createUser({ email: 'customer@example.com', isStaff: false });
    for (const [email, password] of [['staff@example.com', 'wrong-password'], ['customer@example.com', defaultPassword]] as const) {
      await logIn(email, password);
      expect(await page.getByRole('alert').textContent()).toContain(refused);
      expect(new URL(page.url()).pathname).toBe('/admin/login/');
      expect(await page.getByRole('button', { name: 'Log out' }).count()).toBe(0);
    }
  });

  it('lists users with their email and name, styled by the stylesheet the CSP allows (screenshot for the README)', async () => {
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    await logInAsSuperuser();
    await createUser({ email: 'ada@example.com', name: 'Ada Lovelace' });
    await createUser({ email: 'grace@example.com', name: 'Grace Hopper', isStaff: true });
    await createUser({ email: 'alan@example.com', name: 'Alan Turing', isActive: false });
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.waitForURL('/admin/users/');
    expect(await page.getByRole('row', { name: /ada@example\.com/ }).textContent()).toContain('Ada Lovelace');
    expect(await page.getByRole('row', { name: /grace@example\.com/ }).textContent()).toContain('Grace Hopper');
    // Run in the page (this project's types know no DOM): the header's colour comes from admin.css.
    const barColour = await page.evaluate<string>('getComputedStyle(document.querySelector("header")).backgroundColor');
    expect(barColour).toBe('rgb(36, 59, 83)');
    expect(problems).toEqual([]);
    await screenshot('admin-users.png');
  });

  it('adds a user through the form, showing errors next to the fields first; the user can then log in to the API', async () => {
    await logInAsSuperuser();
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'Add user' }).click();
    await page.waitForURL('/admin/users/add/');
    await page.getByLabel('Email').fill('new@example.com');
    await page.getByLabel('Password', { exact: true }).fill('newpass123');
    await page.getByLabel('Password confirmation').fill('another123');
    await page.getByLabel('Name').fill('New Person');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The two password fields didn’t match.').waitFor();
    expect(await page.getByLabel('Password confirmation').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Name').inputValue()).toBe('New Person');
    await page.getByLabel('Password', { exact: true }).fill('newpass123');
    await page.getByLabel('Password confirmation').fill('newpass123');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/admin\/users\/\d+\/$/);
    const login = await apiLogin('new@example.com', 'newpass123');
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ token: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown });
  });

  it('edits a user’s name', async () => {
    const user = await createUser({ email: 'edit@example.com', name: 'Old Name' });
    await logInAsSuperuser();
    await openUser('edit@example.com');
    await page.getByLabel('Name').fill('New Name');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL('/admin/users/');
    expect(await page.getByRole('row', { name: /edit@example\.com/ }).textContent()).toContain('New Name');
    expect((await users.findUserById(getDb(), user.id))?.name).toBe('New Name');
  });

  it('changes a user’s password: the API takes the new one, not the old', async () => {
    await createUser({ email: 'member@example.com' });
    await logInAsSuperuser();
    await openUser('member@example.com');
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByLabel('New password', { exact: true }).fill('changed-pass-1');
    await page.getByLabel('New password confirmation').fill('changed-pass-1');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(/\/admin\/users\/\d+\/$/);
    expect((await apiLogin('member@example.com', 'changed-pass-1')).status).toBe(200);
    expect((await apiLogin('member@example.com', defaultPassword)).status).toBe(400);
  });

  it('deletes a user only after the confirmation page', async () => {
    const user = await createUser({ email: 'leaving@example.com' });
    await logInAsSuperuser();
    await openUser('leaving@example.com');
    await page.getByRole('link', { name: 'Delete' }).click();
    await page.waitForURL(/\/admin\/users\/\d+\/delete\/$/);
    expect(await heading()).toBe('Are you sure?');
    expect(await users.findUserById(getDb(), user.id)).toBeDefined();
    await page.getByRole('button', { name: "Yes, I'm sure" }).click();
    await page.waitForURL('/admin/users/');
    expect(await page.getByRole('link', { name: 'leaving@example.com' }).count()).toBe(0);
    expect(await users.findUserById(getDb(), user.id)).toBeUndefined();
  });

  it('finds a recipe by search and changes its price; deletes a tag after the confirmation page', async () => {
    const owner = await createUser({ email: 'cook@example.com' });
    const soup = await createRecipe(owner.id, { title: 'Leek soup', price: '4.00' });
    await createRecipe(owner.id, { title: 'Apple pie' });
    const vegan = await createTag(owner.id, 'Vegan');
    await linkTag(soup.id, vegan.id);
    await logInAsSuperuser();
    await page.getByRole('navigation').getByRole('link', { name: 'Recipes' }).click();
    await page.getByLabel('Search').fill('soup');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('/admin/recipes/?q=soup');
    expect(await page.getByRole('link', { name: 'Apple pie' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Leek soup' }).click();
    await page.getByLabel('Price').fill('8.5');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL('/admin/recipes/');
    expect(await page.getByRole('row', { name: /Leek soup/ }).textContent()).toContain('8.50');
    expect((await loadRecipe(soup.id))?.price).toBe('8.50');

    await page.getByRole('navigation').getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('link', { name: 'Vegan' }).click();
    await page.getByRole('link', { name: 'Delete' }).click();
    await page.getByRole('button', { name: "Yes, I'm sure" }).click();
    await page.waitForURL('/admin/tags/');
    expect(await page.getByText('No tags found.').count()).toBe(1);
    expect((await loadRecipe(soup.id))?.tags).toEqual([]);
  });

  it('logs out for good: the old session cookie no longer opens the admin', async () => {
    await logInAsSuperuser();
    const session = (await context?.cookies())?.find((cookie) => cookie.name === 'sessionid');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('/admin/login/');
    const replay = await fetch(`${baseUrl()}/admin/`, { headers: { cookie: `sessionid=${session?.value ?? ''}` }, redirect: 'manual' });
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toBe('/admin/login/?next=%2Fadmin%2F');
    await page.goto('/admin/');
    await page.waitForURL('/admin/login/?next=%2Fadmin%2F');
  });

  it('refuses a form sent without its CSRF token, and creates nothing', async () => {
    await logInAsSuperuser();
    await page.goto('/admin/users/add/');
    await page.getByLabel('Email').fill('forged@example.com');
    await page.getByLabel('Password', { exact: true }).fill('forged123');
    await page.getByLabel('Password confirmation').fill('forged123');
    await page.getByLabel('Name').fill('Forged');
    // What a page on another site could send: the same fields, without the token it cannot read.
    await page.getByRole('main').locator('input[name="csrf_token"]').evaluate((element: { remove(): void }) => { element.remove(); });
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.getByRole('button', { name: 'Save', exact: true }).click(),
    ]);
    expect(response.status()).toBe(403);
    expect(await heading()).toBe('CSRF verification failed. Request aborted.');
    expect(await users.findUserByEmail(getDb(), 'forged@example.com')).toBeUndefined();
  });
});

/** GET an API path as the user of `token`. */
async function apiGet(apiPath: string, token: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl()}${apiPath}`, { headers: { authorization: `Token ${token}` } });
  return { status: response.status, body: await response.json() };
}

async function newestRecipeId(): Promise<number> {
  return (await getDb().selectFrom('recipes').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
}

async function saveAnd(button: 'Save' | 'Save and add another' | 'Save and continue editing'): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
}

async function message(): Promise<string | null> {
  return page.getByRole('status').textContent();
}

describe('the admin’s models in Chromium, checked through the API', { timeout: 60_000 }, () => {
  it('adds a recipe for a user with two of their tags (found with the filter box) and an image; the API gives it to them with the same bytes', async () => {
    const problems: string[] = [];
    page.on('console', (line) => { if (line.type() === 'error') problems.push(line.text()); });
    const { user: owner, token } = await createAuthenticatedUser({ email: 'cook@example.com' });
    const other = await createUser({ email: 'other@example.com' });
    for (const name of ['Vegan', 'Quick', 'Spicy', 'Cheap']) await createTag(owner.id, name);
    await createTag(other.id, 'Not yours');
    await createIngredient(owner.id, 'Leek');
    const image = await makeImage('png', 32);
    await logInAsSuperuser();
    await page.getByRole('navigation').getByRole('link', { name: 'Recipes' }).click();
    await page.getByRole('link', { name: 'Add recipe' }).click();
    await page.waitForURL('/admin/recipes/add/');
    await page.getByLabel('Title').fill('Leek soup');
    // Choosing the owner brings their tags and ingredients in (admin.js); what was typed stays.
    await page.getByLabel('Owner').selectOption({ label: 'cook@example.com' });
    await page.getByRole('checkbox', { name: 'Vegan' }).waitFor();
    expect(await page.getByLabel('Title').inputValue()).toBe('Leek soup');
    expect(await page.getByText('Not yours').count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Filter tags' }).fill('qu');
    expect(await page.getByRole('checkbox', { name: 'Vegan' }).isVisible()).toBe(false);
    await page.getByRole('checkbox', { name: 'Quick' }).check();
    await page.getByRole('searchbox', { name: 'Filter tags' }).fill('');
    await page.getByRole('checkbox', { name: 'Vegan' }).check();
    await page.getByRole('checkbox', { name: 'Leek' }).check();
    await page.getByLabel('Time (minutes)').fill('30');
    await page.getByLabel('Price').fill('4.5');
    await page.getByLabel('Description').fill('Stir well.');
    await page.getByLabel('Image', { exact: true }).setInputFiles({ name: 'soup.png', mimeType: 'image/png', buffer: Buffer.from(image) });
    await screenshot('admin-recipe-form.png');
    await saveAnd('Save');
    await page.waitForURL('/admin/recipes/');
    expect(await message()).toBe('The recipe “Leek soup” was added successfully.');
    expect(problems).toEqual([]);

    const id = await newestRecipeId();
    const api = await apiGet(`/api/recipe/recipes/${id}/`, token);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ title: 'Leek soup', time_minutes: 30, price: '4.50', description: 'Stir well.', ingredients: [{ name: 'Leek' }] });
    const { tags, image: imageUrl } = api.body as { tags: { name: string }[]; image: string };
    expect(tags.map(({ name }) => name).sort()).toEqual(['Quick', 'Vegan']);
    const served = await fetch(imageUrl);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(image);
  });

  it('edits a recipe: removes a tag, shows an image error next to the field, then clears the image', async () => {
    const { user: owner, token } = await createAuthenticatedUser();
    const recipe = await createRecipe(owner.id, { title: 'Pie' });
    const sweet = await createTag(owner.id, 'Sweet');
    const baked = await createTag(owner.id, 'Baked');
    await linkTag(recipe.id, sweet.id);
    await linkTag(recipe.id, baked.id);
    await logInAsSuperuser();
    await page.goto(`/admin/recipes/${recipe.id}/`);
    await page.getByLabel('Image', { exact: true }).setInputFiles({ name: 'pie.png', mimeType: 'image/png', buffer: Buffer.from('not a png') });
    await page.getByRole('checkbox', { name: 'Sweet' }).uncheck();
    await saveAnd('Save and continue editing');
    await page.getByText('Upload a valid image. The file you uploaded was either not an image or a corrupted image.').waitFor();
    expect(await page.getByLabel('Image', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // The form shows what was ticked, not what was saved: nothing was.
    expect(await page.getByRole('checkbox', { name: 'Sweet' }).isChecked()).toBe(false);
    expect(((await apiGet(`/api/recipe/recipes/${recipe.id}/`, token)).body as { tags: unknown[] }).tags).toHaveLength(2);
    await page.getByLabel('Image', { exact: true }).setInputFiles({ name: 'pie.webp', mimeType: 'image/webp', buffer: Buffer.from(await makeImage('webp')) });
    await saveAnd('Save and continue editing');
    await page.waitForURL(`/admin/recipes/${recipe.id}/`);
    expect(await message()).toBe('The recipe “Pie” was changed successfully. You may edit it again below.');
    expect((await apiGet(`/api/recipe/recipes/${recipe.id}/`, token)).body).toMatchObject({ tags: [{ id: baked.id, name: 'Baked' }], image: expect.stringMatching(/\.webp$/) as unknown });
    await page.getByRole('checkbox', { name: 'Clear' }).check();
    await saveAnd('Save');
    await page.waitForURL('/admin/recipes/');
    expect((await apiGet(`/api/recipe/recipes/${recipe.id}/`, token)).body).toMatchObject({ image: null });
    await page.getByRole('link', { name: 'Pie' }).click();
    await page.getByRole('link', { name: 'History' }).click();
    expect(await heading()).toBe('Change history: Pie');
    expect(await page.getByRole('row', { name: /admin@example\.com/ }).allTextContents()).toEqual([
      expect.stringContaining('Changed tags and image.') as unknown,
      expect.stringContaining('Changed image.') as unknown,
    ]);
  });

  it('adds a tag for a user and renames it (Save and add another, then Save); the list shows owner and use; the API agrees', async () => {
    const { token } = await createAuthenticatedUser({ email: 'cook@example.com' });
    await logInAsSuperuser();
    await page.getByRole('navigation').getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('link', { name: 'Add tag' }).click();
    await page.getByLabel('Name').fill('  Vegan ');
    await page.getByLabel('Owner').selectOption({ label: 'cook@example.com' });
    await saveAnd('Save and add another');
    await page.waitForURL('/admin/tags/add/');
    expect(await message()).toBe('The tag “Vegan” was added successfully. You may add another tag below.');
    await page.getByLabel('Name').fill('Vegan');
    await page.getByLabel('Owner').selectOption({ label: 'cook@example.com' });
    await saveAnd('Save');
    await page.getByText('You already have one with this name.').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('link', { name: 'Vegan' }).click();
    await page.getByLabel('Name').fill('Plant-based');
    await saveAnd('Save');
    await page.waitForURL('/admin/tags/');
    expect(await message()).toBe('The tag “Plant-based” was changed successfully.');
    expect(await page.getByRole('row', { name: /Plant-based/ }).textContent()).toMatch(/cook@example\.com\s*0 recipes/);
    expect((await apiGet('/api/recipe/tags/', token)).body).toEqual([{ id: expect.any(Number) as unknown, name: 'Plant-based' }]);
  });

  it('filters recipes by owner, sorts them by a header, and deletes the selected ones after a page listing their images', async () => {
    const { user: ann, token } = await createAuthenticatedUser({ email: 'ann@example.com' });
    const bob = await createUser({ email: 'bob@example.com' });
    await mkdir(path.join(loadConfig().mediaRoot, 'uploads/recipe'), { recursive: true });
    await writeFile(path.join(loadConfig().mediaRoot, 'uploads/recipe/soup.png'), await makeImage('png'));
    const soup = await createRecipe(ann.id, { title: 'Soup', price: '3.00', image: 'uploads/recipe/soup.png' });
    const pie = await createRecipe(ann.id, { title: 'Pie', price: '9.00' });
    const stew = await createRecipe(ann.id, { title: 'Stew', price: '6.00' });
    await createRecipe(bob.id, { title: 'Bread' });
    await logInAsSuperuser();
    await page.getByRole('navigation').getByRole('link', { name: 'Recipes' }).click();
    await page.getByLabel('Owner').selectOption({ label: 'ann@example.com' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(`/admin/recipes/?owner=${ann.id}`);
    expect(await page.getByRole('link', { name: 'Bread' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Price' }).click();
    await page.waitForURL(`/admin/recipes/?owner=${ann.id}&o=price`);
    const titles = async () => page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect((await titles()).map((title) => title.trim())).toEqual(['Soup', 'Stew', 'Pie']);
    await page.getByRole('link', { name: 'Price' }).click();
    await page.waitForURL(`/admin/recipes/?owner=${ann.id}&o=-price`);
    expect((await titles()).map((title) => title.trim())).toEqual(['Pie', 'Stew', 'Soup']);
    await page.getByRole('checkbox', { name: 'Select Soup' }).check();
    await page.getByRole('checkbox', { name: 'Select Pie' }).check();
    await page.getByLabel('Action').selectOption({ label: 'Delete selected recipes' });
    await screenshot('admin-recipes-list.png');
    await page.getByRole('button', { name: 'Go' }).click();
    expect(await heading()).toBe('Are you sure?');
    expect(await page.getByRole('main').textContent()).toContain('Image: uploads/recipe/soup.png');
    expect((await apiGet(`/api/recipe/recipes/${soup.id}/`, token)).status).toBe(200);
    await page.getByRole('button', { name: "Yes, I'm sure" }).click();
    await page.waitForURL(`/admin/recipes/?owner=${ann.id}&o=-price`);
    expect(await message()).toBe('Successfully deleted 2 recipes.');
    expect((await apiGet(`/api/recipe/recipes/${soup.id}/`, token)).status).toBe(404);
    expect((await apiGet(`/api/recipe/recipes/${pie.id}/`, token)).status).toBe(404);
    expect(((await apiGet('/api/recipe/recipes/', token)).body as { id: number }[]).map(({ id }) => id)).toEqual([stew.id]);
    expect((await fetch(`${baseUrl()}/static/media/uploads/recipe/soup.png`)).status).toBe(404);
  });

  it('filters users by staff status and selects them all with the header box', async () => {
    await createUser({ email: 'member@example.com' });
    await createUser({ email: 'helper@example.com', isStaff: true });
    await logInAsSuperuser();
    await page.goto('/admin/users/');
    await page.getByLabel('Staff', { exact: true }).selectOption({ label: 'No' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL('/admin/users/?is_staff=no');
    expect(await page.getByRole('link', { name: 'helper@example.com' }).count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    expect(await page.getByRole('checkbox', { name: 'Select member@example.com' }).isChecked()).toBe(true);
  });

  it('shows an unknown admin page as the admin’s 404 page to staff, and the login page to anyone else', async () => {
    await page.goto('/admin/no-such-page/');
    await page.waitForURL('/admin/login/?next=%2Fadmin%2Fno-such-page%2F');
    await logInAsSuperuser();
    const response = await page.goto('/admin/recipes/1/no-such-page/');
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await heading()).toBe('Page not found');
    expect(await page.getByRole('button', { name: 'Log out' }).count()).toBe(1);
  });

  it('keeps non-superuser staff from deleting a superuser with "Delete selected"', async () => {
    const boss = await createUser({ email: 'boss@example.com', isStaff: true, isSuperuser: true });
    await createUser({ email: 'staff@example.com', isStaff: true });
    await logIn('staff@example.com');
    await page.waitForURL('/admin/');
    await page.goto('/admin/users/');
    await page.getByRole('checkbox', { name: 'Select boss@example.com' }).check();
    await page.getByLabel('Action').selectOption({ label: 'Delete selected users' });
    const [response] = await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === 'POST'), page.getByRole('button', { name: 'Go' }).click()]);
    expect(response.status()).toBe(403);
    expect(await heading()).toBe('Only a superuser can change a superuser.');
    expect(await users.findUserById(getDb(), boss.id)).toBeDefined();
  });
});
