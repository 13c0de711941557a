import { describe, expect, it } from 'vitest';
import { inTurns } from './rounds.ts';

describe('inTurns', () => {
  it('reverses every other round, so with an even number each item has as many early slots as late ones', () => {
    expect(inTurns(['ours', 'baseline'], 1)).toEqual(['ours', 'baseline']);
    expect(inTurns(['ours', 'baseline'], 2)).toEqual(['ours', 'baseline', 'baseline', 'ours']);
    expect(inTurns(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c', 'c', 'b', 'a', 'a', 'b', 'c']);
  });

  it('leaves the items it is given as they are', () => {
    const items = ['a', 'b'] as const;
    inTurns(items, 2);
    expect(items).toEqual(['a', 'b']);
  });
});
