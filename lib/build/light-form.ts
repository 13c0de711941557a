// multipart/form-data as a bundle parses it (lib/build/light-fetch.ts's
// formData()): the image upload's body. Node's parser lives in its undici,
// whose first use loads ~1 MB of JavaScript (~35 ms of CPU, a fifth of the
// upload's cold start) for a parse of a few microseconds. This follows
// undici's own parser (Node 24's lib/web/fetch/formdata-parser.js) step by
// step, so both give the same entries and fail on the same bodies;
// lib/build/light-fetch.test.ts runs each case on both.

type FormDataEntryValue = string | File;

const decoder = new TextDecoder();
const decoderIgnoringBom = new TextDecoder('utf-8', { ignoreBOM: true });
// undici's HTTP_TOKEN_CODEPOINTS (without the backtick RFC 9110 allows).
const tokenPattern = /^[-!#$%&'*+.^_|~A-Za-z0-9]+$/;

/** The entries of a parsed form, as FormData gives them (the methods a reader uses). */
export class FormData {
  readonly #entries: [string, FormDataEntryValue][] = [];

  append(name: string, value: string | Blob, filename?: string): void {
    this.#entries.push([name, entryValue(value, filename)]);
  }

  delete(name: string): void {
    for (let i = this.#entries.length - 1; i >= 0; i -= 1) if (this.#entries[i]?.[0] === name) this.#entries.splice(i, 1);
  }

  get(name: string): FormDataEntryValue | null {
    return this.#entries.find(([key]) => key === name)?.[1] ?? null;
  }

  getAll(name: string): FormDataEntryValue[] {
    return this.#entries.filter(([key]) => key === name).map(([, value]) => value);
  }

  has(name: string): boolean {
    return this.#entries.some(([key]) => key === name);
  }

  set(name: string, value: string | Blob, filename?: string): void {
    const index = this.#entries.findIndex(([key]) => key === name);
    if (index === -1) {
      this.append(name, value, filename);
      return;
    }
    this.#entries[index] = [name, entryValue(value, filename)];
    for (let i = this.#entries.length - 1; i > index; i -= 1) if (this.#entries[i]?.[0] === name) this.#entries.splice(i, 1);
  }

  forEach(callback: (value: FormDataEntryValue, key: string, parent: FormData) => void, thisArg?: unknown): void {
    for (const [key, value] of this.#entries) callback.call(thisArg, value, key, this);
  }

  *entries(): Generator<[string, FormDataEntryValue]> {
    for (const [key, value] of this.#entries) yield [key, value];
  }

  *keys(): Generator<string> {
    for (const [key] of this.#entries) yield key;
  }

  *values(): Generator<FormDataEntryValue> {
    for (const [, value] of this.#entries) yield value;
  }

  [Symbol.iterator](): Generator<[string, FormDataEntryValue]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'FormData';
  }
}

function entryValue(value: string | Blob, filename: string | undefined): FormDataEntryValue {
  if (typeof value === 'string') return value;
  if (value instanceof File && filename === undefined) return value;
  return new File([value], filename ?? (value instanceof File ? value.name : 'blob'), { type: value.type });
}

/**
 * A `multipart/form-data` content type (parsed as the standard parses a MIME
 * type) with its boundary parameter, if any; undefined when it is not one this
 * parser takes: another type, or several values in one header (Node's decides those).
 */
export function multipartType(contentType: string | null): { readonly boundary: string | undefined } | undefined {
  if (contentType === null || contentType.includes(',')) return undefined;
  const mimeType = parseMimeType(contentType);
  return mimeType?.essence === 'multipart/form-data' ? { boundary: mimeType.parameters.get('boundary') } : undefined;
}

/** Parses a multipart/form-data body; a TypeError where Node's parser fails. */
export function parseMultipart(bytes: Uint8Array, boundaryParameter: string | undefined): FormData {
  if (boundaryParameter === undefined) throw parsingError('missing boundary in content-type header');
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boundary = Buffer.from(`--${boundaryParameter}`, 'utf8');
  const form = new FormData();
  const first = input.indexOf(boundary);
  if (first === -1) throw parsingError('no boundary found in multipart body');
  let position = first;
  for (;;) {
    if (!input.subarray(position, position + boundary.length).equals(boundary)) throw parsingError('expected a value starting with -- and the boundary');
    position += boundary.length;
    if (input.length >= 2 && input[position] === 0x2d && input[position + 1] === 0x2d) return form;
    if (input[position] !== 0x0d || input[position + 1] !== 0x0a) throw parsingError('expected CRLF');
    position += 2;
    const headers = parseHeaders(input, position);
    position = headers.position + 2;
    const end = input.indexOf(boundary.subarray(2), position);
    if (end === -1) throw parsingError('expected boundary after body');
    let body = input.subarray(position, end - 4);
    position += body.length;
    if (headers.encoding === 'base64') body = Buffer.from(body.toString(), 'base64');
    if (input[position] !== 0x0d || input[position + 1] !== 0x0a) throw parsingError('expected CRLF');
    position += 2;
    if (headers.filename === null) {
      form.append(headers.name, decoderIgnoringBom.decode(Buffer.from(body)));
    } else {
      const type = headers.contentType ?? 'text/plain';
      form.append(headers.name, new File([body], headers.filename, { type: isAscii(type) ? type : '' }));
    }
  }
}

interface PartHeaders {
  name: string;
  filename: string | null;
  contentType: string | null;
  encoding: string | null;
  /** Where the empty line ending the headers starts. */
  position: number;
}

function parseHeaders(input: Buffer, start: number): PartHeaders {
  let name: string | null = null;
  let filename: string | null = null;
  let contentType: string | null = null;
  let encoding: string | null = null;
  let position = start;
  const collect = (condition: (byte: number) => boolean): Buffer => {
    const from = position;
    while (position < input.length && condition(input[position] ?? 0)) position += 1;
    return input.subarray(from, position);
  };
  for (;;) {
    if (input[position] === 0x0d && input[position + 1] === 0x0a) {
      if (name === null) throw parsingError('header name is null');
      return { name, filename, contentType, encoding, position };
    }
    const headerName = trim(collect((byte) => byte !== 0x0a && byte !== 0x0d && byte !== 0x3a), true).toString();
    if (!tokenPattern.test(headerName)) throw parsingError('header name does not match the field-name token production');
    if (input[position] !== 0x3a) throw parsingError('expected :');
    position += 1;
    collect(isSpaceOrTab);
    switch (headerName.toLowerCase()) {
      case 'content-disposition': {
        name = filename = null;
        let filenameIsExtended = false;
        if (collect(isToken).toString('ascii').toLowerCase() !== 'form-data') throw parsingError('expected form-data for content-disposition header');
        while (position < input.length && (input[position] !== 0x0d || input[position + 1] !== 0x0a)) {
          const attribute = parseAttribute(input, position);
          position = attribute.position;
          if (attribute.name === undefined) break;
          if (attribute.name === 'name') {
            name = attribute.value;
          } else if (attribute.name === 'filename') {
            if (attribute.extended) {
              filename = attribute.value;
              filenameIsExtended = true;
            } else if (!filenameIsExtended) {
              filename = attribute.value;
            }
          }
        }
        if (name === null) throw parsingError('name attribute is required in content-disposition header');
        break;
      }
      case 'content-type':
        contentType = trim(collect((byte) => byte !== 0x0a && byte !== 0x0d), false).toString('latin1');
        break;
      case 'content-transfer-encoding':
        encoding = trim(collect((byte) => byte !== 0x0a && byte !== 0x0d), false).toString('latin1');
        break;
      default:
        collect((byte) => byte !== 0x0a && byte !== 0x0d);
    }
    if (input[position] !== 0x0d || input[position + 1] !== 0x0a) throw parsingError('expected CRLF');
    position += 2;
  }
}

// One `; name=value` of a Content-Disposition header (quoted, a token, or
// RFC 5987's name*=utf-8''…); no name where the attributes end. Position is
// where it stopped, as undici's advances its shared one even then.
function parseAttribute(input: Buffer, start: number): { name?: string; value: string; extended: boolean; position: number } {
  let position = start;
  const collect = (condition: (byte: number) => boolean): Buffer => {
    const from = position;
    while (position < input.length && condition(input[position] ?? 0)) position += 1;
    return input.subarray(from, position);
  };
  if (input[position] === 0x3b) position += 1;
  collect(isSpaceOrTab);
  const attributeName = collect((byte) => isToken(byte) && byte !== 0x3d && byte !== 0x2a);
  const none = { value: '', extended: false, position };
  if (attributeName.length === 0) return none;
  const extended = input[position] === 0x2a;
  if (extended) position += 1;
  if (input[position] !== 0x3d) return { ...none, position };
  position += 1;
  collect(isSpaceOrTab);
  let value: string;
  if (extended) {
    const raw = collect((byte) => byte !== 0x20 && byte !== 0x0d && byte !== 0x0a && byte !== 0x3b);
    if (!/^utf-8/i.test(raw.subarray(0, 5).toString('latin1'))) throw parsingError("unknown encoding, expected utf-8''");
    value = decodeURIComponent(decoder.decode(raw.subarray(7)));
  } else if (input[position] === 0x22) {
    position += 1;
    const quoted = collect((byte) => byte !== 0x0a && byte !== 0x0d && byte !== 0x22);
    if (input[position] !== 0x22) throw parsingError('Closing quote not found');
    position += 1;
    value = decoder.decode(quoted).replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%22/g, '"');
  } else {
    value = decoder.decode(collect((byte) => isToken(byte) && byte !== 0x3b));
  }
  return { name: attributeName.toString('ascii').toLowerCase(), value, extended, position };
}

interface MimeType {
  readonly essence: string;
  readonly parameters: Map<string, string>;
}

// The WHATWG MIME Sniffing standard's "parse a MIME type"; undefined for failure.
function parseMimeType(input: string): MimeType | undefined {
  const text = trimEnd(input.replace(/^[\t\n\r ]+/, ''));
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const type = text.slice(0, slash);
  let position = slash + 1;
  const semicolon = text.indexOf(';', position);
  const subtype = trimEnd(text.slice(position, semicolon === -1 ? undefined : semicolon));
  if (!tokenPattern.test(type) || !tokenPattern.test(subtype)) return undefined;
  const parameters = new Map<string, string>();
  position = semicolon === -1 ? text.length : semicolon;
  while (position < text.length) {
    position += 1; // the ';'
    while (/[\t\n\r ]/.test(text[position] ?? '')) position += 1;
    const nameStart = position;
    while (position < text.length && text[position] !== ';' && text[position] !== '=') position += 1;
    const name = text.slice(nameStart, position).toLowerCase();
    if (position < text.length) {
      if (text[position] === ';') continue;
      position += 1; // the '='
    }
    if (position >= text.length) break;
    let value: string;
    if (text[position] === '"') {
      [value, position] = quotedString(text, position);
      while (position < text.length && text[position] !== ';') position += 1;
    } else {
      const valueStart = position;
      while (position < text.length && text[position] !== ';') position += 1;
      value = trimEnd(text.slice(valueStart, position));
      if (value === '') continue;
    }
    if (name !== '' && tokenPattern.test(name) && /^[\t\x20-\x7e\x80-\xff]*$/.test(value) && !parameters.has(name)) parameters.set(name, value);
  }
  return { essence: `${type}/${subtype}`.toLowerCase(), parameters };
}

// The Fetch standard's "collect an HTTP quoted string" with its value extracted.
function quotedString(text: string, start: number): [string, number] {
  let position = start + 1;
  let value = '';
  for (;;) {
    const from = position;
    while (position < text.length && text[position] !== '"' && text[position] !== '\\') position += 1;
    value += text.slice(from, position);
    if (position >= text.length) break;
    const character = text[position];
    position += 1;
    if (character === '\\') {
      if (position >= text.length) {
        value += '\\';
        break;
      }
      value += text.charAt(position);
      position += 1;
    } else {
      break;
    }
  }
  return [value, position];
}

// HTTP whitespace off the end, as undici's removeChars does it: never the first character.
function trimEnd(text: string): string {
  let end = text.length - 1;
  while (end > 0 && /[\t\n\r ]/.test(text[end] ?? '')) end -= 1;
  return text.slice(0, end + 1);
}

function trim(bytes: Buffer, leading: boolean): Buffer {
  let start = 0;
  let end = bytes.length - 1;
  if (leading) while (start < bytes.length && isSpaceOrTab(bytes[start] ?? 0)) start += 1;
  while (end > 0 && isSpaceOrTab(bytes[end] ?? 0)) end -= 1;
  return start === 0 && end === bytes.length - 1 ? bytes : bytes.subarray(start, end + 1);
}

function isSpaceOrTab(byte: number): boolean {
  return byte === 0x20 || byte === 0x09;
}

// RFC 2045's token: ASCII but space, controls and tspecials.
function isToken(byte: number): boolean {
  return byte < 0x7f && byte > 0x20 && !'()<>@,;:\\"/[]?='.includes(String.fromCharCode(byte));
}

function isAscii(text: string): boolean {
  return /^[\0-\x7f]*$/.test(text);
}

function parsingError(cause: string): TypeError {
  return new TypeError('Failed to parse body as FormData.', { cause: new TypeError(cause) });
}
