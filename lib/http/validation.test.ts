import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFunctionApp, defineRoute } from './app.ts';
import { readBody } from './body.ts';
import { HttpError } from './errors.ts';
import { validate, validateNow } from './validation.ts';

const required = 'This field is required.';
const blank = 'This field may not be blank.';
const notAnInteger = 'A valid integer is required.';

const name = z.string({ error: required }).trim().min(1, blank);
const Tag = z.object({ name });
const Recipe = z.object({
  title: name,
  time_minutes: z.int({ error: (issue) => (issue.input === undefined ? required : notAnInteger) }),
  tags: z.array(Tag, { error: 'Expected a list of items.' }).optional(),
});

/** The HttpError validate() throws for `data`; fails the test if it accepts it. */
async function rejection(schema: z.ZodType, data: unknown): Promise<HttpError> {
  try {
    await validate(schema, data);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error(`validate() accepted ${JSON.stringify(data)}`);
}

const errorsFor = async (schema: z.ZodType, data: unknown) => (await rejection(schema, data)).body;

describe('validate', () => {
  it('returns the parsed data, transforms applied, when it is valid', async () => {
    const parsed = await validate(Recipe, { title: '  Soup ', time_minutes: 5, unknown: 'ignored' });
    expect(parsed).toEqual({ title: 'Soup', time_minutes: 5 });
  });

  it('throws an HttpError 400 without extra headers', async () => {
    const error = await rejection(Recipe, {});
    expect(error.status).toBe(400);
    expect(error.headers).toEqual({});
  });

  it('names every bad top-level field with its message in a list', async () => {
    expect(await errorsFor(Recipe, { title: '   ', time_minutes: 'soon' })).toEqual({
      title: [blank],
      time_minutes: [notAnInteger],
    });
  });

  it('names every missing field', async () => {
    expect(await errorsFor(Recipe, {})).toEqual({ title: [required], time_minutes: [required] });
  });

  it('lists the fields in the order of the schema', async () => {
    const body = await errorsFor(Recipe, { time_minutes: 'soon', title: '' });
    expect(Object.keys(body)).toEqual(['title', 'time_minutes']);
  });

  it('keeps two messages on one field', async () => {
    const Password = z.object({
      password: z.string().min(8, 'Ensure this field has at least 8 characters.').regex(/\d/, 'Include a digit.'),
    });
    expect(await errorsFor(Password, { password: 'abc' })).toEqual({
      password: ['Ensure this field has at least 8 characters.', 'Include a digit.'],
    });
  });

  it('lists the same message once on one field', async () => {
    const Twice = z.object({
      code: z
        .string()
        .refine((v) => v.length === 4, 'Enter a valid code.')
        .refine((v) => /^\d*$/.test(v), 'Enter a valid code.'),
    });
    expect(await errorsFor(Twice, { code: 'abcde' })).toEqual({ code: ['Enter a valid code.'] });
  });

  it('puts an issue with the whole body under non_field_errors', async () => {
    const Passwords = z
      .object({ password: z.string(), repeat: z.string() })
      .refine((body) => body.password === body.repeat, 'The two passwords differ.');
    expect(await errorsFor(Passwords, { password: 'secret1', repeat: 'secret2' })).toEqual({
      non_field_errors: ['The two passwords differ.'],
    });
  });

  it('puts a body that is not an object under non_field_errors', async () => {
    const Strict = z.object({ title: z.string() }, { error: 'Invalid data.' });
    expect(await errorsFor(Strict, ['Soup'])).toEqual({ non_field_errors: ['Invalid data.'] });
  });

  it('runs asynchronous checks, such as one that asks the database', async () => {
    const taken = new Set(['bob@example.com']);
    const isFree = (email: string) => Promise.resolve(!taken.has(email));
    const SignUp = z.object({ email: z.string().refine(isFree, 'user with this email already exists.') });
    expect(await errorsFor(SignUp, { email: 'bob@example.com' })).toEqual({ email: ['user with this email already exists.'] });
    expect(await validate(SignUp, { email: 'ann@example.com' })).toEqual({ email: 'ann@example.com' });
  });

  it('nests the errors of a nested object under its field', async () => {
    const WithAuthor = z.object({ author: z.object({ name, email: z.email('Enter a valid email address.') }) });
    expect(await errorsFor(WithAuthor, { author: { name: '', email: 'nope' } })).toEqual({
      author: { name: [blank], email: ['Enter a valid email address.'] },
    });
  });
});

describe('validate: nested lists', () => {
  it('gives one entry per item, {} for the valid ones', async () => {
    const body = await errorsFor(Recipe, { title: 'Soup', time_minutes: 5, tags: [{ name: 'vegan' }, { name: ' ' }, { name: 'quick' }] });
    expect(body).toEqual({ tags: [{}, { name: [blank] }, {}] });
  });

  it('reports every bad item, and fields beside the list, at once', async () => {
    const body = await errorsFor(Recipe, { title: '', time_minutes: 5, tags: [{}, { name: 'ok' }, { name: '' }] });
    expect(body).toEqual({ title: [blank], tags: [{ name: [required] }, {}, { name: [blank] }] });
  });

  it('keeps the items of a list that is wrong in several places independent', async () => {
    const body = await errorsFor(Recipe, { title: 'Soup', time_minutes: 5, tags: [{ name: '' }, { name: '' }] });
    expect(body).toEqual({ tags: [{ name: [blank] }, { name: [blank] }] });
    const { tags } = body as { tags: unknown[] };
    expect(tags[0]).not.toBe(tags[1]);
  });

  it('puts an error about the list itself in a list of messages', async () => {
    expect(await errorsFor(Recipe, { title: 'Soup', time_minutes: 5, tags: 'vegan' })).toEqual({ tags: ['Expected a list of items.'] });
  });

  it('puts an error about a whole item under that item\'s non_field_errors, as DRF does', async () => {
    const Strict = z.object({ tags: z.array(z.object({ name }, { error: 'Invalid data. Expected a dictionary, but got str.' })) });
    expect(await errorsFor(Strict, { tags: [{ name: 'ok' }, 'vegan'] })).toEqual({
      tags: [{}, { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] }],
    });
  });
});

