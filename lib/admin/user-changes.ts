// The admin's changes to users, each in one transaction with its admin log
// entry, so that neither is kept without the other.
import * as adminLog from '../repositories/admin-log.ts';
import { getDb } from '../database/pool.ts';
import * as users from '../repositories/users.ts';
import { changeMessage } from './history.ts';
import { changedLabels, type UserFormValues } from './user-pages.ts';

type StaffMember = adminLog.LogEntry['by'];

export function addUser(by: StaffMember, user: users.NewUser): Promise<users.User> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const created = await users.createUser(trx, user);
      await adminLog.record(trx, { by, objectType: 'user', objectId: created.id, objectRepr: created.email, action: 'added' });
      return created;
    });
}

/** The user as changed (as it was, if it went meanwhile). */
export function changeUser(by: StaffMember, user: users.User, values: UserFormValues): Promise<users.User> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const updated = await users.updateUser(trx, user.id, values);
      const message = changeMessage(changedLabels(user, values));
      await adminLog.record(trx, { by, objectType: 'user', objectId: user.id, objectRepr: updated?.email ?? user.email, action: 'changed', message });
      return updated ?? user;
    });
}

export function changePassword(by: StaffMember, user: users.User, password: string): Promise<void> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      await users.setPassword(trx, user.id, password);
      await adminLog.record(trx, { by, objectType: 'user', objectId: user.id, objectRepr: user.email, action: 'changed', message: 'Changed password.' });
    });
}

/** The images of the user's recipes, for the caller to remove once this has committed. */
export async function deleteUser(by: StaffMember, user: users.User): Promise<string[]> {
  const { images } = await getDb()
    .transaction()
    .execute(async (trx) => {
      // The entry first: a staff member deleting their own account takes its id with it.
      await adminLog.record(trx, { by, objectType: 'user', objectId: user.id, objectRepr: user.email, action: 'deleted' });
      return users.deleteUser(trx, user.id);
    });
  return images;
}
