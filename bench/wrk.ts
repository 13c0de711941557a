// The load generator: wrk, from the distribution (apt-get install wrk).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StartupError } from '../lib/startup-error.ts';
import { parseWrkOutput, type WrkResult } from './wrk-output.ts';

/** wrk's version line; a missing wrk stops the benchmark in one line. */
export function wrkVersion(): string {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) {
    const missing = (probe.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new StartupError(missing ? 'wrk is not installed: install it with `apt-get install wrk`' : `wrk does not run: ${probe.error.message}`);
  }
  // `wrk --version` prints its version, then the usage, and exits 1.
  return (probe.stdout.split('\n')[0] ?? '').replace(/ Copyright.*$/, '').trim();
}

// wrk leaves a response slower than its timeout (default 2 s) out of the
// latencies and counts it as an error: at 2 s a slow-but-correct endpoint
// (login, hashing under load) would lose its tail from the p99.
export const wrkTimeout = '10s';

export interface WrkRun {
  readonly url: string;
  readonly script: string;
  readonly duration: string;
  readonly connections: number;
  readonly signal: AbortSignal;
}

export async function runWrk(run: WrkRun): Promise<WrkResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'recipe-bench-'));
  try {
    const scriptFile = path.join(dir, 'case.lua');
    await writeFile(scriptFile, run.script);
    // wrk needs at least one connection per thread.
    const threads = Math.min(2, run.connections);
    const args = [`-t${threads}`, `-c${run.connections}`, `-d${run.duration}`, `--timeout`, wrkTimeout, '--latency', '-s', scriptFile, run.url];
    const { code, stdout, stderr } = await capture('wrk', args, run.signal);
    if (code !== 0) throw new Error(`wrk ${args.join(' ')} exited with ${code}: ${stderr.trim() || stdout.trim()}`);
    return parseWrkOutput(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function capture(command: string, args: readonly string[], signal: AbortSignal): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.once('error', reject);
    child.once('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}
