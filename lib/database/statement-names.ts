// The statements prepared on purpose, by their SQL text. A named statement is
// parsed and planned once per connection and then kept by the server until
// the connection closes, so only the hot paths are named (each a
// preparedQuery, declared once at module level); every other query is sent
// unnamed and forgotten when it has run. The bound below is what a connection
// keeps at most.

/** The most statements a connection prepares; a preparedQuery made per request would pass it. */
export const maxNamedStatements = 64;

const names = new Map<string, string>();
const texts = new Map<string, string>();

/** Valid as a PostgreSQL statement name (63 bytes at most) and readable in pg_prepared_statements. */
export function assertStatementName(name: string): void {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`statement name "${name}": use lower-case letters, digits and _, 63 at most`);
}

/** Names the statement with this text; one name per text and one text per name. */
export function nameStatement(name: string, text: string): void {
  const knownText = texts.get(name);
  if (knownText === text) return;
  if (knownText !== undefined) throw new Error(`statement name "${name}" is already used for another statement`);
  const knownName = names.get(text);
  if (knownName !== undefined) throw new Error(`statement "${name}" is the same SQL as "${knownName}": use that one`);
  if (names.size >= maxNamedStatements) throw new Error(`more than ${maxNamedStatements} named statements: prepare only the hot paths, once each at module level`);
  names.set(text, name);
  texts.set(name, text);
}

/** The name of a statement prepared on purpose; undefined for any other SQL. */
export function statementName(text: string): string | undefined {
  return names.get(text);
}
