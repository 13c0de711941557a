// DRF's serializer fields as zod schemas: the same coercions, limits and
// words ("This field is required.", …), so a client sees the original's
// errors. Every limit is written here once and also feeds the OpenAPI document.
import { domainToASCII } from 'node:url';
import { z } from '@hono/zod-openapi';
import { fastParseOf, undecided, withFastParse, withObjectFastParse } from './fast-parse.ts';

const words = {
  required: 'This field is required.',
  null: 'This field may not be null.',
  blank: 'This field may not be blank.',
  notString: 'Not a valid string.',
  nullCharacters: 'Null characters are not allowed.',
  email: 'Enter a valid email address.',
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
  minLength: (n: number) => `Ensure this field has at least ${n} characters.`,
  maxItems: (n: number) => `Ensure this field has no more than ${n} elements.`,
};

/** DRF's words for a NUL character in text, which PostgreSQL cannot store (or even compare). */
export const nullCharactersMessage = words.nullCharacters;
/** DRF's words for a list longer than it may be. */
export const tooManyItemsMessage = words.maxItems;

const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? words.required : issue.input === null ? words.null : expected;

// DRF's CharField takes a number as its text; JavaScript spells it the same way.
const numberAsText = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value);

const unpairedSurrogate = /\p{Surrogate}/u;

export interface CharFieldOptions {
  readonly maxLength?: number;
  readonly minLength?: number;
  /** Strip surrounding whitespace first (DRF's default); passwords are never trimmed. */
  readonly trim?: boolean;
  /** Accept "" (DRF's allow_blank). */
  readonly allowBlank?: boolean;
}

/** DRF's CharField: required, not blank, trimmed, no NUL or lone surrogate. */
export function charField({ maxLength, minLength, trim = true, allowBlank = false }: CharFieldOptions = {}) {
  let text = z.string({ error: typeError(words.notString) });
  if (trim) text = text.trim();
  // A blank value gets that one message, as in DRF, not also the length ones.
  if (!allowBlank) text = text.min(1, { error: words.blank, abort: true });
  if (minLength !== undefined) text = text.min(minLength, words.minLength(minLength));
  if (maxLength !== undefined) text = text.max(maxLength, words.maxLength(maxLength));
  // The usual text passes every check below as it is (trimmed): the schema
  // decides the rest (a number, a blank, a length out of bounds, NUL…).
  const fast = (value: unknown) => {
    if (typeof value !== 'string') return undecided;
    const kept = trim ? value.trim() : value;
    if (!allowBlank && kept.length === 0) return undecided;
    if ((minLength !== undefined && kept.length < minLength) || (maxLength !== undefined && kept.length > maxLength)) return undecided;
    return kept.includes('\0') || unpairedSurrogate.test(kept) ? undecided : kept;
  };
  const schema = z.preprocess(
    numberAsText,
    text.superRefine((value, ctx) => {
      // `continue: false`: no later check (the email's form, the database's
      // uniqueness lookup) sees the value, since PostgreSQL refuses a NUL byte.
      if (value.includes('\0')) ctx.addIssue({ code: 'custom', message: words.nullCharacters, continue: false });
      const surrogate = unpairedSurrogate.exec(value)?.[0].charCodeAt(0);
      if (surrogate !== undefined) {
        ctx.addIssue({ code: 'custom', message: `Surrogate characters are not allowed: U+${surrogate.toString(16).toUpperCase()}.`, continue: false });
      }
    }),
  );
  return withFastParse(schema, fast);
}

/** DRF's EmailField: a CharField that also checks the address as Django's EmailValidator does. */
export function emailField({ maxLength = 255 }: { maxLength?: number } = {}) {
  return charField({ maxLength })
    .refine(isValidEmail, words.email)
    .openapi({ format: 'email' });
}

/** A write-only password: never trimmed, `minLength`…`maxLength` characters. */
export function passwordField({ minLength, maxLength }: { minLength?: number; maxLength: number }) {
  return charField({ minLength, maxLength, trim: false }).openapi({ format: 'password', writeOnly: true });
}

