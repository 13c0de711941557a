// The database the build's warm-up request talks to (lib/build/bundle.ts):
// a stand-in speaking PostgreSQL's protocol on 127.0.0.1, so that the code
// cache also holds what a first request runs once its connection is made
// (pg's SCRAM exchange, sending a query, reading its rows, the type
// parsers, and the function's own code after its first query), which a
// closed port never reached: ~3–4 ms of compiling at every cold start.
// It authenticates with SCRAM-SHA-256 as PostgreSQL does, and answers every
// statement with one row of `warmUpRow`'s columns (a user, a token, the
// login throttle's limits): enough for a sign-up, a login or a token lookup
// to go the way a real one goes. Nothing of it is in a bundle.
import { createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { hashPassword } from '../auth/passwords.ts';

/** The password of `warmUpRow`'s user, the one the functions' warm-up requests send. */
export const warmUpPassword = 'warm-up password';

const user = 'warm-up';
const databasePassword = 'warm-up';

const oid = { int4: 23, text: 25, bool: 16, timestamptz: 1184 } as const;
type Column = readonly [name: string, type: keyof typeof oid, value: string | null];

// Every statement's row. Values as PostgreSQL writes them in text.
function warmUpRow(passwordHash: string): readonly Column[] {
  const at = '2026-01-01 00:00:00+00';
  return [
    ['id', 'int4', '1'],
    ['user_id', 'int4', '1'],
    ['email', 'text', 'warm-up@example.com'],
    ['name', 'text', 'Warm'],
    ['password', 'text', passwordHash],
    ['is_active', 'bool', 't'],
    ['is_staff', 'bool', 'f'],
    ['is_superuser', 'bool', 'f'],
    ['last_login', 'timestamptz', at],
    ['date_joined', 'timestamptz', at],
    ['created', 'timestamptz', at],
    ['last_used', 'timestamptz', null],
    ['expires', 'timestamptz', null],
    ['email_limit', 'timestamptz', null],
    ['address_limit', 'timestamptz', null],
  ];
}

export interface WarmUpDatabase extends AsyncDisposable {
  /** A DATABASE_URL for it. */
  readonly url: string;
}

export async function startWarmUpDatabase(): Promise<WarmUpDatabase> {
  const row = warmUpRow(await hashPassword(warmUpPassword));
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serve(socket, row);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://${user}:${databasePassword}@127.0.0.1:${String(port)}/warm-up`,
    [Symbol.asyncDispose]: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

// One connection: the startup message, SCRAM, then each message as it comes.
function serve(socket: Socket, row: readonly Column[]): void {
  let buffer = Buffer.alloc(0);
  let started = false;
  let scram: ScramState | undefined;
  // The command tag of each prepared statement (by name), and of the portal bound.
  const tags = new Map<string, string>();
  let tag = 'SELECT 1';
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      // The startup message has no type byte; every later one has.
      const header = started ? 5 : 4;
      if (buffer.length < header) return;
      const length = buffer.readInt32BE(header - 4);
      if (buffer.length < header - 4 + length) return;
      const type = started ? String.fromCharCode(buffer[0] ?? 0) : '';
      const body = buffer.subarray(header, header - 4 + length);
      buffer = buffer.subarray(header - 4 + length);
      if (!started) {
        started = true;
        // SASL, SCRAM-SHA-256 only.
        socket.write(message('R', Buffer.concat([int32(10), cString('SCRAM-SHA-256'), Buffer.from([0])])));
      } else if (type === 'p' && scram === undefined) {
        scram = serverFirst(body);
        socket.write(message('R', Buffer.concat([int32(11), Buffer.from(scram.serverFirst)])));
      } else if (type === 'p' && scram !== undefined) {
        socket.write(message('R', Buffer.concat([int32(12), Buffer.from(serverFinal(scram, body.toString()))])));
        socket.write(message('R', int32(0)));
        socket.write(message('S', Buffer.concat([cString('server_version'), cString('18.0')])));
        socket.write(message('K', Buffer.concat([int32(1), int32(1)])));
        socket.write(readyForQuery());
      } else {
        if (type === 'P') tags.set(cStringAt(body, 0), commandTag(cStringAt(body, body.indexOf(0) + 1)));
        if (type === 'B') tag = tags.get(cStringAt(body, body.indexOf(0) + 1)) ?? tag;
        if (type === 'Q') tag = commandTag(cStringAt(body, 0));
        const reply = answer(type, body, row, tag);
        if (reply === 'end') socket.end();
        else socket.write(reply);
      }
    }
  });
}

