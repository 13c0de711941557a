// The admin's lists, a page at a time.
import type { SelectQueryBuilder } from 'kysely';

export interface Page<Row> {
  readonly rows: Row[];
  readonly hasNext: boolean;
}

/**
 * Page `page` (counted from 1) of an ordered query, `perPage` rows. One row
 * more than a page is read: it tells whether there is a next one.
 */
export async function readPage<DB, TB extends keyof DB, Row>(ordered: SelectQueryBuilder<DB, TB, Row>, page: number, perPage: number): Promise<Page<Row>> {
  const rows = await ordered.offset((page - 1) * perPage).limit(perPage + 1).execute();
  return { rows: rows.slice(0, perPage), hasNext: rows.length > perPage };
}
