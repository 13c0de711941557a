import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from './options.ts';

describe('parseBenchOptions', () => {
  it('runs every case for 10 s on 32 connections by default', () => {
    expect(parseBenchOptions([])).toEqual({ duration: '10s', warmUp: '3s', connections: 32, only: [], soak: false, cpuProf: false, perfMap: false, nodeFlags: [], cold: false, runs: 10, baseline: false, first: 'ours', rounds: 1 });
  });

  it('soaks for 60 s on 64 connections unless told otherwise', () => {
    expect(parseBenchOptions(['--soak'])).toEqual({ duration: '60s', warmUp: null, connections: 64, only: [], soak: true, cpuProf: false, perfMap: false, nodeFlags: [], cold: false, runs: 10, baseline: false, first: 'ours', rounds: 1 });
    expect(parseBenchOptions(['--soak', '--duration', '5m', '--connections', '16'])).toMatchObject({ duration: '5m', connections: 16 });
  });

  it('takes --cpu-prof with the cases and with --soak', () => {
    expect(parseBenchOptions(['--only', 'me', '--cpu-prof'])).toMatchObject({ only: ['me'], cpuProf: true });
    expect(parseBenchOptions(['--soak', '--cpu-prof'])).toMatchObject({ soak: true, cpuProf: true });
    expect(parseBenchOptions(['--baseline', '--perf-map'])).toMatchObject({ baseline: true, perfMap: true });
    expect(parseBenchOptions(['--soak', '--node-flag=--max-old-space-size=64', '--node-flag=--optimize-for-size'])).toMatchObject({ nodeFlags: ['--max-old-space-size=64', '--optimize-for-size'] });
    expect(() => parseBenchOptions(['--node-flag=--a --b'])).toThrow(/expected one node flag/);
    expect(() => parseBenchOptions(['--node-flag=-e'])).toThrow(/expected one node flag/);
    expect(parseBenchOptions(['--cold', '--only', 'health-check,recipe-list'])).toMatchObject({ cold: true, only: ['health-check', 'recipe-list'] });
    expect(() => parseBenchOptions(['--cold', '--soak'])).toThrow(/one at a time/);
    expect(parseBenchOptions(['--cold', '--runs', '30'])).toMatchObject({ cold: true, runs: 30 });
    expect(() => parseBenchOptions(['--cold', '--runs', '0'])).toThrow(/--runs: expected a positive integer/);
    expect(() => parseBenchOptions(['--runs', '5'])).toThrow(/--runs counts the cold starts of --cold/);
  });

  it('takes --baseline with the cases only', () => {
    expect(parseBenchOptions(['--baseline', '--only', 'me,list'])).toMatchObject({ baseline: true, only: ['me', 'list'] });
    expect(() => parseBenchOptions(['--baseline', '--soak'])).toThrow(/--baseline compares the cases/);
    expect(() => parseBenchOptions(['--baseline', '--cold'])).toThrow(/--baseline compares the cases/);
  });

  it('orders the servers of --baseline from the first case on, ours first unless told', () => {
    expect(parseBenchOptions(['--baseline'])).toMatchObject({ first: 'ours' });
    expect(parseBenchOptions(['--baseline', '--first', 'baseline'])).toMatchObject({ first: 'baseline' });
    expect(() => parseBenchOptions(['--baseline', '--first', 'bare'])).toThrow(/--first: expected ours or baseline/);
    expect(() => parseBenchOptions(['--first', 'baseline'])).toThrow(/--first orders the servers of --baseline/);
  });

  it('measures each case once, or in two rounds against the baseline, unless told how many', () => {
    expect(parseBenchOptions(['--only', 'list'])).toMatchObject({ rounds: 1 });
    expect(parseBenchOptions(['--baseline'])).toMatchObject({ rounds: 2 });
    expect(parseBenchOptions(['--baseline', '--rounds', '4'])).toMatchObject({ rounds: 4 });
    expect(parseBenchOptions(['--only', 'list,big-search', '--rounds', '2'])).toMatchObject({ rounds: 2 });
    expect(() => parseBenchOptions(['--baseline', '--rounds', '0'])).toThrow(/--rounds: expected a positive integer/);
    expect(() => parseBenchOptions(['--rounds', 'two'])).toThrow(/--rounds: expected a positive integer/);
    expect(() => parseBenchOptions(['--soak', '--rounds', '2'])).toThrow(/--rounds is for the cases/);
    expect(() => parseBenchOptions(['--cold', '--rounds', '2'])).toThrow(/--rounds is for the cases/);
  });

  it('warms each case up for 3 s unless told a time or 0, and only the cases', () => {
    expect(parseBenchOptions(['--warm-up', '5s'])).toMatchObject({ warmUp: '5s' });
    expect(parseBenchOptions(['--baseline', '--warm-up', '0'])).toMatchObject({ warmUp: null });
    expect(() => parseBenchOptions(['--warm-up', 'soon'])).toThrow(/--warm-up: expected e.g. 3s, or 0 for none/);
    expect(() => parseBenchOptions(['--soak', '--warm-up', '5s'])).toThrow(/--warm-up is for the cases/);
  });

  it('refuses --only with --soak, whose mix is fixed', () => {
    expect(() => parseBenchOptions(['--soak', '--only', 'list'])).toThrow(/--only does not apply to --soak/);
  });
});
