// The baseline of issue 19: a bare node:http + pg server answering the bench
// cases (bench/cases.ts) with our SQL, round trips and JSON, and nothing else:
// no framework, no validation beyond what the cases need, no log line. What
// it costs is what the machine, Node, pg and PostgreSQL cost; the rest of
// ours is our request path. `npm run bench -- --baseline` runs it beside ours.
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type Database } from './database.ts';
import * as recipes from './recipes.ts';
import { Refusal, type Reply, sendJson } from './respond.ts';
import * as sql from './sql.ts';
import { authenticate, logIn } from './users.ts';

const db = connect(process.env.DATABASE_URL ?? '', Number(process.env.DB_POOL_SIZE ?? 10));

// Health checks at once share one query, as functions/health-check.ts.
let inFlight: Promise<boolean> | undefined;
function databaseAnswers(): Promise<boolean> {
  inFlight ??= db.rows(sql.selectOne, []).then(() => true, () => false).finally(() => { inFlight = undefined; });
  return inFlight;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

const reply = (status: number, body: unknown): Reply => ({ status, body, headers: {} });

const recipePath = /^\/api\/recipe\/recipes\/(\d+)\/$/;

async function route(req: IncomingMessage, db: Database): Promise<Reply> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const { pathname, searchParams } = url;
  const get = req.method === 'GET';
  if (get && pathname === '/api/health-check/') {
    const healthy = await databaseAnswers();
    return reply(healthy ? 200 : 503, { healthy });
  }
  if (req.method === 'POST' && pathname === '/api/user/token/') {
    const { email, password } = await readJson(req);
    return reply(200, await logIn(db, String(email), String(password), req.socket.remoteAddress ?? 'unknown'));
  }
  if (pathname === '/api/user/me/' && get) {
    const user = await authenticate(db, req.headers.authorization);
    return reply(200, { email: user.email, name: user.name });
  }
  if (pathname === '/api/recipe/tags/' && get) {
    const user = await authenticate(db, req.headers.authorization);
    return reply(200, await db.rows(sql.tagList, [user.id]));
  }
  if (pathname === '/api/recipe/recipes/' && (get || req.method === 'POST')) {
    const user = await authenticate(db, req.headers.authorization);
    if (!get) {
      const body = await readJson(req);
      const names = (list: unknown) => (list as { name: string }[] | undefined ?? []).map(({ name }) => name);
      const text = (value: unknown) => (typeof value === 'string' ? value : '');
      const fields = { title: text(body.title), time_minutes: Number(body.time_minutes), price: text(body.price), link: text(body.link), description: text(body.description), tags: names(body.tags), ingredients: names(body.ingredients) };
      return reply(201, await recipes.create(db, user.id, fields, url.origin));
    }
    const limit = searchParams.get('limit');
    if (limit === null) return reply(200, await recipes.list(db, user.id, searchParams.get('tags')?.split(',')));
    const paging = { limit: Number(limit), offset: Number(searchParams.get('offset') ?? 0) };
    const search = (searchParams.get('search') ?? '').split(/\s+/).filter(Boolean);
    const { count, results } = await recipes.page(db, user.id, { ...paging, search, byTitle: searchParams.get('ordering') === 'title' });
    return reply(200, { count, ...pageLinks(url, paging, count), results });
  }
  const detail = get ? recipePath.exec(pathname) : null;
  if (detail !== null) {
    const user = await authenticate(db, req.headers.authorization);
    const recipe = await recipes.detail(db, user.id, Number(detail[1]), url.origin);
    return recipe === undefined ? reply(404, { detail: 'No Recipe matches the given query.' }) : reply(200, recipe);
  }
  return reply(404, { detail: 'Not found.' });
}

/** DRF's next and previous (lib/http/page.ts). */
function pageLinks(url: URL, { limit, offset }: { limit: number; offset: number }, count: number) {
  const at = (newOffset: number | null) => {
    const params = new URLSearchParams(url.search);
    params.set('limit', String(limit));
    if (newOffset === null) params.delete('offset');
    else params.set('offset', String(newOffset));
    return `${url.origin}${url.pathname}?${params.toString()}`;
  };
  return { next: offset + limit < count ? at(offset + limit) : null, previous: offset <= 0 ? null : at(offset - limit > 0 ? offset - limit : null) };
}

const server = createServer((req, res) => {
  route(req, db).then(
    (answer) => { sendJson(res, answer); },
    (error: unknown) => {
      if (error instanceof Refusal) {
        sendJson(res, error);
        return;
      }
      // The client went away mid-request (wrk stopping): nobody to answer.
      if (req.destroyed) return;
      process.stderr.write(`baseline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      sendJson(res, { status: 500, body: { detail: 'Server error.' }, headers: {} });
    },
  );
});
server.listen(Number(process.env.PORT ?? 8001), process.env.HOST ?? '127.0.0.1');

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void db.end();
});
