// An id in a path: parseId (which pathParams uses) accepts exactly what the
// documented schema accepts.
import { describe, expect, it } from 'vitest';
import { idParams, parseId } from './params.ts';

const texts = ['1', '42', '9007199254740991', '9007199254740992', '9999999999999999', '10000000000000000', '0', '01', '+5', '-5', ' 5', '5 ', '5.0', '1e3', '0x10', 'abc', '', '５', '٣', '12a'];

describe('parseId', () => {
  it.each(texts)('agrees with the documented schema on %j', (text) => {
    const parsed = idParams.safeParse({ id: text });
    expect(parseId(text)).toBe(parsed.success ? parsed.data.id : undefined);
  });

  it('takes plain ids and refuses the rest', () => {
    expect(parseId('42')).toBe(42);
    expect(parseId('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseId('9007199254740992')).toBeUndefined();
    expect(parseId('042')).toBeUndefined();
  });
});