// Django's EmailValidator: a dot-atom or quoted local part, and a domain of
// labels with a TLD (or localhost, or a literal address in brackets).
// eslint-disable-next-line no-control-regex -- Django's pattern: quoted local parts may hold control characters
const localPart = /^(?:[-!#$%&'*+/=?^_`{}|~0-9a-z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0d-\x7f])*")$/i;
const domainPart = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z0-9-]{2,63}(?<!-))$/i;
const literalAddress = /^\[(?:\d{1,3}(?:\.\d{1,3}){3}|ipv6:[0-9a-f:.]+)\]$/i;

export function isValidEmail(value: string): boolean {
  if (value.length > 320 || /[\r\n]/.test(value)) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const user = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!localPart.test(user)) return false;
  if (domain.toLowerCase() === 'localhost' || literalAddress.test(domain)) return true;
  // International domain names are checked in their ASCII (punycode) form.
  return domainPart.test(domain) || domainPart.test(domainToASCII(domain));
}

// DRF's words for types, as Python names them.
export function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return 'dict';
}

const integerText = /^\s*[+-]?\d+\s*$/;

/** DRF's IntegerField: a JSON integer or its text ("7", "7.0"), within the bounds. */
export function integerField({ min, max }: { min: number; max: number }) {
  // A JSON integer within the bounds is itself; text and the rest the schema decides.
  const fast = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undecided);
  const schema = z.preprocess(
    (value) => {
      if (typeof value === 'number') return Number.isInteger(value) ? value : Number.NaN;
      if (typeof value !== 'string' || value.length > 1000) return value === undefined || value === null ? value : Number.NaN;
      // DRF strips a zero fraction first ("7.0" is 7).
      const text = value.replace(/\.0*\s*$/, '');
      return integerText.test(text) ? Number(text) : Number.NaN;
    },
    z
      .number({ error: typeError('A valid integer is required.') })
      .refine((n) => !Number.isNaN(n), { error: 'A valid integer is required.', abort: true })
      .min(min, `Ensure this value is greater than or equal to ${min}.`)
      .max(max, `Ensure this value is less than or equal to ${max}.`),
  ).openapi({ type: 'integer', minimum: min, maximum: max });
  return withFastParse(schema, fast);
}

const decimalText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export interface DecimalFieldOptions {
  readonly maxDigits: number;
  readonly decimalPlaces: number;
  readonly min?: number;
}

/**
 * DRF's DecimalField: a JSON number or its text, checked digit by digit as
 * Python's Decimal sees it, and handed on as text with exactly
 * `decimalPlaces` decimals ("5.5" → "5.50"), so no float rounding creeps in.
 */
export function decimalField(options: DecimalFieldOptions) {
  const { maxDigits, decimalPlaces, min } = options;
  const schema = z
    .unknown()
    .transform((value, ctx) => {
      const read = readDecimal(value, options);
      if (read.problem === undefined) return read.text;
      ctx.addIssue({ code: 'custom', message: read.problem });
      return z.NEVER;
    })
    .openapi({
      type: 'string',
      format: 'decimal',
      pattern: `^${min !== undefined && min >= 0 ? '' : '-?'}\\d{0,${maxDigits - decimalPlaces}}(?:\\.\\d{0,${decimalPlaces}})?$`,
    });
  // The same reading; only its problems' words are the schema's to give.
  return withFastParse(schema, (value) => {
    const read = readDecimal(value, options);
    return read.problem === undefined ? read.text : undecided;
  });
}

/** DecimalField's reading of `value`: the text with exactly `decimalPlaces` decimals, or what is wrong with it. */
function readDecimal(value: unknown, { maxDigits, decimalPlaces, min }: DecimalFieldOptions): { text: string; problem?: undefined } | { problem: string } {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : null;
  if (text === null) return { problem: typeError('A valid number is required.')({ input: value }) };
  if (text.length > 1000) return { problem: 'String value too large.' };
  if (!decimalText.test(text)) return { problem: 'A valid number is required.' };
  const { negative, digits, exponent } = decimalParts(text);
  const problem = precisionProblem(digits.length, exponent, maxDigits, decimalPlaces);
  if (problem !== null) return { problem };
  const fixed = toFixedText(negative, digits, exponent, decimalPlaces);
  if (min !== undefined && Number(fixed) < min) return { problem: `Ensure this value is greater than or equal to ${min}.` };
  return { text: fixed };
}

