// One run of a query with parameters, given to a pg client as its own
// query: by name for the statements prepared on purpose (statement-names.ts),
// unnamed otherwise. pg's Query asks the server to describe the result's
// columns on every run, and builds an event emitter, a Result and a parser
// per column for it each time: for a token lookup that was a third of its
// CPU in Node. A named statement's columns cannot change while a connection
// keeps it (PostgreSQL refuses to run it then: "cached plan must not change
// result type"), so a named run describes them only when it parses the
// statement on its connection, and otherwise builds its rows from the
// columns that description gave. An unnamed run is parsed and described
// every time, as pg's.
// pg ships no types for its utils; the declaration sits beside this file, and
// is referenced here so that every project compiling this file (deploy/ too)
// finds it, not only the one whose tsconfig happens to include it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./pg-utils.d.ts" />
import pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';

/** What a run reads of pg's connection (pg/lib/connection.js; its types leave these out). */
interface ProtocolConnection extends pg.Connection {
  readonly parsedStatements: Record<string, string | undefined>;
  readonly submittedNamedStatements: Record<string, string | undefined>;
  sendCopyFail(message: string): void;
}

/** The columns of a statement's rows. */
interface Columns {
  readonly names: readonly string[];
  readonly parsers: readonly ((text: string) => unknown)[];
  /** A row with every column null, copied for each row: rows of one shape are fast to read and to serialise. */
  readonly empty: Readonly<Record<string, null>>;
}

/** What Kysely's pg driver reads of a result. */
export interface RunResult<Row> {
  readonly command: string;
  readonly rowCount: number | null;
  readonly rows: Row[];
}

const columnsByName = new Map<string, Columns>();

// pg-types declares the OIDs it knows as an enum and its parsers as any.
const getTypeParser = pg.types.getTypeParser as (oid: number, format: 'text') => (text: string) => unknown;

function columnsOf(fields: readonly { readonly name: string; readonly dataTypeID: number }[]): Columns {
  return {
    names: fields.map(({ name }) => name),
    parsers: fields.map(({ dataTypeID }) => getTypeParser(dataTypeID, 'text')),
    // fromEntries: a column named __proto__ stays a column.
    empty: Object.fromEntries(fields.map(({ name }) => [name, null])),
  };
}

/** Runs `text` as the statement `name` on the client ('': unnamed, parsed and described each time); rejects with pg's error as its own queries do. */
export function runStatement<Row>(client: pg.Client, name: string, text: string, values: readonly unknown[]): Promise<RunResult<Row>> {
  return new Promise((resolve, reject) => {
    submitStatement<Row>(client, name, text, values, (outcome) => {
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    });
  });
}

/** What a run calls back once with: its result, or an Error (pg's own, with a stack that leads to the caller). */
export type StatementCallback<Row> = (outcome: RunResult<Row> | Error) => void;

/** runStatement's callback form, for a caller that makes one promise of a checkout and its query (queryRows). */
export function submitStatement<Row>(client: pg.Client, name: string, text: string, values: readonly unknown[], callback: StatementCallback<Row>): void {
  void client.query(new StatementRun<Row>(name, text, values, callback));
}

const ignore = () => {};

// The methods pg's client calls on its active query (pg/lib/client.js);
// `name` and `text` are read by it too, to keep track of what is parsed.
class StatementRun<Row> implements pg.Submittable {
  readonly name: string;
  readonly text: string;
  readonly #values: readonly unknown[];
  #callback: StatementCallback<Row>;
  #columns: Columns | undefined;
  readonly #rows: Row[] = [];
  #command = '';
  #rowCount: number | null = null;
  #failure: unknown;

  constructor(name: string, text: string, values: readonly unknown[], callback: StatementCallback<Row>) {
    this.name = name;
    this.text = text;
    this.#values = values;
    this.#callback = callback;
  }

  // Returns an error instead of sending when it cannot run (pg then fails it).
  submit(connection: pg.Connection): Error | null {
    const protocol = connection as ProtocolConnection;
    const known = this.name === '' ? undefined : (protocol.parsedStatements[this.name] ?? protocol.submittedNamedStatements[this.name]);
    if (known !== undefined && known !== this.text) return new Error(`statement "${this.name}" is prepared on this connection for other SQL`);
    let values;
    try {
      values = this.#values.map((value) => prepareValue(value));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    // The messages leave in one write.
    protocol.stream.cork();
    try {
      if (known === undefined) {
        protocol.parse({ name: this.name, text: this.text, types: [] }, false);
        if (this.name !== '') protocol.submittedNamedStatements[this.name] = this.text;
      } else {
        this.#columns = columnsByName.get(this.name);
      }
      protocol.bind({ statement: this.name, values }, false);
      if (this.#columns === undefined) protocol.describe({ type: 'P' }, false);
      protocol.execute({}, false);
      protocol.sync();
    } finally {
      protocol.stream.uncork();
    }
    return null;
  }

  handleRowDescription(message: { readonly fields: readonly { readonly name: string; readonly dataTypeID: number }[] }): void {
    this.#columns = columnsOf(message.fields);
    if (this.name !== '') columnsByName.set(this.name, this.#columns);
  }

  handleDataRow(message: { readonly fields: readonly (string | null)[] }): void {
    if (this.#failure !== undefined) return;
    const columns = this.#columns;
    if (columns === undefined) {
      this.#failure = new Error(`statement "${this.name}" sent rows before its columns were described`);
      return;
    }
    const row: Record<string, unknown> = { ...columns.empty };
    const { fields } = message;
    try {
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i];
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- one parser and one name per described column
        if (field !== null && field !== undefined) row[columns.names[i]!] = columns.parsers[i]!(field);
      }
    } catch (error) {
      this.#failure = error;
      return;
    }
    this.#rows.push(row as Row);
  }

  handleCommandComplete(message: { readonly text: string }): void {
    // "SELECT 3", "UPDATE 3", "INSERT 0 3": the command, then the row count last.
    const words = message.text.split(' ');
    this.#command = words[0] ?? '';
    const count = Number(words.at(-1));
    this.#rowCount = words.length > 1 && Number.isInteger(count) ? count : null;
  }

  handleEmptyQuery(): void {}

  handlePortalSuspended(): void {}

  handleError(error: unknown): void {
    this.#finish(this.#failure ?? error);
  }

  handleReadyForQuery(): void {
    if (this.#failure !== undefined) this.#finish(this.#failure);
    else this.#finish(undefined, { command: this.#command, rowCount: this.#rowCount, rows: this.#rows });
  }

  handleCopyInResponse(connection: pg.Connection): void {
    (connection as ProtocolConnection).sendCopyFail('a query with parameters sends no COPY data');
  }

  handleCopyData(): void {}

  // pg may report an error and then the end of the run: the caller hears once.
  #finish(error: unknown, result?: RunResult<Row>): void {
    const callback = this.#callback;
    this.#callback = ignore;
    if (result !== undefined) callback(result);
    else if (error instanceof Error) {
      // As pg's own: a stack that leads to the caller, not to the socket.
      Error.captureStackTrace(error);
      callback(error);
    } else callback(new Error('the database connection failed', { cause: error }));
  }
}