describe('validate in a function', () => {
  const app = createFunctionApp();
  defineRoute(app, { method: 'post', path: '/api/recipes/', responses: { 201: { description: 'Created' } } }, async (c) =>
    c.json(await validate(Recipe, await readBody(c)), 201),
  );

  it('answers 400 with the DRF-shaped errors as JSON', async () => {
    const response = await app.request('/api/recipes/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: '', time_minutes: 5, tags: [{ name: 'a' }, { name: '' }] }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ title: [blank], tags: [{}, { name: [blank] }] });
  });

  it('passes the parsed data on when it is valid', async () => {
    const response = await app.request('/api/recipes/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: ' Soup ', time_minutes: 5, tags: [{ name: ' vegan' }] }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ title: 'Soup', time_minutes: 5, tags: [{ name: 'vegan' }] });
  });
});

describe('validateNow', () => {
  it('returns what validate returns, and throws the same 400 with the same errors', async () => {
    expect(validateNow(Recipe, { title: '  Soup ', time_minutes: 5 })).toEqual(await validate(Recipe, { title: '  Soup ', time_minutes: 5 }));
    for (const data of [{}, { title: ' ', time_minutes: 'x', tags: [{ name: 'ok' }, {}] }, null]) {
      let thrown: unknown;
      try {
        validateNow(Recipe, data);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(HttpError);
      expect(thrown).toEqual(await rejection(Recipe, data));
    }
  });

  it('refuses a schema with an asynchronous check (a bug, not a 400)', () => {
    const checkedLater = z.object({ email: z.string().refine(() => Promise.resolve(true)) });
    expect(() => validateNow(checkedLater, { email: 'a@example.com' })).toThrow(z.core.$ZodAsyncError);
  });
});
