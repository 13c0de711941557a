import { describe, expect, it } from 'vitest';
import { get } from './request.ts';
import { describeMix, mixRequests, soakMix, spread } from './soak-mix.ts';

describe('spread', () => {
  it('gives the soak mix 20 turns, each kind its share, spread over the round', () => {
    const turns = spread(soakMix);
    expect(turns).toHaveLength(20);
    const count = (name: string) => turns.filter((turn) => turn === name).length;
    expect([count('list'), count('detail'), count('me'), count('tags'), count('create')]).toEqual([8, 5, 3, 2, 2]);
    // Every kind comes up in the first half, and no kind takes more than two turns in a row.
    expect(new Set(turns.slice(0, 10)).size).toBe(5);
    expect(turns.join(' ')).not.toMatch(/\b(\w+) \1 \1\b/);
  });

  it('keeps equal shares alternating, in the order given', () => {
    expect(spread([{ name: 'a', percent: 50 }, { name: 'b', percent: 50 }])).toEqual(['a', 'b']);
  });

  it('refuses a share that is not a positive whole number', () => {
    expect(() => spread([{ name: 'a', percent: 0 }])).toThrow(/positive whole/);
  });
});

describe('mixRequests', () => {
  const mix = [{ name: 'read', percent: 75 }, { name: 'write', percent: 25 }];
  const requests = (name: string, count: number) => Array.from({ length: count }, (_, i) => get(`/${name}/${i}`));

  it('takes each kind in turn and runs long enough for the longest kind to come up whole', () => {
    const paths = mixRequests(mix, new Map([['read', requests('read', 6)], ['write', requests('write', 1)]])).map((r) => r.path);
    expect(paths).toEqual(['/read/0', '/read/1', '/write/0', '/read/2', '/read/3', '/read/4', '/write/0', '/read/5']);
  });

  it('stops the benchmark when a kind has no requests', () => {
    expect(() => mixRequests(mix, new Map([['read', requests('read', 1)]]))).toThrow(/no write requests/);
  });
});

describe('describeMix', () => {
  it('names the shares for the report', () => {
    expect(describeMix(soakMix)).toBe('40% list, 25% detail, 15% me, 10% tags, 10% create');
  });
});
