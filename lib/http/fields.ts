// DRF's serializer fields as zod schemas: the same coercions, limits and
// words ("This field is required.", …), so a client sees the original's
// errors. Every limit is written here once and also feeds the OpenAPI document.
import { domainToASCII } from 'node:url';
import { z } from '@hono/zod-openapi';

const words = {
  required: 'This field is required.',
  null: 'This field may not be null.',
  blank: 'This field may not be blank.',
  notString: 'Not a valid string.',
  nullCharacters: 'Null characters are not allowed.',
  email: 'Enter a valid email address.',
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
  minLength: (n: number) => `Ensure this field has at least ${n} characters.`,
};

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
}

/** DRF's CharField: required, not blank, trimmed, no NUL or lone surrogate. */
export function charField({ maxLength, minLength, trim = true }: CharFieldOptions = {}) {
  let text = z.string({ error: typeError(words.notString) });
  if (trim) text = text.trim();
  // A blank value gets that one message, as in DRF, not also the length ones.
  text = text.min(1, { error: words.blank, abort: true });
  if (minLength !== undefined) text = text.min(minLength, words.minLength(minLength));
  if (maxLength !== undefined) text = text.max(maxLength, words.maxLength(maxLength));
  return z.preprocess(
    numberAsText,
    text.superRefine((value, ctx) => {
      if (value.includes('\0')) ctx.addIssue({ code: 'custom', message: words.nullCharacters });
      const surrogate = unpairedSurrogate.exec(value)?.[0].charCodeAt(0);
      if (surrogate !== undefined) {
        ctx.addIssue({ code: 'custom', message: `Surrogate characters are not allowed: U+${surrogate.toString(16).toUpperCase()}.` });
      }
    }),
  );
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
