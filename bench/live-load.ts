// A live session with N participants (50, 500, 2,000) on local workerd, beside a bare broadcast baseline measured in
// the same run (api/live/baseline.ts: a minimal object sending a fixed message of the state's size to the same number
// of sockets, and answering when it has heard from each). The clients run in a separate process
// (bench/live-clients.ts). Prints the time from the facilitator opening a vote to each participant receiving it (p50,
// p95), from the last vote to the facilitator's full tally, each as a ratio to the baseline, and workerd's memory.
// Aims at 2,000: fan-out p95 and last vote → full tally under 250 ms and within 1.5× the baseline.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/db/queries/demo-accounts';
import { signInCookie, startThrowawayServer } from '../scripts/lib/test-server';
import { printTable } from './table';

const SIZES = (process.env.LIVE_BENCH_SIZES ?? '50,500,2000').split(',').map(Number);
type Figures = { p50: number; p95: number; tallyMs: number; joinMs?: number; stateBytes?: number };

/** Resident memory of the workerd processes, in MB (Linux). */
function workerdMemoryMb(): number {
  try {
    const pids = execFileSync('pgrep', ['-f', 'workerd'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
    return pids.reduce((sum, pid) => {
      const status = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
      return sum + Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    }, 0);
  } catch {
    return NaN;
  }
}

/**
 * Runs the clients in their own Node process and returns their figures. Asynchronously: this process must keep
 * draining the server's output meanwhile, or the server would stall on a full pipe.
 */
function clients(input: Record<string, unknown>): Promise<Figures> {
  const tsx = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [join(import.meta.dirname, 'live-clients.ts'), JSON.stringify(input)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench/live-clients.ts exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Figures);
    });
  });
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

const server = await startThrowawayServer();
try {
  const cookie = await signInCookie(server.url, DEMO_ACCOUNTS[1].email, DEMO_PASSWORD);
  const rows: string[][] = [];
  for (const size of SIZES) {
    const room = await clients({ url: server.url, cookie, size, kind: 'room' });
    const floor = await clients({
      url: server.url,
      cookie,
      size,
      kind: 'baseline',
      stateBytes: room.stateBytes,
    });
    rows.push([
      String(size),
      ms(room.p50),
      ms(room.p95),
      ms(floor.p95),
      ratio(room.p95, floor.p95),
      ms(room.tallyMs),
      ms(floor.tallyMs),
      ratio(room.tallyMs, floor.tallyMs),
      ms(room.joinMs ?? NaN),
      `${((room.stateBytes ?? 0) / 1024).toFixed(1)} KB`,
      `${workerdMemoryMb().toFixed(0)} MB`,
    ]);
  }
  printTable(
    'Live session on local workerd (one Durable Object) beside a bare broadcast baseline in the same run',
    [
      'participants',
      'open → received p50',
      'p95',
      'baseline p95',
      'ratio',
      'last vote → full tally',
      'baseline',
      'ratio',
      'all joined',
      'state',
      'workerd memory',
    ],
    rows,
  );
} finally {
  await server.stop();
}
