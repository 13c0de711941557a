// CPU time a process tree has used, as the kernel counts it (Linux only):
// utime + stime of /proc/<pid>/stat for the process and its live children
// (the WEB_CONCURRENCY workers). Divided by the requests served, it tells how
// much work a request costs the server, a figure that stays put when a busy
// neighbour on a shared machine halves the requests per second.
import { readdir, readFile } from 'node:fs/promises';

// The kernel's clock ticks per second (USER_HZ), 100 on every Linux build that matters.
const ticksPerSecond = 100;

export interface ProcessCpu {
  readonly ppid: number;
  /** utime + stime, in seconds. */
  readonly seconds: number;
}

/** The parent pid and the CPU seconds in the text of /proc/<pid>/stat. */
export function parseProcStat(stat: string): ProcessCpu {
  // The command name (field 2) is in parentheses and may hold spaces or ')'; the rest follows the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state (3), ppid (4), … utime (14), stime (15), counted from field 3 at index 0.
  const [ppid, utime, stime] = [fields[1], fields[11], fields[12]].map(Number);
  if (ppid === undefined || utime === undefined || stime === undefined || [ppid, utime, stime].some(Number.isNaN)) {
    throw new Error(`unreadable /proc/<pid>/stat: ${stat.slice(0, 80)}`);
  }
  return { ppid, seconds: (utime + stime) / ticksPerSecond };
}

/** CPU seconds used so far by the process and its live children; null without /proc. */
export async function treeCpuSeconds(pid: number): Promise<number | null> {
  let total: number;
  try {
    total = parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8')).seconds;
  } catch {
    return null;
  }
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === pid) continue;
    try {
      const child = parseProcStat(await readFile(`/proc/${entry}/stat`, 'utf8'));
      if (child.ppid === pid) total += child.seconds;
    } catch {
      // gone since the listing
    }
  }
  return total;
}