// Python's Decimal.as_tuple(): the significant digits (leading zeros dropped,
// trailing ones kept) and the exponent of the last one.
function decimalParts(text: string): { negative: boolean; digits: string; exponent: number } {
  const [mantissa = '', power = '0'] = text.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '', fraction = ''] = mantissa.replace(/^[+-]/, '').split('.');
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  return { negative, digits: /^0+$/.test(digits) ? '0' : digits, exponent: Number(power) - fraction.length };
}

function precisionProblem(count: number, exponent: number, maxDigits: number, decimalPlaces: number): string | null {
  let total: number;
  let decimals: number;
  if (exponent >= 0) {
    total = count + exponent;
    decimals = 0;
  } else if (count > -exponent) {
    total = count;
    decimals = -exponent;
  } else {
    total = -exponent;
    decimals = total;
  }
  if (total > maxDigits) return `Ensure that there are no more than ${maxDigits} digits in total.`;
  if (decimals > decimalPlaces) return `Ensure that there are no more than ${decimalPlaces} decimal places.`;
  if (total - decimals > maxDigits - decimalPlaces) {
    return `Ensure that there are no more than ${maxDigits - decimalPlaces} digits before the decimal point.`;
  }
  return null;
}

function toFixedText(negative: boolean, digits: string, exponent: number, places: number): string {
  // Scale to an integer count of 10^-places, exactly, in text.
  const shift = exponent + places;
  const scaled = shift >= 0 ? digits + '0'.repeat(shift) : digits.slice(0, digits.length + shift) || '0';
  const padded = scaled.padStart(places + 1, '0');
  const text = `${padded.slice(0, -places)}.${padded.slice(-places)}`.replace(/^0+(?=\d)/, '');
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/**
 * A list of nested objects, as DRF's many=True serializer reads it: not a
 * list → {"field": {"non_field_errors": ["Expected a list of items but got
 * type \"str\"."]}}; an item that is not an object → that item's non_field_errors.
 */
export function listField<Item extends z.ZodType>(item: Item, { maxItems, itemDoc = {} }: { maxItems: number; itemDoc?: Record<string, unknown> }) {
  const schema = z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === undefined) ctx.addIssue({ code: 'custom', message: words.required });
      else if (value === null) ctx.addIssue({ code: 'custom', message: words.null });
      else if (!Array.isArray(value)) {
        ctx.addIssue({ code: 'custom', path: ['non_field_errors'], message: `Expected a list of items but got type "${pythonTypeName(value)}".` });
      } else if (value.length > maxItems) {
        // Counted before any item is looked at: a long list costs nothing more.
        ctx.addIssue({ code: 'custom', message: words.maxItems(maxItems) });
      }
    })
    .pipe(z.array(item))
    // The document cannot see through the pipe: say what the list holds.
    .openapi({ type: 'array', items: itemDoc, maxItems });
  const itemParse = fastParseOf(item);
  if (itemParse === undefined) return schema;
  return withFastParse(schema, (value) => {
    if (!Array.isArray(value) || value.length > maxItems) return undecided;
    const items: unknown[] = [];
    for (const given of value) {
      const parsed = itemParse(given);
      if (parsed === undecided) return undecided;
      items.push(parsed);
    }
    return items;
  });
}

/** A nested object: not an object → "Invalid data. Expected a dictionary, but got str." */
export function objectField<Shape extends z.ZodRawShape>(shape: Shape) {
  return withObjectFastParse(z.object(shape, { error: (issue) => `Invalid data. Expected a dictionary, but got ${pythonTypeName(issue.input)}.` }), shape);
}
