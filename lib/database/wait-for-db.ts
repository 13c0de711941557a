// The course's wait_for_db: retry once a second while PostgreSQL refuses
// connections or says it is still starting up (SQLSTATE 57P03).
import { isDatabaseUnavailable } from './unavailable.ts';

export interface WaitForDbDeps {
  /** Resolves when the database answers; rejects with the driver's error otherwise. */
  check(): Promise<unknown>;
  sleep(ms: number): Promise<unknown>;
  write(line: string): void;
  now(): number;
}

/** True once the database answers; false when `timeoutMs` passes first. Other errors (a wrong password) are thrown. */
export async function waitForDb(deps: WaitForDbDeps, timeoutMs = Number.POSITIVE_INFINITY, intervalMs = 1000): Promise<boolean> {
  deps.write('Waiting for database...');
  const deadline = deps.now() + timeoutMs;
  for (;;) {
    try {
      await deps.check();
      deps.write('Database available!');
      return true;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (deps.now() + intervalMs > deadline) {
        deps.write('Database unavailable, giving up.');
        return false;
      }
      deps.write('Database unavailable, waiting 1 second...');
      await deps.sleep(intervalMs);
    }
  }
}
