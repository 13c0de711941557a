// npm run bench -- --cold: how long a deployed function takes from a fresh
// `node` process to its first response (its one database connection made),
// for every bundle of npm run build, against the floor: a process that only
// loads pg, connects and runs `select 1`. The floor runs interleaved with the
// functions, so a machine busier in one moment weighs on both alike.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../lib/config.ts';
import { createDb } from '../lib/database/pool.ts';
import { createMigrator, migrateToLatest } from '../lib/database/migrator.ts';
import { lambdaV8Flags } from '../lib/build/bundle.ts';
import { httpApiEvent } from '../lib/testing/lambda-events.ts';
import { makeImage } from '../lib/testing/images.ts';
import * as tokens from '../lib/repositories/tokens.ts';
import * as users from '../lib/repositories/users.ts';
import type { BenchPostgres } from './postgres.ts';
import { machineLines } from './report.ts';


// What each process does, as plain JavaScript (no TypeScript loader to pay
// for in either): load, answer one event (or connect and select 1), report.
// Besides its CPU time in all, each reports what its load (init) took, and
// the CPU time of libuv's thread pool (/proc/self/task/<tid>/schedstat, in
// ns): where an Argon2 hash runs, and pg's SCRAM key derivation (Web Crypto),
// which the floor pays too.
const poolThreadsCpu = `
const poolThreadsCpu = () => {
  const { readdirSync, readFileSync } = process.getBuiltinModule('node:fs');
  let ns = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    if (!readFileSync('/proc/self/task/' + tid + '/comm', 'utf8').startsWith('libuv-worker')) continue;
    ns += Number(readFileSync('/proc/self/task/' + tid + '/schedstat', 'utf8').split(' ')[0]);
  }
  return ns / 1e6;
};`;
// Each also reports when its first request ran (the monotonic clock in µs,
// the one V8's profiles are timed by): with --cpu-prof, the whole process's
// profile is cut to that stretch. (A profiler started from inside the
// process, through the inspector, recorded its own start-up as ~40 ms of
// "dispatch" in the request.)
const functionProcess = `${poolThreadsCpu}
const { handler } = await import(process.env.COLD_BUNDLE);
const init = process.cpuUsage();
const from = process.hrtime.bigint();
const result = await handler(JSON.parse(process.env.COLD_EVENT), {});
const cpu = process.cpuUsage();
const requestUs = [Number(from / 1000n), Number(process.hrtime.bigint() / 1000n)];
process.stdout.write('COLD ' + JSON.stringify({ status: result.statusCode, rss: process.memoryUsage().rss, cpu, init, poolMs: poolThreadsCpu(), requestUs }) + '\\n');
process.exit(0);`;
const floorProcess = `${poolThreadsCpu}
const { default: pg } = await import('pg');
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const init = process.cpuUsage();
await client.query('select 1');
const cpu = process.cpuUsage();
process.stdout.write('COLD ' + JSON.stringify({ status: 200, rss: process.memoryUsage().rss, cpu, init, poolMs: poolThreadsCpu() }) + '\\n');
process.exit(0);`;

// Targets of issue 14: an API function within 1.3× the floor; these within 2×.
const heavier = /^(recipe-upload-image|docs|schema|admin-)/;

interface Manifest {
  functions: { name: string; paths: string[]; addons: string[]; bytes: number }[];
}

interface Sample {
  ms: number;
  /** CPU time of the process (user + system) until its report. */
  cpuMs: number;
  /** Of which until the handler was loaded (the floor: connected). */
  initCpuMs: number;
  /** Of which on libuv's thread pool. */
  poolMs: number;
  rss: number;
  status: number;
  /** When the first request ran: monotonic clock, µs. */
  requestUs?: [number, number];
}

interface Report {
  status: number;
  rss: number;
  cpu: { user: number; system: number };
  init: { user: number; system: number };
  poolMs: number;
  requestUs?: [number, number];
}

