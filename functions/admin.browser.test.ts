// The admin site as a person uses it: the real server (a child process on this
// file's database) driven through Debian's Chromium by visible labels and
// button and link names, as API.md promises tools that act like people.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataDir, loadConfig, projectRoot } from '../lib/config.ts';
import { databaseUrl, getDb } from '../lib/db.ts';
import { createUser, defaultPassword } from '../lib/testing/factories.ts';
import { createRecipe, createTag, linkTag, loadRecipe } from '../lib/testing/recipe-factories.ts';
import { type ServerProcess, startServerProcess } from '../lib/testing/server-process.ts';
import * as users from '../lib/users.ts';

const refused = 'Please enter the correct email and password for a staff account.';
const screenshotFile = path.join(dataDir, 'artifacts', 'admin-users.png');
const readmePicture = path.join(projectRoot, '.github', 'admin-users.png');
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
  server = await startServerProcess();
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
    await mkdir(path.dirname(screenshotFile), { recursive: true });
    await page.screenshot({ path: screenshotFile, fullPage: true });
    await mkdir(path.dirname(readmePicture), { recursive: true });
    await copyFile(screenshotFile, readmePicture);
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
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The two password fields didn’t match.').waitFor();
    expect(await page.getByLabel('Password confirmation').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Name').inputValue()).toBe('New Person');
    await page.getByLabel('Password', { exact: true }).fill('newpass123');
    await page.getByLabel('Password confirmation').fill('newpass123');
    await page.getByRole('button', { name: 'Save' }).click();
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
    await page.getByRole('button', { name: 'Save' }).click();
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
    await page.getByRole('button', { name: 'Save' }).click();
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
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(response.status()).toBe(403);
    expect(await heading()).toBe('CSRF verification failed. Request aborted.');
    expect(await users.findUserByEmail(getDb(), 'forged@example.com')).toBeUndefined();
  });
});
