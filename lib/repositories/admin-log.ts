// The admin log repository (Django's LogEntry): what a staff member added,
// changed or deleted in the admin, shown on each object's "History" page.
import type { AdminLogAction, AdminLogObjectType, AdminLogRow } from '../../db/schema.ts';
import type { Executor } from '../database/pool.ts';

export type { AdminLogAction, AdminLogObjectType, AdminLogRow };

export interface LogEntry {
  readonly by: { readonly id: number; readonly email: string };
  readonly objectType: AdminLogObjectType;
  readonly objectId: number;
  readonly objectRepr: string;
  readonly action: AdminLogAction;
  readonly message?: string;
}

/** Records entries; run it in the transaction of the change it records, so neither goes without the other. */
export async function record(db: Executor, ...entries: readonly LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('admin_log')
    .values(
      entries.map((entry) => ({
        user_id: entry.by.id,
        user_email: entry.by.email,
        object_type: entry.objectType,
        object_id: entry.objectId,
        object_repr: entry.objectRepr,
        action: entry.action,
        change_message: entry.message ?? '',
      })),
    )
    .execute();
}

/** An object's history, oldest first (as Django's history page lists it). */
export function historyOf(db: Executor, objectType: AdminLogObjectType, objectId: number): Promise<AdminLogRow[]> {
  return db.selectFrom('admin_log').selectAll().where('object_type', '=', objectType).where('object_id', '=', objectId).orderBy('id').execute();
}

/** The newest entries of everyone's, newest first: the dashboard's "Recent actions". */
export function recentEntries(db: Executor, limit: number): Promise<AdminLogRow[]> {
  return db.selectFrom('admin_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
