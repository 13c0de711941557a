// The baseline's database access: a plain pg pool that sends our statements
// the way lib/database/pool.ts does (named prepared statements, the four
// protocol messages corked into one write, int8 as a number), so both
// servers make the same round trips and the database does the same work.
import { createHash } from 'node:crypto';
import pg from 'pg';

pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface Database {
  /** Runs `text` with `values` as a named statement (unnamed without values, as ours). */
  rows<Row>(text: string, values: readonly unknown[]): Promise<Row[]>;
  end(): Promise<void>;
}

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `q${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

export function connect(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {
    // a dropped idle connection: the pool replaces it
  });
  return {
    async rows<Row>(text: string, values: readonly unknown[]) {
      const client = await pool.connect();
      try {
        const { stream } = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection;
        stream.cork();
        let pending;
        try {
          pending = values.length === 0 ? client.query(text) : client.query({ name: statementName(text), text, values: [...values] });
        } finally {
          stream.uncork();
        }
        return (await pending).rows as Row[];
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}
