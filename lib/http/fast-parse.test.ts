// A schema's shortcut (fast-parse.ts) gives exactly what the schema gives, or
// leaves the input to it: over a corpus of recipe bodies, valid and not, any
// answer the shortcut gives is the schema's, key order and all; and it does
// answer the usual bodies, so creates take it.
import { describe, expect, it } from 'vitest';
import { fastParseOf, undecided } from './fast-parse.ts';
import { AttributeInput, RecipeInput } from './recipe-fields.ts';
import { validateNow } from './validation.ts';

const long = (n: number) => 'a'.repeat(n);
const variants: Record<string, readonly unknown[]> = {
  title: ['T', ' T ', '', '   ', long(255), long(256), ` ${long(255)} `, 5, 5.5, null, undefined, true, 'a\0b', '\ud800x', 'é', '😀'.repeat(127), '😀'.repeat(128), ['x'], {}],
  time_minutes: [0, 20, -1, 100_000, 100_001, 20.5, -0, '20', '20.0', ' 20 ', 'x', null, undefined, 1e20, true, Number.NaN],
  price: ['9.50', '9.5', 9.5, '0', '-1', '999.99', '1000', '1e2', '.5', '5.', ' 9.50 ', 'abc', null, undefined, 9.999, '0.001', '', Infinity, '+5', 0, -0, '1E1', 5],
  link: ['', 'https://example.com/r', undefined, null, 5, long(256), ' x '],
  description: [undefined, '', 'x', null, ' x\n', long(10_000)],
  tags: [undefined, [], [{ name: 'a' }], [{ name: ' a ', extra: 1 }], [{ name: '' }], [{}], ['a'], 'a', null, Array.from({ length: 101 }, () => ({ name: 'x' })), Array.from({ length: 100 }, (_, i) => ({ name: `t${String(i)}` })), [{ name: 5 }], [{ name: 'a' }, { name: 'a' }], [null], [{ name: long(256) }]],
  ingredients: [undefined, [{ name: 'salt' }], [{ name: null }], {}],
  zzz: [undefined, 1, 'extra'],
};
const base = { title: 'Bench load 1-2', time_minutes: 20, price: '9.50', link: '', description: 'x', tags: [{ name: 'load-1-2-a' }, { name: 'load-1-2-b' }] };

function* bodies(): Generator<unknown, void, undefined> {
  yield base;
  // One field at a time, given and left out.
  for (const [key, values] of Object.entries(variants)) {
    for (const value of values) yield { ...base, [key]: value };
    yield Object.fromEntries(Object.entries(base).filter(([name]) => name !== key));
  }
  // Several at a time, from a fixed seed.
  let seed = 19;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  for (let i = 0; i < 2000; i++) {
    const body: Record<string, unknown> = {};
    for (const [key, values] of Object.entries(variants)) {
      const value = values[next(values.length)];
      if (value !== undefined || next(2) === 0) body[key] = value;
    }
    yield body;
  }
  yield null;
  yield [];
  yield 'text';
}

describe("RecipeInput's shortcut", () => {
  const shortcut = fastParseOf(RecipeInput);

  it('answers only as the schema does', () => {
    expect(shortcut).toBeDefined();
    let answered = 0;
    for (const body of bodies()) {
      const quick = shortcut?.(body);
      if (quick === undecided) continue;
      answered += 1;
      const parsed = RecipeInput.safeParse(body);
      expect(parsed.success, JSON.stringify(body)).toBe(true);
      expect(quick, JSON.stringify(body)).toStrictEqual(parsed.data);
      expect(Object.keys(quick as object)).toEqual(Object.keys(parsed.data as object));
    }
    // It took part: many of the bodies are valid.
    expect(answered).toBeGreaterThan(100);
  });

  it('answers the usual create bodies itself', () => {
    for (const body of [base, { ...base, title: '  padded  ' }, { ...base, price: 9.5 }, { ...base, tags: [{ name: 'a', id: 3 }] }, { title: 'T', time_minutes: 1, price: '1' }]) {
      expect(shortcut?.(body)).not.toBe(undecided);
      expect(validateNow(RecipeInput, body)).toStrictEqual(RecipeInput.parse(body));
    }
  });

  it('leaves every invalid body to the schema, so its errors are the schema\'s', () => {
    for (const body of [{ ...base, title: '' }, { ...base, time_minutes: -1 }, { ...base, price: '1000' }, { ...base, tags: 'a' }, { ...base, title: null }]) {
      expect(shortcut?.(body)).toBe(undecided);
      expect(() => validateNow(RecipeInput, body)).toThrow();
    }
  });
});

describe("AttributeInput's shortcut", () => {
  it('answers only as the schema does', () => {
    const shortcut = fastParseOf(AttributeInput);
    expect(shortcut).toBeDefined();
    for (const item of [{ name: 'a' }, { name: ' a ' }, { name: '' }, { name: 5 }, {}, null, 'a', { name: 'a', id: 1 }, { name: long(255) }, { name: long(256) }]) {
      const quick = shortcut?.(item);
      if (quick === undecided) continue;
      expect(quick).toStrictEqual(AttributeInput.parse(item));
    }
  });
});
