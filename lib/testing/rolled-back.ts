// A migration test runs down and up again on the data already there, then
// leaves the database as it found it: the work runs in a transaction that is
// always rolled back.
import { expect } from 'vitest';
import { type Executor, getDb } from '../database/pool.ts';

class RolledBack extends Error {}

/** Runs `work` in a transaction that is then rolled back, whatever it did; its own failures fail the test. */
export async function inRolledBackTransaction(work: (db: Executor) => Promise<void>): Promise<void> {
  await expect(getDb().transaction().execute(async (trx) => {
    await work(trx);
    throw new RolledBack();
  })).rejects.toBeInstanceOf(RolledBack);
}
