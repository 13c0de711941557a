// A query built and compiled once, then run many times with new values.
// Kysely builds a query as an immutable tree and compiles it with a visitor on
// every call; for the queries nearly every request runs (the token lookup, a
// recipe, a tag list) that was the largest share of our own code in a
// request's CPU profile. The builder is given placeholders instead of values;
// each run puts the values in their place in the compiled parameters. The SQL
// text stays the same string, which lib/database/pool.ts sends as a named statement.
import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './pool.ts';

class Placeholder {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

/**
 * `build` receives the executor and an object whose every property is a
 * placeholder for the value of that name; it must use them only as values
 * (what Kysely sends as parameters), never to decide the query's shape.
 */
export function preparedQuery<Params extends object, Row>(
  build: (db: Executor, params: Params) => Compilable<Row>,
): (db: Executor, params: Params) => Promise<Row[]> {
  let compiled: CompiledQuery<Row> | undefined;
  return async (db, params) => {
    // Every property read gives a placeholder; the builder's types say which names it reads.
    compiled ??= build(db, new Proxy({}, { get: (_target, name) => new Placeholder(String(name)) }) as Params).compile();
    const parameters = compiled.parameters.map((value) => (value instanceof Placeholder ? params[value.name as keyof Params] : value));
    const { rows } = await db.executeQuery<Row>({ ...compiled, parameters });
    return rows;
  };
}
