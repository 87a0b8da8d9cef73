// A live session with N participants (50, 500, 2,000, 10,000; the last through 5 fan-out shards, sharding.ts) on local
// workerd, beside a bare broadcast baseline measured in
// the same run (bench/worker/baseline.ts: a minimal object sending a fixed message of the state's size to the same number
// of sockets, and answering when it has heard from each). The clients run in a separate process
// (bench/live-clients.ts). Prints the time from the facilitator opening a vote to each participant receiving it (p50,
// p95), from the last vote to the facilitator's full tally, each as a ratio to the baseline, workerd's memory and the
// load average; then where the time goes: each phase's wall time beside the CPU time workerd and the clients spent.
// Issue 27's aims, printed met or not beside the baseline: the full tally at 2,000 within 250 ms and 3× the baseline,
// at 9,000 within 1.5 s; workerd CPU per vote ≤ 0.1 ms; fan-out ≤ 1.5× the baseline; and the console's bytes per
// second while everyone joins.
// LIVE_BENCH_SIZES=50,500 picks sizes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SHARD_SIZE, shardsFor } from '../api/live/sharding';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/db/queries/demo-accounts';
import { signInCookie, startThrowawayServer } from '../scripts/lib/test-server';
import { printTable } from './table';
import { workerdFds, workerdMemoryMb } from './workerd-proc';

/**
 * The most sockets workerd can hold here: it keeps two file descriptors per WebSocket and inherits this process's
 * limit (measured under a limit of 20,000: "dup(): Too many open files" at 9,986 sockets, and a runtime crash and
 * stalled handshakes at 9,800), so the largest size tried is 45% of the limit.
 */
function socketLimit(): number {
  try {
    const limit = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1]);
    return Number.isFinite(limit) ? Math.floor((limit * 0.45) / 100) * 100 : Infinity;
  } catch {
    return Infinity;
  }
}
const SIZES = (process.env.LIVE_BENCH_SIZES ?? '50,500,2000,10000').split(',').map((asked) => {
  const size = Math.min(Number(asked), socketLimit());
  if (size < Number(asked))
    console.log(`${asked} participants cannot open here (file descriptor limit); measuring ${size} instead.`);
  return size;
});
type Phase = { wall: number; server: number; clients: number };
type Figures = {
  p50: number;
  p95: number;
  tallyMs: number;
  joinMs?: number;
  /** Bytes the facilitator's console received while everyone joined. */
  consoleBytes?: number;
  stateBytes?: number;
  cpu: { fanOut: Phase; tally: Phase };
};

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
      if (code !== 0) {
        console.error(`The server's log, last lines:\n${server.output().split('\n').slice(-15).join('\n')}`);
        return reject(new Error(`bench/live-clients.ts exited with ${code}`));
      }
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Figures);
    });
  });
}

/**
 * Waits (up to two minutes) until workerd has let go of the last run's sockets: it holds their file descriptors for
 * a while after the clients close them, and near the limit the next run's handshakes would fail.
 */
async function released() {
  for (let waited = 0; waited < 120_000 && workerdFds() > 1000; waited += 1000)
    await new Promise((resolve) => setTimeout(resolve, 1000));
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

// The floor (bench/worker/baseline.ts) runs beside the app as a Worker of its own, never deployed.
const server = await startThrowawayServer(undefined, { baseline: true });
try {
  const cookie = await signInCookie(server.url, DEMO_ACCOUNTS[1].email, DEMO_PASSWORD);
  const rows: string[][] = [];
  const phases: string[][] = [];
  const aims: string[][] = [];
  const met = (ok: boolean) => (ok ? 'met' : 'not met');
  const phase = (label: string, p: Phase) => [label, ms(p.wall), ms(p.server), ms(p.clients)];
  for (const size of SIZES) {
    const load = loadavg()[0]!.toFixed(1);
    const room = await clients({ url: server.url, cookie, size, kind: 'room', benchPid: process.pid });
    console.error(JSON.stringify({ size, load, room }));
    await released();
    const floor = await clients({
      url: server.url,
      cookie,
      size,
      kind: 'baseline',
      stateBytes: room.stateBytes,
      benchPid: process.pid,
    });
    const shards = shardsFor(size, DEFAULT_SHARD_SIZE);
    phases.push(
      [
        `${size} room${shards ? ` (${shards} shards)` : ''}`,
        ...phase('', room.cpu.fanOut).slice(1),
        ...phase('', room.cpu.tally).slice(1),
      ],
      [`${size} baseline`, ...phase('', floor.cpu.fanOut).slice(1), ...phase('', floor.cpu.tally).slice(1)],
    );
    // Each size's figures as they come, so a long run that is stopped still leaves them.
    console.error(JSON.stringify({ size, shards, load, baseline: floor }));
    await released();
    // Issue 27's aims, printed beside the baseline of the same run, met or not.
    const label = shards ? `${size} (${shards} shards)` : String(size);
    const perVote = room.cpu.tally.server / size;
    const fanOutRatio = room.p95 / floor.p95;
    const tallyRatio = room.tallyMs / floor.tallyMs;
    const joinBytesPerSec = (room.consoleBytes ?? 0) / ((room.joinMs ?? 1) / 1000);
    aims.push([
      label,
      `${ms(room.tallyMs)} (${ratio(room.tallyMs, floor.tallyMs)} of ${ms(floor.tallyMs)})`,
      size >= 9000
        ? `≤ 1,500 ms: ${met(room.tallyMs <= 1500)}`
        : size === 2000
          ? `≤ 250 ms and ≤ 3×: ${met(room.tallyMs <= 250 && tallyRatio <= 3)}`
          : '',
      `${perVote.toFixed(3)} ms (${(floor.cpu.tally.server / size).toFixed(3)} ms) ${met(perVote <= 0.1)}`,
      `${ratio(room.p95, floor.p95)} ${met(fanOutRatio <= 1.5)}`,
      `${(joinBytesPerSec / 1024).toFixed(1)} KB/s (${((room.consoleBytes ?? 0) / 1024).toFixed(0)} KB in all)`,
      `${load} → ${loadavg()[0]!.toFixed(1)}`,
    ]);
    rows.push([
      label,
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
      `${load} → ${loadavg()[0]!.toFixed(1)}`,
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
      'load avg (1 min)',
    ],
    rows,
  );
  printTable(
    'Aims of issue 27 beside the baseline of the same run (baseline in brackets)',
    [
      'participants',
      'last vote → full tally',
      'aim',
      'workerd CPU per vote (aim ≤ 0.1 ms)',
      'fan-out p95 ratio (aim ≤ 1.5×)',
      "console's bytes/s during joins",
      'load avg (1 min)',
    ],
    aims,
  );
  printTable(
    'Where the time goes: wall time of each phase beside the CPU time workerd (all objects) and the clients spent in it',
    ['run', 'fan-out wall', 'workerd CPU', 'clients CPU', 'votes → tally wall', 'workerd CPU', 'clients CPU'],
    phases,
  );
} finally {
  await server.stop();
}
