import { describe, expect, it, vi } from 'vitest';
import { waitForDb, type WaitForDbDeps } from './wait-for-db.ts';

function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}
function startingUp(): Error {
  return Object.assign(new Error('the database system is starting up'), { code: '57P03' });
}

function fakeDeps(outcomes: (Error | 'ok')[]) {
  let clock = 0;
  const lines: string[] = [];
  const deps = {
    check: vi.fn(() => {
      const outcome = outcomes.shift();
      return outcome === 'ok' ? Promise.resolve() : Promise.reject(outcome ?? connectionRefused());
    }),
    // No real waiting: the fake sleep only moves the fake clock.
    sleep: vi.fn((ms: number) => {
      clock += ms;
      return Promise.resolve();
    }),
    write: (line: string) => { lines.push(line); },
    now: () => clock,
  } satisfies WaitForDbDeps;
  return { deps, lines };
}

describe('waitForDb', () => {
  it('returns at once when the database is ready', async () => {
    const { deps, lines } = fakeDeps(['ok']);
    expect(await waitForDb(deps)).toBe(true);
    expect(deps.check).toHaveBeenCalledTimes(1);
    expect(deps.sleep).not.toHaveBeenCalled();
    expect(lines).toEqual(['Waiting for database...', 'Database available!']);
  });

  it('retries through refused connections and "starting up" errors', async () => {
    const { deps, lines } = fakeDeps([connectionRefused(), connectionRefused(), startingUp(), startingUp(), startingUp(), 'ok']);
    expect(await waitForDb(deps)).toBe(true);
    expect(deps.check).toHaveBeenCalledTimes(6);
    expect(deps.sleep).toHaveBeenCalledTimes(5);
    expect(deps.sleep).toHaveBeenCalledWith(1000);
    expect(lines.at(-1)).toBe('Database available!');
  });

  it('gives up when the timeout passes first', async () => {
    const { deps, lines } = fakeDeps([]);
    expect(await waitForDb(deps, 3000)).toBe(false);
    expect(deps.check).toHaveBeenCalledTimes(4);
    expect(deps.sleep).toHaveBeenCalledTimes(3);
    expect(lines.at(-1)).toBe('Database unavailable, giving up.');
  });

  it('does not retry an error that waiting cannot fix', async () => {
    const badPassword = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    const { deps } = fakeDeps([badPassword]);
    await expect(waitForDb(deps)).rejects.toThrow('password authentication failed');
    expect(deps.sleep).not.toHaveBeenCalled();
  });
});
