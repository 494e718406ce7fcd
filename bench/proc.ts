// What /proc says about a process: resident memory, CPU time; the machine; pinning to a core.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

/** VmRSS in MiB, or NaN when the process is gone */
export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const TICKS = 100; // USER_HZ on Linux

/** user + system CPU seconds of the process (its threads included), or NaN when gone */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces: fields count from after its closing parenthesis
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS; // utime, stime (fields 14, 15)
  } catch {
    return NaN;
  }
}

/**
 * Waits until the process used under `busyS` of CPU over `windowMs` (it is done with what
 * it was doing, e.g. the work after a sync: the console's collection after a large list
 * comes right after the frame that shows the count), or `maxMs` passed. Resolves to the
 * ms waited.
 */
export async function cpuQuiet(pid: number, windowMs = 200, maxMs = 3000, busyS = 0.02): Promise<number> {
  const t0 = performance.now();
  let c0 = cpuSeconds(pid);
  while (performance.now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, windowMs));
    const c = cpuSeconds(pid);
    if (!(c - c0 >= busyS)) break;
    c0 = c;
  }
  return performance.now() - t0;
}

export function load(): [number, number, number] {
  const [a, b, c] = loadavg();
  return [Math.round(a * 100) / 100, Math.round(b * 100) / 100, Math.round(c * 100) / 100];
}

export function machine() {
  const c = cpus();
  return { cpuModel: c[0]?.model ?? 'unknown', cores: c.length, memGiB: Math.round(totalmem() / 2 ** 30), kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(), node: process.version, load: load() };
}

/** pins every thread of each pid to the cpu list (e.g. "0"); pids that are gone are skipped */
export function pin(pids: number[], cpuList: string): void {
  for (const pid of pids) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
    } catch {
      // gone, or taskset refused: measured unpinned
    }
  }
}
