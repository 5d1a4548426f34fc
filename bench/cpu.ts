/**
 * CPU time by party (the load generator, Candor, PostgreSQL) over a measured window, read from
 * /proc. On a machine whose cores the parties share, events per second alone cannot tell a slow
 * writer from a busy machine; the CPU each party spent per event can.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Fields of /proc/PID/stat after the command name (which may hold spaces), or undefined once the process is gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * User and system seconds of a process; with `reaped`, also those of its children that have
 * ended (how the postmaster accounts for backends that came and went).
 */
export function processCpuSeconds(pid: number, reaped = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After the name: state is field 3 of the man page, utime 14, stime 15, cutime 16, cstime 17.
  const at = (n: number) => Number(f[n - 3]);
  return (at(14) + at(15) + (reaped ? at(16) + at(17) : 0)) / TICKS_PER_SECOND;
}

/** CPU seconds of this process (the load generator runs in it). */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * A reader of the CPU seconds PostgreSQL's server has used: the postmaster with every live
 * backend and the backends it has reaped. Undefined when the server is not a process of this
 * machine (its backend's pid is not in /proc).
 */
export async function postgresCpu(url: string): Promise<(() => number) | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let postmaster: number | undefined;
  try {
    // Read while the connection is open: its backend ends with it.
    const backend = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    postmaster = Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${backend}/status`, 'utf8'))?.[1]);
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
  if (!postmaster) return undefined;
  const server = postmaster;
  return () => {
    let total = processCpuSeconds(server, true);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const f = statFields(Number(entry));
      // After the name, field 4 (the parent) is the second.
      if (f && Number(f[1]) === server) total += processCpuSeconds(Number(entry));
    }
    return total;
  };
}

export type Parties = Readonly<Record<string, () => number>>;

/** Starts a window; the function it returns gives each party's CPU seconds since, and the wall seconds. */
export function cpuWindow(parties: Parties): () => { seconds: number; cpu: Record<string, number> } {
  const start = Date.now();
  const before = Object.fromEntries(Object.entries(parties).map(([name, read]) => [name, read()]));
  return () => ({
    seconds: (Date.now() - start) / 1000,
    cpu: Object.fromEntries(Object.entries(parties).map(([name, read]) => [name, read() - (before[name] ?? 0)])),
  });
}
