import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from './options.ts';

describe('parseBenchOptions', () => {
  it('runs every case for 10 s on 32 connections by default', () => {
    expect(parseBenchOptions([])).toEqual({ duration: '10s', connections: 32, only: [], soak: false });
  });

  it('soaks for 60 s on 64 connections unless told otherwise', () => {
    expect(parseBenchOptions(['--soak'])).toEqual({ duration: '60s', connections: 64, only: [], soak: true });
    expect(parseBenchOptions(['--soak', '--duration', '5m', '--connections', '16'])).toMatchObject({ duration: '5m', connections: 16 });
  });

  it('refuses --only with --soak, whose mix is fixed', () => {
    expect(() => parseBenchOptions(['--soak', '--only', 'list'])).toThrow(/--only does not apply to --soak/);
  });
});
