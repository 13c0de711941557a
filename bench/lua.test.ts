import { describe, expect, it } from 'vitest';
import { luaString, wrkScript } from './lua.ts';
import { get, postJson, uniqueMarker } from './request.ts';

describe('luaString', () => {
  it('escapes quotes and backslashes, and writes other bytes as decimal escapes', () => {
    expect(luaString('a"b\\c\nè')).toBe('"a\\"b\\\\c\\010\\195\\168"');
  });
});

describe('wrkScript', () => {
  it('formats fixed requests once, with their headers', () => {
    const script = wrkScript([get('/api/user/me/', 'abc')]);
    expect(script).toContain('{ "GET", "/api/user/me/", { ["Authorization"] = "Token abc" }, nil },');
    expect(script).toContain('local unique = false');
  });

  it('replaces the unique marker on every send when a body holds it', () => {
    const script = wrkScript([postJson('/api/recipe/recipes/', { title: uniqueMarker })]);
    expect(script).toContain('local unique = true');
    expect(script).toContain('"{{unique}}"');
  });
});
