import { describe, expect, it, vi } from 'vitest';
import { getDb } from '../database/pool.ts';
import { hasher } from '../auth/passwords.ts';
import * as users from './users.ts';

const db = () => getDb();

describe('users repository', () => {
  it('creates a user with an email and a password that verifies', async () => {
    const user = await users.createUser(db(), { email: 'test@example.com', password: 'testpass123' });
    expect(user.email).toBe('test@example.com');
    expect(await users.authenticate(db(), 'test@example.com', 'testpass123')).toMatchObject({ id: user.id });
    expect(await users.authenticate(db(), 'test@example.com', 'wrong')).toBeNull();
  });

  it('stores the password only as an Argon2id hash at OWASP cost', async () => {
    const user = await users.createUser(db(), { email: 'hash@example.com', password: 'testpass123' });
    expect(user.password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.password).not.toContain('testpass123');
  });

  it.each([
    ['test1@EXAMPLE.com', 'test1@example.com'],
    ['Test2@Example.com', 'Test2@example.com'],
    ['TEST3@EXAMPLE.com', 'TEST3@example.com'],
    ['test4@example.COM', 'test4@example.com'],
  ])('normalises %s to %s', async (given, expected) => {
    const user = await users.createUser(db(), { email: given, password: 'sample123' });
    expect(user.email).toBe(expected);
  });

  it('refuses a user without an email', async () => {
    await expect(users.createUser(db(), { email: '', password: 'test123' })).rejects.toThrow(users.MissingEmailError);
    await expect(users.createUser(db(), { email: '   ', password: 'test123' })).rejects.toThrow('Users must have an email address.');
  });

  it('creates a superuser who is staff', async () => {
    const user = await users.createSuperuser(db(), { email: 'admin@example.com', password: 'test123' });
    expect(user.is_superuser).toBe(true);
    expect(user.is_staff).toBe(true);
  });

  it('treats emails differing only in case as the same account', async () => {
    await users.createUser(db(), { email: 'bob@example.com', password: 'test123' });
    await expect(users.createUser(db(), { email: 'BOB@example.com', password: 'test123' })).rejects.toThrow(users.EmailTakenError);
    expect((await users.findUserByEmail(db(), 'Bob@Example.com'))?.email).toBe('bob@example.com');
    expect(await users.isEmailTaken(db(), 'BOB@EXAMPLE.COM')).toBe(true);
  });

  it('refuses in the database too, whatever the code says', async () => {
    await users.createUser(db(), { email: 'dup@example.com', password: 'test123' });
    await expect(db().insertInto('users').values({ email: 'DUP@example.com', name: '', password: null }).execute()).rejects.toThrow(/users_email_key/);
  });

  it('never lets a user without a usable password log in, at the cost of a real check', async () => {
    await users.createUser(db(), { email: 'nopass@example.com', password: null });
    const verify = vi.spyOn(hasher, 'verify');
    try {
      expect(await users.authenticate(db(), 'nopass@example.com', '')).toBeNull();
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
  });

  it('checks a dummy hash for an unknown email, so timing cannot tell which emails exist', async () => {
    const verify = vi.spyOn(hasher, 'verify');
    try {
      expect(await users.authenticate(db(), 'nobody@example.com', 'testpass123')).toBeNull();
      expect(verify).toHaveBeenCalledTimes(1);
      expect(verify.mock.calls[0]?.[0]).toMatch(/^\$argon2id\$/);
    } finally {
      verify.mockRestore();
    }
  });

  it('refuses an inactive user even with the right password', async () => {
    await users.createUser(db(), { email: 'gone@example.com', password: 'testpass123', isActive: false });
    expect(await users.authenticate(db(), 'gone@example.com', 'testpass123')).toBeNull();
  });

  it('treats a malformed stored hash as a failed check', async () => {
    const user = await users.createUser(db(), { email: 'broken@example.com', password: 'x1234' });
    await db().updateTable('users').set({ password: 'not-a-hash' }).where('id', '=', user.id).execute();
    expect(await users.authenticate(db(), 'broken@example.com', 'x1234')).toBeNull();
  });

  it('updates fields and re-hashes a new password', async () => {
    const user = await users.createUser(db(), { email: 'old@example.com', password: 'oldpass1', name: 'Old' });
    const updated = await users.updateUser(db(), user.id, { email: 'New@EXAMPLE.com', name: 'New', password: 'newpass1' });
    expect(updated).toMatchObject({ email: 'New@example.com', name: 'New' });
    expect(await users.authenticate(db(), 'new@example.com', 'newpass1')).not.toBeNull();
    expect(await users.authenticate(db(), 'new@example.com', 'oldpass1')).toBeNull();
  });

  it("refuses to update an email to another user's", async () => {
    await users.createUser(db(), { email: 'taken@example.com', password: 'test123' });
    const user = await users.createUser(db(), { email: 'mine@example.com', password: 'test123' });
    await expect(users.updateUser(db(), user.id, { email: 'TAKEN@example.com' })).rejects.toThrow(users.EmailTakenError);
  });

  it('shows a user as email and name only', async () => {
    const user = await users.createUser(db(), { email: 'shown@example.com', password: 'test123', name: 'Shown' });
    expect(users.toUserJson(user)).toEqual({ email: 'shown@example.com', name: 'Shown' });
  });
});
