// Django's createsuperuser, for our users: asked for interactively (the
// password twice, unechoed) or given as arguments for scripts and containers.
import type { Executor } from '../database/pool.ts';
import { isValidEmail } from '../http/fields.ts';
import { passwordLimits } from '../http/user-fields.ts';
import { StartupError } from '../startup-error.ts';
import * as users from '../repositories/users.ts';

/** How the command talks to its user; tests drive it with scripted answers. */
export interface Prompter {
  ask(question: string): Promise<string>;
  /** Asks without echoing the answer. */
  askHidden(question: string): Promise<string>;
  say(line: string): void;
}

export interface SuperuserArguments {
  readonly email?: string;
  readonly name?: string;
}

/** What is wrong with an email for a new superuser, or null. */
async function emailProblem(db: Executor, email: string): Promise<string | null> {
  if (email === '') return 'This field cannot be blank.';
  if (email.length > 255 || !isValidEmail(email)) return 'Enter a valid email address.';
  if (await users.isEmailTaken(db, email)) return 'That email is already taken.';
  return null;
}

function passwordProblem(password: string): string | null {
  if (password === '') return "Blank passwords aren't allowed.";
  if (password.length < passwordLimits.minLength) {
    return `This password is too short. It must contain at least ${passwordLimits.minLength} characters.`;
  }
  if (password.length > passwordLimits.maxLength) {
    return `This password is too long. It must contain at most ${passwordLimits.maxLength} characters.`;
  }
  return null;
}

export async function createSuperuserInteractively(db: Executor, prompter: Prompter, args: SuperuserArguments = {}): Promise<users.User> {
  let email = args.email?.trim();
  for (;;) {
    email ??= (await prompter.ask('Email: ')).trim();
    const problem = await emailProblem(db, email);
    if (problem === null) break;
    prompter.say(`Error: ${problem}`);
    email = undefined;
  }
  let password: string;
  for (;;) {
    password = await prompter.askHidden('Password: ');
    const again = await prompter.askHidden('Password (again): ');
    const problem = password === again ? passwordProblem(password) : "Your passwords didn't match.";
    if (problem === null) break;
    prompter.say(`Error: ${problem}`);
  }
  const user = await users.createSuperuser(db, { email, password, name: args.name?.trim() ?? '' });
  prompter.say('Superuser created successfully.');
  return user;
}

/** The non-interactive form: every problem is one StartupError line. */
export async function createSuperuserFromArguments(db: Executor, args: SuperuserArguments, password: string | null): Promise<users.User> {
  const email = args.email?.trim();
  if (email === undefined) throw new StartupError('--email is required when not interactive');
  if (password === null) throw new StartupError('SUPERUSER_PASSWORD must be set when not interactive');
  const problem = (await emailProblem(db, email)) ?? passwordProblem(password);
  if (problem !== null) throw new StartupError(problem);
  return users.createSuperuser(db, { email, password, name: args.name?.trim() ?? '' });
}
