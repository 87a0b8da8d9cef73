// The workerd processes a benchmark started (not other users' on a shared machine), and their CPU time and memory
// from /proc (Linux; NaN elsewhere).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const statOf = (pid: string) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');

/** Whether `pid` descends from `root`. */
function descends(pid: string, root: number): boolean {
  for (let p = pid, guard = 0; p !== '0' && p !== '1' && guard < 20; guard++) {
    if (Number(p) === root) return true;
    p = statOf(p)[1]!;
  }
  return false;
}

/** The workerd processes under `root` (by default this process). */
function workerdPids(root = process.pid): string[] {
  try {
    return execFileSync('pgrep', ['-f', 'workerd'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((pid) => pid && descends(pid, root));
  } catch {
    return [];
  }
}

/** CPU time (user + system) of those processes so far, in ms. */
export function workerdCpuMs(root = process.pid): number {
  try {
    const pids = workerdPids(root);
    if (!pids.length) return NaN;
    // USER_HZ is 100 on Linux: a tick is 10 ms.
    return pids.reduce((sum, pid) => sum + (Number(statOf(pid)[11]) + Number(statOf(pid)[12])) * 10, 0);
  } catch {
    return NaN;
  }
}

/** Their resident memory, in MB. */
export function workerdMemoryMb(root = process.pid): number {
  try {
    const pids = workerdPids(root);
    if (!pids.length) return NaN;
    return pids.reduce((sum, pid) => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return sum + Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    }, 0);
  } catch {
    return NaN;
  }
}

/** How many file descriptors those processes hold. */
export function workerdFds(root = process.pid): number {
  return workerdPids(root).reduce((sum, pid) => {
    try {
      return sum + readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      return sum;
    }
  }, 0);
}