// The extended protocol's messages and the simple query's: every statement
// describes and returns `row`, with the command tag of what it does.
function answer(type: string, body: Buffer, row: readonly Column[], tag: string): Buffer | 'end' {
  switch (type) {
    case 'P': return message('1', Buffer.alloc(0));
    case 'B': return message('2', Buffer.alloc(0));
    case 'D': return body[0] === 'S'.charCodeAt(0) ? Buffer.concat([message('t', int16(0)), rowDescription(row)]) : rowDescription(row);
    case 'E': return Buffer.concat([dataRow(row), message('C', cString(tag))]);
    case 'C': return message('3', Buffer.alloc(0));
    case 'S': return readyForQuery();
    case 'Q': return Buffer.concat([rowDescription(row), dataRow(row), message('C', cString(tag)), readyForQuery()]);
    case 'X': return 'end';
    default: return Buffer.alloc(0); // Flush and the like: nothing to send.
  }
}

// What a statement does: its last command word (a CTE's main statement comes last).
function commandTag(text: string): string {
  const command = [...text.matchAll(/\b(select|insert|update|delete)\b/gi)].at(-1)?.[1]?.toUpperCase() ?? 'SELECT';
  return command === 'INSERT' ? 'INSERT 0 1' : `${command} 1`;
}

function cStringAt(buffer: Buffer, start: number): string {
  return buffer.subarray(start, buffer.indexOf(0, start)).toString();
}

function rowDescription(row: readonly Column[]): Buffer {
  const fields = row.map(([name, type]) => Buffer.concat([cString(name), int32(0), int16(0), int32(oid[type]), int16(-1), int32(-1), int16(0)]));
  return message('T', Buffer.concat([int16(row.length), ...fields]));
}

function dataRow(row: readonly Column[]): Buffer {
  const values = row.map(([, , value]) => (value === null ? int32(-1) : Buffer.concat([int32(Buffer.byteLength(value)), Buffer.from(value)])));
  return message('D', Buffer.concat([int16(row.length), ...values]));
}

const readyForQuery = () => message('Z', Buffer.from('I'));

interface ScramState {
  readonly clientFirstBare: string;
  readonly serverFirst: string;
}

// SASLInitialResponse: the mechanism, then the client's first message ("n,,n=*,r=<nonce>").
function serverFirst(body: Buffer): ScramState {
  const mechanismEnd = body.indexOf(0);
  const clientFirst = body.subarray(mechanismEnd + 5).toString();
  const clientFirstBare = clientFirst.slice(clientFirst.indexOf('n=', 1));
  const clientNonce = /r=([^,]+)/.exec(clientFirstBare)?.[1] ?? '';
  return { clientFirstBare, serverFirst: `r=${clientNonce}${randomBytes(18).toString('base64')},s=${salt.toString('base64')},i=${String(iterations)}` };
}

const salt = randomBytes(16);
// PostgreSQL's default (scram_iterations), so pg does the work it does against a server.
const iterations = 4096;

// The server's signature over the exchange, which pg checks (the client's proof is not checked: anyone may warm up).
function serverFinal(state: ScramState, clientFinal: string): string {
  const withoutProof = clientFinal.slice(0, clientFinal.lastIndexOf(',p='));
  const saltedPassword = pbkdf2Sync(databasePassword, salt, iterations, 32, 'sha256');
  const serverKey = createHmac('sha256', saltedPassword).update('Server Key').digest();
  const signature = createHmac('sha256', serverKey).update(`${state.clientFirstBare},${state.serverFirst},${withoutProof}`).digest();
  return `v=${signature.toString('base64')}`;
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}

function cString(value: string): Buffer {
  return Buffer.concat([Buffer.from(value), Buffer.from([0])]);
}
