import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config.ts';
import { createSuperuserFromArguments, createSuperuserInteractively, type Prompter } from './superuser.ts';
import { databaseUrl, getDb } from '../database/pool.ts';
import { createUser } from '../testing/factories.ts';
import * as users from '../repositories/users.ts';

/** Answers questions from a script and records the conversation. */
function scripted(answers: string[]): Prompter & { transcript: string[]; hiddenQuestions: string[] } {
  const transcript: string[] = [];
  const hiddenQuestions: string[] = [];
  const next = (question: string) => {
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`no answer left for "${question}"`);
    transcript.push(question);
    return Promise.resolve(answer);
  };
  return {
    transcript,
    hiddenQuestions,
    ask: next,
    askHidden: (question) => {
      hiddenQuestions.push(question);
      return next(question);
    },
    say: (line) => { transcript.push(line); },
  };
}

describe('createsuperuser, interactive', () => {
  it('asks for an email and a password twice, hidden, and creates a staff superuser', async () => {
    const prompter = scripted(['admin@example.com', 'adminpass1', 'adminpass1']);
    const user = await createSuperuserInteractively(getDb(), prompter);
    expect(prompter.hiddenQuestions).toEqual(['Password: ', 'Password (again): ']);
    expect(prompter.transcript.at(-1)).toBe('Superuser created successfully.');
    expect(user).toMatchObject({ email: 'admin@example.com', is_staff: true, is_superuser: true, is_active: true });
    expect(await users.authenticate(getDb(), 'admin@example.com', 'adminpass1')).not.toBeNull();
  });

  it('asks again after a blank, invalid or taken email', async () => {
    await createUser({ email: 'taken@example.com' });
    const prompter = scripted(['', 'not an email', 'TAKEN@example.com', 'admin@example.com', 'adminpass1', 'adminpass1']);
    await createSuperuserInteractively(getDb(), prompter);
    expect(prompter.transcript.filter((line) => line.startsWith('Error:'))).toEqual([
      'Error: This field cannot be blank.',
      'Error: Enter a valid email address.',
      'Error: That email is already taken.',
    ]);
  });

  it('asks again after mismatched, blank or short passwords', async () => {
    const prompter = scripted(['admin@example.com', 'one12', 'two12', '', '', 'abc', 'abc', 'adminpass1', 'adminpass1']);
    await createSuperuserInteractively(getDb(), prompter);
    expect(prompter.transcript.filter((line) => line.startsWith('Error:'))).toEqual([
      "Error: Your passwords didn't match.",
      "Error: Blank passwords aren't allowed.",
      'Error: This password is too short. It must contain at least 5 characters.',
    ]);
    expect(await users.authenticate(getDb(), 'admin@example.com', 'adminpass1')).not.toBeNull();
  });
});

describe('createsuperuser, from arguments', () => {
  it('creates the superuser', async () => {
    const user = await createSuperuserFromArguments(getDb(), { email: 'ops@example.com', name: 'Ops' }, 'opspass1');
    expect(user).toMatchObject({ email: 'ops@example.com', name: 'Ops', is_superuser: true });
  });

  it.each([
    [{}, 'pw12345', '--email is required when not interactive'],
    [{ email: 'ops@example.com' }, null, 'SUPERUSER_PASSWORD must be set when not interactive'],
    [{ email: 'ops@example.com' }, 'pw', 'This password is too short. It must contain at least 5 characters.'],
    [{ email: 'nope' }, 'pw12345', 'Enter a valid email address.'],
  ])('refuses %j with password %s: %s', async (args, password, message) => {
    await expect(createSuperuserFromArguments(getDb(), args, password)).rejects.toThrow(message);
  });
});

describe('npm run createsuperuser', () => {
  const run = (args: string[], env: Record<string, string>, input = '') =>
    spawnSync(process.execPath, ['lib/cli/createsuperuser.ts', ...args], {
      cwd: projectRoot,
      input,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl(), LOG_LEVEL: 'warn', ...env },
    });

  it('runs without questions given --email and SUPERUSER_PASSWORD', async () => {
    const child = run(['--email', 'cli@example.com'], { SUPERUSER_PASSWORD: 'clipass12' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(await users.authenticate(getDb(), 'cli@example.com', 'clipass12')).toMatchObject({ is_superuser: true });
  });

  it('reads the answers from its input, and never prints the password', async () => {
    const child = run([], {}, 'piped@example.com\npipedpass1\npipedpass1\n');
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('Superuser created successfully.');
    expect(child.stdout).not.toContain('pipedpass1');
    expect(await users.findUserByEmail(getDb(), 'piped@example.com')).toBeDefined();
  });

  it('fails with one line and exit code 1 for an existing email', async () => {
    await createUser({ email: 'taken@example.com' });
    const child = run(['--email', 'taken@example.com', '--no-input'], { SUPERUSER_PASSWORD: 'clipass12' });
    expect(child.status).toBe(1);
    expect(child.stderr).toBe('error: That email is already taken.\n');
  });
});
