// npm run bench:abuse: the server's memory before, during and after abnormal
// payloads (issue 12's probe: 944 KB bodies naming 62,000 tags, then lists
// of everything that got in), read from /proc like the soak. Prints figures;
// asserts nothing (memory targets live in benchmarks, not in tests).
import { runMain } from '../lib/cli/run.ts';
import { loadConfig } from '../lib/config.ts';
import { startBenchPostgres } from './postgres.ts';
import { get, postJson, send, sendExpecting, type BenchRequest } from './request.ts';
import { checkProcfs, readRss, sampleRss } from './rss.ts';
import { startBenchServer } from './server.ts';

const rounds = 10;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

runMain(async () => {
  checkProcfs();
  const signal = AbortSignal.timeout(30 * 60_000);
  await using postgres = await startBenchPostgres(loadConfig().database);
  await using server = await startBenchServer(postgres.url, signal, { cpuProf: false });
  const { baseUrl } = server;

  const account = { email: 'abuse@example.com', password: 'abuse-password', name: 'Abuse' };
  await sendExpecting(baseUrl, postJson('/api/user/create/', account), 201, signal);
  const { token } = (await sendExpecting(baseUrl, postJson('/api/user/token/', account), 200, signal)) as { token: string };

  // Warm: every code path the abuse takes, once normally, so the baseline holds the code and the pool.
  const normal = postJson('/api/recipe/recipes/', { title: 'Soup', time_minutes: 5, price: '1.00', tags: [{ name: 'Quick' }] }, token);
  for (let n = 0; n < 20; n += 1) {
    await sendExpecting(baseUrl, normal, 201, signal);
    await sendExpecting(baseUrl, get('/api/recipe/recipes/', token), 200, signal);
  }
  const baseline = await readRss(server.pid);

  // The probe's body: 62,000 tags of ~15 characters, about 944 KB.
  const manyTags = postJson('/api/recipe/recipes/', { title: 'Many', time_minutes: 5, price: '1.00', tags: Array.from({ length: 62_000 }, (_, n) => ({ name: n.toString(36) })) }, token);
  // The most a recipe may hold now: 100 tags and 100 ingredients of 255 characters.
  const fullest = postJson('/api/recipe/recipes/', {
    title: 'Full',
    time_minutes: 5,
    price: '1.00',
    tags: Array.from({ length: 100 }, (_, n) => ({ name: `${n}`.padEnd(255, 't') })),
    ingredients: Array.from({ length: 100 }, (_, n) => ({ name: `${n}`.padEnd(255, 'i') })),
  }, token);
  const list = get('/api/recipe/recipes/', token);

  const sampler = await sampleRss(server.pid, 100);
  const statuses = new Map<string, number>();
  let largestList = 0;
  const timed = async (name: string, request: BenchRequest) => {
    const started = performance.now();
    const answer = await send(baseUrl, request, signal);
    const key = `${name} → ${answer.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (name === 'list') largestList = Math.max(largestList, answer.text.length);
    return performance.now() - started;
  };
  let slowestMs = 0;
  for (let n = 0; n < rounds; n += 1) {
    for (const [name, request] of [['62,000 tags', manyTags], ['100+100 names of 255', fullest], ['list', list]] as const) {
      slowestMs = Math.max(slowestMs, await timed(name, request));
    }
  }
  const samples = await sampler.stop();
  // Idle again: what the process keeps once the abuse is over.
  await sendExpecting(baseUrl, get('/api/health-check/'), 200, signal);
  const after = await readRss(server.pid);

  for (const [key, count] of statuses) console.log(`${key}: ${count}×`);
  console.log(`slowest request ${slowestMs.toFixed(0)} ms; largest list ${(largestList / 1024).toFixed(0)} KB`);
  console.log(`server RSS: baseline ${mb(baseline)}, peak ${mb(Math.max(...samples))}, after ${mb(after)} (+${mb(after - baseline)})`);
});
