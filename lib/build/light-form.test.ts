// The bundles' multipart parser must read every body as Node's does: the
// same entries, or a failure where Node's fails. Each case runs on both.
import { describe, expect, it } from 'vitest';
import * as light from './light-fetch.ts';

const boundary = '----formdata-undici-0123456789';

async function outcome(RequestClass: typeof globalThis.Request, contentType: string, body: string | Uint8Array): Promise<unknown> {
  try {
    const request = new RequestClass('https://example.com/', { method: 'POST', headers: { 'content-type': contentType }, body });
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the bundles parse a body already read within its limit
    const form = await request.formData();
    const entries: unknown[] = [];
    for (const [name, value] of form) {
      entries.push(typeof value === 'string' ? [name, value] : [name, 'file', value.name, value.type, [...new Uint8Array(await value.arrayBuffer())]]);
    }
    const first = form.get('a');
    return { entries, get: typeof first === 'string' || first === null ? first : first.name, all: form.getAll('a').length, has: form.has('zzz') };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

async function same(contentType: string, body: string | Uint8Array): Promise<void> {
  const expected = await outcome(globalThis.Request, contentType, body);
  expect(await outcome(light.Request as unknown as typeof globalThis.Request, contentType, body)).toEqual(expected);
}

const type = `multipart/form-data; boundary=${boundary}`;
const part = (headers: string, content: string) => `--${boundary}\r\n${headers}\r\n\r\n${content}\r\n`;
const end = `--${boundary}--\r\n`;

describe('multipart/form-data in a bundle', () => {
  it('is parsed by its own parser, not handed to Node\'s (whose first use loads undici)', async () => {
    const request = new light.Request('https://example.com/', { method: 'POST', headers: { 'content-type': type }, body: part('Content-Disposition: form-data; name="a"', 'x') + end });
    const form = await request.formData();
    expect(form).not.toBeInstanceOf(globalThis.FormData);
    expect([...form]).toEqual([['a', 'x']]);
  });

  it.each([
    ['fields and a file', part('Content-Disposition: form-data; name="a"', 'one') + part('Content-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png', 'PNG\0\x89') + end],
    ['a repeated field', part('Content-Disposition: form-data; name="a"', '1') + part('content-disposition: form-data; name=a', '2') + end],
    ['a preamble and an epilogue', `ignored\r\n${part('Content-Disposition: form-data; name="a"', 'x')}${end}trailing`],
    ['no closing boundary', part('Content-Disposition: form-data; name="a"', 'x')],
    ['no boundary at all', 'nothing here'],
    ['a part without a name', part('Content-Disposition: form-data; filename="f.txt"', 'x') + end],
    ['a part that is not form-data', part('Content-Disposition: attachment; name="a"', 'x') + end],
    ['no headers', part('', 'x') + end],
    ['a bad header name', part('Content Disposition: form-data; name="a"', 'x') + end],
    ['a header without a colon', part('Content-Disposition form-data; name="a"', 'x') + end],
    ['spaces around a header name', part(' Content-Disposition : form-data; name="a"', 'x') + end],
    ['a quoted name with escapes', part('Content-Disposition: form-data; name="a%22b%0Ac"; filename="x%0D.txt"', 'x') + end],
    ['an unclosed quote', part('Content-Disposition: form-data; name="a', 'x') + end],
    ['filename* before filename', part("Content-Disposition: form-data; name=a; filename*=UTF-8''caf%C3%A9.txt; filename=\"plain.txt\"", 'x') + end],
    ['filename* in another charset', part("Content-Disposition: form-data; name=a; filename*=latin1''x.txt", 'x') + end],
    ['filename* with bad escapes', part("Content-Disposition: form-data; name=a; filename*=utf-8''%E0%A4%A", 'x') + end],
    ['a file without a content type', part('Content-Disposition: form-data; name="a"; filename=""', '') + end],
    ['a content type that is not ASCII', part('Content-Disposition: form-data; name="a"; filename="f"\r\nContent-Type: image/\xe9', 'x') + end],
    ['a base64 part', part('Content-Disposition: form-data; name="a"; filename="f"\r\nContent-Transfer-Encoding: base64', 'aGVsbG8=') + end],
    ['an unknown header and trailing spaces', part('X-Other: yes\r\nContent-Disposition: form-data; name="a"  \r\nContent-Type: text/x \t', 'x') + end],
    ['a byte-order mark in a field', part('Content-Disposition: form-data; name="a"', '\ufeffvalue') + end],
    ['invalid UTF-8 in a field', new Uint8Array([...Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n`), 0xff, 0xfe, ...Buffer.from(`\r\n${end}`)])],
    ['no CRLF after the boundary', `--${boundary}Content-Disposition: form-data; name="a"\r\n\r\nx\r\n${end}`],
    ['a body too short for its boundary', `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n--${boundary}--`],
    ['an attribute without a value', part('Content-Disposition: form-data; name="a"; hidden', 'x') + end],
    ['a token value with spaces after', part('Content-Disposition: form-data; name=a ; filename=b', 'x') + end],
    ['an empty body', ''],
  ])('%s', (_, body) => same(type, body));

  it.each([
    ['a quoted boundary', `multipart/form-data; boundary="${boundary}"`],
    ['the type in capitals and spaces', `  Multipart/Form-Data ;  BOUNDARY=${boundary}  `],
    ['no boundary parameter', 'multipart/form-data'],
    ['an empty quoted boundary', 'multipart/form-data; boundary=""'],
    ['a boundary given twice', `multipart/form-data; boundary=${boundary}; boundary=other`],
    ['a parameter without a value first', `multipart/form-data; charset; boundary=${boundary}`],
    ['a broken type', 'multipart/; boundary=x'],
    ['two values in one header', `multipart/form-data; boundary=${boundary}, text/plain`],
    ['a form in another encoding', 'application/x-www-form-urlencoded'],
    ['not a form at all', 'text/plain'],
  ])('with %s as its content type', (_, contentType) => same(contentType, part('Content-Disposition: form-data; name="a"', 'x') + end));
});
