// A query built and compiled once, then run many times with new values, as a
// named statement. Kysely builds a query as an immutable tree and compiles it
// with a visitor on every call; for the queries nearly every request runs
// (the token lookup, a recipe, a tag list) that was the largest share of our
// own code in a request's CPU profile. The builder is given placeholders
// instead of values; each run puts the values in their place in the compiled
// parameters. The SQL text stays the same string, which the pool
// (lib/database/pool.ts) sends as the statement of the given name, so
// PostgreSQL parses and plans it once per connection.
//
// A placeholder is a Kysely expression, not a value: it can only be sent as a
// parameter. Used to shape the query it fails, at type-check time where
// TypeScript can tell (`.where('id', 'in', p.ids)`, `sql.ref(p.column)`;
// `if (p.flag)` is an always-true condition to the linter), otherwise when
// the statement is compiled (a placeholder read but not sent, turned into
// text or a number, or written into the SQL with `sql.lit`).
import { type CompiledQuery, type Expression, type OperationNode, type QueryExecutorProvider, ValueNode } from 'kysely';
import type { Executor } from './pool.ts';
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
    throw new PlaceholderMisuseError(`p.${this.name} is used as a JavaScript value; a placeholder can only be sent as a parameter`);
  }
}

/** The builder's view of a statement's parameters. */
export type Placeholders<Params extends object> = { readonly [K in keyof Params]: Placeholder<Params[K]> };

/** A builder used a placeholder to shape its query: found when the statement is compiled. */
export class PlaceholderMisuseError extends Error {
  override name = 'PlaceholderMisuseError';
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
  return async (db, params) => {
    compiled ??= compile(name, db, build);
    const parameters = compiled.parameters.map((value) => (value instanceof Placeholder ? params[value.name as keyof Params] : value));
    const { rows } = await db.executeQuery<Row>({ ...compiled, parameters });
    return rows;
  };
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
    throw new PlaceholderMisuseError(`statement "${name}" reads ${unsent.map((key) => `p.${key}`).join(', ')} but does not send it as a parameter: a placeholder cannot decide the query's shape`);
  }
  if (selectsAll(compiled.query)) throw new Error(`statement "${name}" selects or returns *: name its columns`);
  nameStatement(name, compiled.sql);
  return compiled;
}

/** Whether an operation tree has a `*` column list anywhere. */
function selectsAll(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const { kind } = node as { kind?: unknown };
  if (kind === 'SelectAllNode') return true;
  // Values are data, not SQL (a Buffer would be walked byte by byte).
  if (kind === 'ValueNode' || kind === 'PrimitiveValueListNode') return false;
  return Object.values(node).some(selectsAll);
}
