// Every user as a choice, by email: a recipe's owner field and the lists'
// owner filter.
import type { Executor } from '../database/pool.ts';
import { userChoices } from '../repositories/users.ts';
import type { Filter, ListState } from './change-list.ts';
import type { Choice } from './html.ts';

export async function ownerChoices(db: Executor): Promise<Choice[]> {
  return (await userChoices(db)).map(({ id, email }) => ({ value: String(id), label: email }));
}

/** The lists' "Owner" filter (`?owner=`). */
export async function ownerFilter(db: Executor): Promise<Filter> {
  return { name: 'owner', label: 'Owner', choices: await ownerChoices(db) };
}

/** The owner the list is filtered by, if any. */
export function chosenOwner(state: ListState): number | undefined {
  return state.filters.owner === undefined ? undefined : Number(state.filters.owner);
}
