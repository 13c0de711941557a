// The server's memory as the kernel counts it: VmRSS in /proc/<pid>/status
// (Linux only). Read from outside, so measuring adds nothing to the process
// measured; sampled while wrk runs too, since a peak between the first and
// the last reading would otherwise go unseen.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { StartupError } from '../lib/startup-error.ts';

/** Resident set size in bytes, from the text of /proc/<pid>/status. */
export function parseVmRss(status: string): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  // A zombie or kernel thread has no VmRSS line.
  if (match === null) throw new Error('no VmRSS line in /proc/<pid>/status (has the process exited?)');
  return Number(match[1]) * 1024;
}

/** Stops a soak before seeding on a system without /proc, in one line. */
export function checkProcfs(): void {
  if (!existsSync('/proc/self/status')) throw new StartupError("--soak reads the server's memory from /proc/<pid>/status, which only Linux has");
}

export async function readRss(pid: number): Promise<number> {
  return parseVmRss(await readFile(`/proc/${pid}/status`, 'utf8'));
}

export interface RssSampler {
  /** Stops sampling, takes one last reading and returns every reading, first to last. */
  stop(): Promise<number[]>;
}

/** Reads the RSS now and then every `intervalMs` until stopped. */
export async function sampleRss(pid: number, intervalMs: number): Promise<RssSampler> {
  const samples = [await readRss(pid)];
  let failure: Error | null = null;
  let pending = Promise.resolve();
  const timer = setInterval(() => {
    // One reading at a time; a failure (the server gone) ends the sampling and is reported by stop().
    pending = pending.then(async () => {
      if (failure === null) samples.push(await readRss(pid));
    }).catch((error: unknown) => { failure = error instanceof Error ? error : new Error(String(error)); });
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await pending;
      if (failure !== null) throw failure;
      samples.push(await readRss(pid));
      return samples;
    },
  };
}
