// A query built and compiled once, then run many times with new values, as a
// named statement. Kysely builds a query as an immutable tree and compiles it
// with a visitor on every call; for the queries nearly every request runs
// (the token lookup, a recipe, a tag list) that was the largest share of our
// own code in a request's CPU profile. The builder is given placeholders
// instead of values; each run puts the values in their place in the compiled
// parameters, and the SQL text goes straight to pg (queryRows in
// lib/database/pool.ts), past Kysely's executor. The text stays the same
// string, which the pool sends as the statement of the given name, so
// PostgreSQL parses and plans it once per connection.
//
// A placeholder is a Kysely expression, not a value: it can only be sent as a
// parameter. Used to shape the query it fails, at type-check time where
// TypeScript can tell (`.where('id', 'in', p.ids)`, `sql.ref(p.column)`;
// `if (p.flag)` is an always-true condition to the linter), otherwise when
// the statement is compiled (a placeholder read but not sent, turned into
// text or a number, written into the SQL with `sql.lit`, or ordered or
// grouped by).
import { type CompiledQuery, type Expression, type OperationNode, type QueryExecutorProvider, ValueNode } from 'kysely';
import { type Executor, queryRows } from './pool.ts';
import { assertStatementName, nameStatement } from './statement-names.ts';

/** What the builder receives for a value of type T: an expression standing for it. */
export class Placeholder<T> implements Expression<T> {
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  get expressionType(): T | undefined {
    return undefined;
  }

  toOperationNode(): OperationNode {
    return ValueNode.create(this);
  }

  // Comparing, adding or interpolating a placeholder in JavaScript would build
  // the query from a value it does not have yet.
  [Symbol.toPrimitive](): never {
    throw new PreparedStatementError(`p.${this.name} is used as a JavaScript value; a placeholder can only be sent as a parameter`);
  }
}

/** The builder's view of a statement's parameters. */
export type Placeholders<Params extends object> = { readonly [K in keyof Params]: Placeholder<Params[K]> };

/** A statement built to run wrong (a placeholder shaping the query, a `*`): found when it is compiled. */
export class PreparedStatementError extends Error {
  override name = 'PreparedStatementError';
}

/** A query builder or a `sql` template. */
interface Compilable<Row> {
  compile(executorProvider: QueryExecutorProvider): CompiledQuery<Row>;
}

/**
 * `build` receives the executor and a placeholder for each parameter
 * (declare them as `p: Placeholders<{ … }>`); the statement is compiled on
 * first use and named `name` (lower-case letters, digits, _).
 * It must name its columns: `select *` would change its result type when a
 * migration adds a column, which a prepared statement cannot survive.
 */
export function preparedQuery<Params extends object, Row>(
  name: string,
  build: (db: Executor, p: Placeholders<Params>) => Compilable<Row>,
): (db: Executor, params: Params) => Promise<Row[]> {
  assertStatementName(name);
  let compiled: CompiledQuery<Row> | undefined;
  // Not async: the query's own promise is the answer, without one around it.
  return (db, params) => {
    try {
      compiled ??= compile(name, db, build);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const parameters = compiled.parameters.map((value) => (value instanceof Placeholder ? params[value.name as keyof Params] : value));
    return queryRows<Row>(db, compiled.sql, parameters);
  };
}

/** The first of a statement's rows (undefined for none): `statement(db, params).then(firstRow)`, one promise where an async function makes two. */
export function firstRow<Row>(rows: readonly Row[]): Row | undefined {
  return rows[0];
}

function compile<Params extends object, Row>(name: string, db: Executor, build: (db: Executor, p: Placeholders<Params>) => Compilable<Row>): CompiledQuery<Row> {
  const read = new Set<string>();
  const placeholders = new Proxy({} as Placeholders<Params>, {
    get: (_target, key) => {
      if (typeof key !== 'string') return undefined;
      read.add(key);
      return new Placeholder(key);
    },
  });
  const compiled = build(db, placeholders).compile(db);
  const sent = new Set(compiled.parameters.flatMap((value) => (value instanceof Placeholder ? [value.name] : [])));
  const unsent = [...read].filter((key) => !sent.has(key));
  if (unsent.length > 0) {
    throw new PreparedStatementError(`statement "${name}" reads ${unsent.map((key) => `p.${key}`).join(', ')} but does not send it as a parameter: a placeholder cannot decide the query's shape`);
  }
  const problem = problemIn(compiled.query);
  if (problem !== undefined) throw new PreparedStatementError(`statement "${name}" ${problem}`);
  nameStatement(name, compiled.sql);
  return compiled;
}

/** What a prepared statement's operation tree must not hold: `*`, or a placeholder to order or group by. */
function problemIn(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const { kind, selection, orderBy, groupBy } = node as { kind?: unknown; selection?: unknown; orderBy?: unknown; groupBy?: unknown };
  // `select *`, `select t.*`, `returning *`.
  if (kind === 'SelectionNode' && isAllColumns(selection)) return 'selects or returns *: name its columns';
  // A parameter is one value for every row: ordering by it orders nothing.
  if ((kind === 'OrderByItemNode' && isPlaceholderNode(orderBy)) || (kind === 'GroupByItemNode' && isPlaceholderNode(groupBy))) {
    return 'orders or groups by a placeholder, which is one value for every row: name the column in the SQL';
  }
  // Values are data, not SQL (a Buffer would be walked byte by byte).
  if (kind === 'ValueNode' || kind === 'PrimitiveValueListNode') return undefined;
  for (const [key, child] of Object.entries(node)) {
    // count(*) is one column whatever the table has.
    if (kind === 'AggregateFunctionNode' && key === 'aggregated' && isCountAll(node)) continue;
    const problem = problemIn(child);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function isAllColumns(node: unknown): boolean {
  const { kind, column } = node as { kind?: unknown; column?: { kind?: unknown } };
  return kind === 'SelectAllNode' || (kind === 'ReferenceNode' && column?.kind === 'SelectAllNode');
}

function isCountAll(node: object): boolean {
  const { aggregated } = node as { aggregated?: readonly { kind?: unknown; selection?: unknown }[] };
  return aggregated?.length === 1 && aggregated[0]?.kind === 'SelectionNode' && isAllColumns(aggregated[0].selection);
}

function isPlaceholderNode(node: unknown): boolean {
  return typeof node === 'object' && node !== null && ValueNode.is(node as OperationNode) && (node as ValueNode).value instanceof Placeholder;
}