export async function runColdBench(postgres: BenchPostgres, only: readonly string[], options: { cpuProf?: boolean; runs?: number } = {}): Promise<number> {
  const coldRuns = options.runs ?? 10;
  const dist = path.join(projectRoot, 'dist', 'functions');
  console.log('building the bundles (npm run build)…');
  await run(process.execPath, [path.join(projectRoot, 'lib/build/run.ts')], { LOG_LEVEL: 'warn' });
  const manifest = JSON.parse(await readFile(path.join(dist, 'manifest.json'), 'utf8')) as Manifest;
  const selected = manifest.functions.filter(({ name }) => only.length === 0 || only.includes(name));
  const mediaRoot = await mkdtemp(path.join(tmpdir(), 'recipe-cold-media-'));
  try {
    const events = await seed(postgres.url, mediaRoot, coldRuns);
    const env = (name: string) => ({
      AWS_LAMBDA_FUNCTION_NAME: name,
      SECRET_KEY: 'cold-bench-'.padEnd(40, 'x'),
      DATABASE_URL: postgres.url,
      ALLOWED_HOSTS: 'localhost',
      MEDIA_ROOT: mediaRoot,
      // The login throttle as deployed (on): its checks are part of a login.
      LOG_LEVEL: 'warn',
    });
    const samples = new Map<string, Sample[]>([['floor', []], ...selected.map(({ name }) => [name, []] as [string, Sample[]])]);
    for (let round = 0; round < coldRuns; round += 1) {
      samples.get('floor')?.push(await measure(floorProcess, { DATABASE_URL: postgres.url }));
      for (const { name } of selected) {
        const event = events(name, round);
        samples.get(name)?.push(await measure(functionProcess, { ...env(name), COLD_BUNDLE: path.join(dist, name, 'index.mjs'), COLD_EVENT: JSON.stringify(event) }));
      }
      process.stdout.write(`round ${String(round + 1)}/${String(coldRuns)}\r`);
    }
    // --cpu-prof: one more start of each function, its load and its first
    // request profiled apart (not measured: the profiler slows them), for
    // bench/profile-summary.ts.
    if (options.cpuProf === true) {
      await mkdir(coldProfileDir, { recursive: true });
      for (const { name } of selected) {
        const flags = ['--cpu-prof', `--cpu-prof-dir=${coldProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`, '--cpu-prof-interval=50'];
        const { requestUs } = await measure(functionProcess, { ...env(name), COLD_BUNDLE: path.join(dist, name, 'index.mjs'), COLD_EVENT: JSON.stringify(events(name, coldRuns)) }, flags);
        const whole = JSON.parse(await readFile(path.join(coldProfileDir, `${name}.cpuprofile`), 'utf8')) as TimedProfile;
        if (requestUs !== undefined) await writeFile(path.join(coldProfileDir, `${name}.request.cpuprofile`), JSON.stringify(profileBetween(whole, requestUs)));
      }
      console.log(`CPU profiles of one more start of each: ${coldProfileDir}/<function>.cpuprofile (the whole process), <function>.request.cpuprofile (its first request)`);
    }
    for (const line of [...machineLines(), `database: ${postgres.description}`, `${String(coldRuns)} runs each, floor interleaved`]) console.log(line);
    const floor = percentile(samples.get('floor') ?? [], 50);
    const floorCpu = percentile(samples.get('floor') ?? [], 50, 'cpuMs');
    const rows = [['floor (pg, connect, select 1)', '', ms(floor), ms(percentile(samples.get('floor') ?? [], 90)), '', ms(floorCpu), '', mb(medianRss(samples.get('floor') ?? [])), '', '']];
    let missed = 0;
    for (const entry of selected) {
      const runs = samples.get(entry.name) ?? [];
      const p50 = percentile(runs, 50);
      const target = heavier.test(entry.name) ? 2 : 1.3;
      const within = p50 <= floor * target && entry.bytes < 1024 * 1024;
      if (!within) missed += 1;
      const statuses = [...new Set(runs.map(({ status }) => status))].join(',');
      const cpu = percentile(runs, 50, 'cpuMs');
      rows.push([entry.name, statuses, ms(p50), ms(percentile(runs, 90)), `${(p50 / floor).toFixed(2)}× (≤${String(target)}×)${within ? '' : ' ✗'}`, ms(cpu), `${(cpu / floorCpu).toFixed(2)}×`, mb(medianRss(runs)), `${String(Math.round(entry.bytes / 1024))} KB`, entry.addons.join(', ')]);
    }
    console.log(`\n${markdownTable(['function', 'status', 'p50', 'p90', 'p50/floor', 'CPU p50', 'CPU/floor', 'RSS', 'app.cjs', 'native addons'], rows)}\n`);
    // Where each start's CPU time went: loading (init) and the first request,
    // and the thread pool's share beyond the floor's (pg's SCRAM runs there in
    // both): an Argon2 hash, for the functions that compute one. Its wall
    // time is about its CPU time (the request waits for it), so the ratios
    // without it take it off both.
    const floorPool = percentile(samples.get('floor') ?? [], 50, 'poolMs');
    const split = [['floor', ms(percentile(samples.get('floor') ?? [], 50, 'initCpuMs')), ms(percentile((samples.get('floor') ?? []).map(requestCpu), 50, 'cpuMs')), ms1(floorPool), '', '', '']];
    for (const entry of selected) {
      const runs = samples.get(entry.name) ?? [];
      const beyond = percentile(runs, 50, 'poolMs') - floorPool;
      const hashed = entry.addons.includes('@node-rs/argon2') && beyond > 1;
      const without = runs.map((sample) => ({ ...sample, ms: sample.ms - (sample.poolMs - floorPool), cpuMs: sample.cpuMs - (sample.poolMs - floorPool) }));
      split.push([entry.name, ms(percentile(runs, 50, 'initCpuMs')), ms(percentile(runs.map(requestCpu), 50, 'cpuMs')), ms1(percentile(runs, 50, 'poolMs')), ms1(beyond), hashed ? `${(percentile(without, 50) / floor).toFixed(2)}×` : '', hashed ? `${(percentile(without, 50, 'cpuMs') / floorCpu).toFixed(2)}×` : '']);
    }
    console.log(`${markdownTable(['function', 'init CPU', 'request CPU', 'thread pool CPU', 'beyond the floor\'s', 'p50/floor without it', 'CPU/floor without it'], split)}\n`);
    console.log(missed === 0 ? 'every function within its target' : `${String(missed)} function(s) outside their target (✗)`);
    // Wall time on a busy machine is mostly time spent waiting for a core;
    // CPU time says what each start costs, whatever the load.
    console.log('CPU: the process\'s user + system time until its answer (on a shared machine, compare these ratios)');
    return 0;
  } finally {
    await rm(mediaRoot, { recursive: true, force: true });
  }
}

