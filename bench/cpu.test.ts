import { describe, expect, it } from 'vitest';
import { parseProcStat, treeCpuSeconds } from './cpu.ts';

describe('parseProcStat', () => {
  it('reads the parent pid and utime + stime (clock ticks) as seconds', () => {
    const stat = '4242 (node) S 4200 4242 4200 0 -1 4194560 9000 0 0 0 1234 567 0 0 20 0 11 0 5000 1000000 25000';
    expect(parseProcStat(stat)).toEqual({ ppid: 4200, seconds: 18.01 });
  });

  it('is not thrown off by spaces and parentheses in the command name', () => {
    const stat = '77 (node (worker) 2) R 1 77 1 0 -1 0 0 0 0 0 300 100 0 0 20 0 1 0 10 0 0';
    expect(parseProcStat(stat)).toEqual({ ppid: 1, seconds: 4 });
  });

  it('refuses a line it cannot read', () => {
    expect(() => parseProcStat('garbage')).toThrow(/unreadable/);
  });
});

describe('treeCpuSeconds', () => {
  it('grows as this process works, and is null for a process that does not exist', async () => {
    const before = await treeCpuSeconds(process.pid);
    // Work until Node itself counts 60 ms of CPU (not of wall time, which a
    // busy machine may spend without running us), over several clock ticks.
    const start = process.cpuUsage();
    const spentMs = () => {
      const { user, system } = process.cpuUsage(start);
      return (user + system) / 1000;
    };
    while (spentMs() < 60) Math.sqrt(Math.random());
    const after = await treeCpuSeconds(process.pid);
    expect(before).not.toBeNull();
    expect(after).toBeGreaterThan(before ?? Infinity);
    expect(await treeCpuSeconds(2 ** 31 - 1)).toBeNull();
  });
});
