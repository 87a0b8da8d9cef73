// N participant WebSockets (50, 500, 2,000) in one live session on local workerd, each voting. Prints p50/p95 of
// the time from the facilitator opening a vote to each participant receiving it, the time from the last vote to
// the facilitator seeing the full tally, and the memory of the workerd processes. Aim: both p95 under 250 ms.
import { execFileSync } from 'node:child_process';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/db/queries/demo-accounts';
import { signInCookie, startThrowawayServer } from '../scripts/lib/test-server';
import { printTable } from './table';

const SIZES = (process.env.LIVE_BENCH_SIZES ?? '50,500,2000').split(',').map(Number);
type Message = { type: string; [key: string]: any };

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** Resident memory of the workerd processes, in MB (Linux). */
function workerdMemoryMb(): number {
  try {
    const pids = execFileSync('pgrep', ['-f', 'workerd'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    return pids.reduce((sum, pid) => {
      const status = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
      return sum + Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    }, 0);
  } catch {
    return NaN;
  }
}

/** A WebSocket that resolves `until(type, predicate)` when a matching message arrives. */
function socket(url: string, headers: Record<string, string>) {
  const ws = new WebSocket(url, { headers } as unknown as string[]);
  const waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as Message;
    for (const waiter of waiters.splice(0)) {
      if (waiter.test(message)) waiter.resolve(message);
      else waiters.push(waiter);
    }
  });
  const until = (test: (m: Message) => boolean) => new Promise<Message>((resolve) => waiters.push({ test, resolve }));
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error('socket failed')));
  });
  return { ws, until, opened };
}

const server = await startThrowawayServer();
const wsBase = server.url.replace('http', 'ws');
try {
  const cookie = await signInCookie(server.url, DEMO_ACCOUNTS[1].email, DEMO_PASSWORD);
  const rows: string[][] = [];
  for (const size of SIZES) {
    const created = await fetch(`${server.url}/api/live`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: cookie },
      body: JSON.stringify({ scenario: 'islamabad-48-hours', mode: 'room', side: 'islamabad' }),
    });
    const { code } = (await created.json()) as { code: string };
    const facilitator = socket(`${wsBase}/api/live/${code}/ws?role=facilitator`, { Cookie: cookie });
    await facilitator.opened;
    const participants = [];
    for (let i = 0; i < size; i++) {
      // A loopback address per participant, so the per-address join limit does not throttle the benchmark.
      const p = socket(`${wsBase}/api/live/${code}/ws`, { 'CF-Connecting-IP': `127.0.${Math.floor(i / 250)}.${(i % 250) + 1}` });
      participants.push(p);
      if (i % 50 === 49) await Promise.all(participants.slice(-50).map((x) => x.opened));
    }
    await Promise.all(participants.map((p) => p.opened));
    await Promise.all(
      participants.map(async (p, i) => {
        const welcome = p.until((m) => m.type === 'welcome');
        p.ws.send(JSON.stringify({ type: 'join', nickname: `p${i}` }));
        await welcome;
      }),
    );

    const openedAt = performance.now();
    const received = participants.map((p) => p.until((m) => m.type === 'state' && m.round?.status === 'open').then(() => performance.now() - openedAt));
    facilitator.ws.send(JSON.stringify({ type: 'open', seconds: 300 }));
    const fanOut = await Promise.all(received);

    const fullTally = facilitator.until((m) => m.type === 'tally' && m.votes === size);
    for (const [i, p] of participants.entries()) p.ws.send(JSON.stringify({ type: 'vote', choiceId: i % 3 === 0 ? 'first-silent' : 'first-loud' }));
    const lastVoteAt = performance.now();
    await fullTally;
    const tallyLatency = performance.now() - lastVoteAt;
    rows.push([
      String(size),
      `${percentile(fanOut, 50).toFixed(0)} ms`,
      `${percentile(fanOut, 95).toFixed(0)} ms`,
      `${tallyLatency.toFixed(0)} ms`,
      `${workerdMemoryMb().toFixed(0)} MB`,
    ]);
    for (const p of participants) p.ws.close();
    facilitator.ws.close();
  }
  printTable('Live session on local workerd (one Durable Object)', ['participants', 'vote opened → received p50', 'p95', 'last vote → full tally', 'workerd memory'], rows);
} finally {
  server.stop();
}
