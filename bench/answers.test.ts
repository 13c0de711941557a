import { describe, expect, it } from 'vitest';
import { answerDifference, type ServerAnswer } from './answers.ts';

const ours = (text: string, more: Partial<ServerAnswer> = {}): ServerAnswer => ({ status: 200, contentType: 'application/json', text, origin: 'http://127.0.0.1:8000', unique: 'o-1', ...more });
const baseline = (text: string, more: Partial<ServerAnswer> = {}): ServerAnswer => ({ status: 200, contentType: 'application/json', text, origin: 'http://127.0.0.1:9000', unique: 'b-1', ...more });

describe('answerDifference', () => {
  it('accepts equal answers, each with its own origin and unique value', () => {
    const page = (origin: string, unique: string) => JSON.stringify({ count: 1, next: `${origin}/api/recipe/recipes/?limit=1&offset=1`, results: [{ id: 5, title: `load ${unique}` }] });
    expect(answerDifference(ours(page('http://127.0.0.1:8000', 'o-1')), baseline(page('http://127.0.0.1:9000', 'b-1')), false)).toBeNull();
  });

  it('names the status, the content type or the first value that differs', () => {
    expect(answerDifference(ours('{}'), baseline('{}', { status: 201 }), false)).toBe('status: ours 200, baseline 201');
    expect(answerDifference(ours('{}'), baseline('{}', { contentType: 'text/plain' }), false)).toMatch(/^content-type/);
    expect(answerDifference(ours('[{"id":1,"tags":[{"id":2}]}]'), baseline('[{"id":1,"tags":[{"id":3}]}]'), false)).toBe('body[0].tags[0].id: ours 2, baseline 3');
    expect(answerDifference(ours('5'), baseline('"5"'), false)).toBe('body: ours 5, baseline "5"');
  });

  it('counts key order, as the wire does', () => {
    expect(answerDifference(ours('{"email":"a","name":"b"}'), baseline('{"name":"b","email":"a"}'), false)).toMatch(/^body: keys ours \[email,name\], baseline \[name,email\]/);
  });

  it('after a write, lets ids and tokens differ but not their type or anything else', () => {
    expect(answerDifference(ours('{"id":7,"tags":[{"id":8,"name":"x"}]}'), baseline('{"id":9,"tags":[{"id":10,"name":"x"}]}'), true)).toBeNull();
    expect(answerDifference(ours('{"token":"ab"}'), baseline('{"token":"cd"}'), true)).toBeNull();
    expect(answerDifference(ours('{"id":7}'), baseline('{"id":"7"}'), true)).toBe('body.id: ours "{{id}}", baseline "7"');
    expect(answerDifference(ours('{"id":7,"price":"1.00"}'), baseline('{"id":9,"price":"1.0"}'), true)).toBe('body.price: ours "1.00", baseline "1.0"');
    expect(answerDifference(ours('{"id":7}'), baseline('{"id":9}'), false)).toBe('body.id: ours 7, baseline 9');
  });
});