/** One fresh process: milliseconds from spawn to its report. */
async function measure(code: string, env: Record<string, string>, flags: readonly string[] = []): Promise<Sample> {
  const started = performance.now();
  // Both started as Lambda starts node: its flags decide whether V8 takes the bundle's code cache.
  const child = spawn(process.execPath, [...lambdaV8Flags, ...flags, '--input-type=module', '-e', code], { cwd: projectRoot, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let report: Report | undefined;
  let ms = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    const line = /^COLD (.*)$/m.exec(output)?.[1];
    if (line !== undefined && report === undefined) {
      ms = performance.now() - started;
      report = JSON.parse(line) as Report;
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await once(child, 'exit');
  if (report === undefined) throw new Error(`a cold start gave no answer: ${output}`);
  return { ms, cpuMs: (report.cpu.user + report.cpu.system) / 1000, initCpuMs: (report.init.user + report.init.system) / 1000, poolMs: report.poolMs, rss: report.rss, status: report.status, requestUs: report.requestUs };
}

// A user with a token and a recipe; each function's first request is one a
// client would send it (a fresh e-mail for each sign-up).
async function seed(url: string, mediaRoot: string, coldRuns: number): Promise<(name: string, round: number) => ReturnType<typeof httpApiEvent>> {
  const db = createDb(url, { max: 1 });
  try {
    await migrateToLatest(createMigrator(db));
    const user = await users.createUser(db, { email: 'cold@example.com', password: 'cold pass phrase', name: 'Cold' });
    const { key: token } = await tokens.createToken(db, user.id);
    // One named token per round (and the profiled start): the first request revokes it (a 204 each time).
    const named: Awaited<ReturnType<typeof tokens.createToken>>[] = [];
    for (let round = 0; round <= coldRuns; round += 1) named.push(await tokens.createToken(db, user.id, { name: `laptop ${String(round)}` }));
    const recipe = await db.insertInto('recipes').values({ user_id: user.id, title: 'Soup', time_minutes: 5, price: '1.00' }).returning('id').executeTakeFirstOrThrow();
    const tag = await db.insertInto('tags').values({ user_id: user.id, name: 'Vegan' }).returning('id').executeTakeFirstOrThrow();
    const ingredient = await db.insertInto('ingredients').values({ user_id: user.id, name: 'Leek' }).returning('id').executeTakeFirstOrThrow();
    const png = await makeImage('png');
    // An image as an upload stores it, for the media function to serve.
    await mkdir(path.join(mediaRoot, 'uploads', 'recipe'), { recursive: true });
    await writeFile(path.join(mediaRoot, storedImage), png);
    const form = new FormData();
    form.append('image', new File([png], 'photo.png', { type: 'image/png' }));
    const multipart = new Response(form);
    const image = new Uint8Array(await multipart.arrayBuffer());
    const auth = { authorization: `Token ${token}` };
    const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (name, round) => {
      switch (name) {
        case 'user-create': return httpApiEvent({ target: '/api/user/create/', ...json({ email: `cold${String(round)}-${String(Date.now())}@example.com`, password: 'cold pass phrase', name: 'Cold' }) });
        case 'user-token': return httpApiEvent({ target: '/api/user/token/', ...json({ email: 'cold@example.com', password: 'cold pass phrase' }) });
        case 'recipe-upload-image': return httpApiEvent({ method: 'POST', target: `/api/recipe/recipes/${String(recipe.id)}/upload-image/`, headers: { ...auth, 'content-type': multipart.headers.get('content-type') ?? '' }, body: image });
        case 'user-token-detail': return httpApiEvent({ method: 'DELETE', target: `/api/user/tokens/${String(named[round]?.id)}/`, headers: auth });
        case 'recipe-detail': return httpApiEvent({ target: `/api/recipe/recipes/${String(recipe.id)}/`, headers: auth });
        case 'tag-detail': return httpApiEvent({ method: 'PATCH', target: `/api/recipe/tags/${String(tag.id)}/`, headers: { ...auth, 'content-type': 'application/json' }, body: '{"name":"Vegan"}' });
        case 'ingredient-detail': return httpApiEvent({ method: 'PATCH', target: `/api/recipe/ingredients/${String(ingredient.id)}/`, headers: { ...auth, 'content-type': 'application/json' }, body: '{"name":"Leek"}' });
        default: return httpApiEvent({ target: firstPath[name] ?? '/', headers: auth });
      }
    };
  } finally {
    await db.destroy();
  }
}

const coldProfileDir = path.join(projectRoot, '.data', 'profiles', 'cold');

/** A V8 CPU profile as --cpu-prof writes it: sample times in µs of the monotonic clock. */
export interface TimedProfile {
  nodes: unknown[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The samples of `profile` taken within [from, to] (µs), as a profile of their own. */
export function profileBetween(profile: TimedProfile, [from, to]: readonly [number, number]): TimedProfile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let time = profile.startTime;
  let last = from;
  profile.samples.forEach((sample, i) => {
    time += profile.timeDeltas[i] ?? 0;
    if (time < from || time > to) return;
    samples.push(sample);
    timeDeltas.push(time - last);
    last = time;
  });
  return { nodes: profile.nodes, startTime: from, endTime: to, samples, timeDeltas };
}

const storedImage = 'uploads/recipe/00000000-0000-4000-8000-000000000000.png';

const firstPath: Readonly<Record<string, string>> = {
  'health-check': '/api/health-check/',
  'user-me': '/api/user/me/',
  'user-tokens': '/api/user/tokens/',
  'recipe-list': '/api/recipe/recipes/',
  'tag-list': '/api/recipe/tags/',
  'ingredient-list': '/api/recipe/ingredients/',
  schema: '/api/schema/',
  docs: '/api/docs/',
  'static-media': `/static/media/${storedImage}`,
  'admin-login': '/admin/login/',
  'admin-dashboard': '/admin/',
  'admin-users': '/admin/users/',
  'admin-recipes': '/admin/recipes/',
  'admin-tags': '/admin/tags/',
  'admin-ingredients': '/admin/ingredients/',
  'admin-static': '/static/admin/admin.css',
  'admin-not-found': '/admin/nothing/',
};

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(command, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  return once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${String(code)}`);
  });
}

function percentile(samples: readonly Sample[], p: number, of: 'ms' | 'cpuMs' | 'initCpuMs' | 'poolMs' = 'ms'): number {
  const sorted = samples.map((sample) => sample[of]).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function medianRss(samples: readonly Sample[]): number {
  const sorted = samples.map(({ rss }) => rss).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const ms1 = (value: number) => `${value.toFixed(1)} ms`;
const requestCpu = (sample: Sample): Sample => ({ ...sample, cpuMs: sample.cpuMs - sample.initCpuMs });
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (values: readonly string[]) => `| ${values.map((value, i) => value.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
