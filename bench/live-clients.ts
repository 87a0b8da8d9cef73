// The client side of bench/live-load.ts, run in its own process so the clients' work is not charged to the server's
// (and the server's not to the clients'). Input: one JSON argument; output: one JSON line of figures on stdout.
//   { url, cookie, size, kind: 'room' | 'baseline', stateBytes?, benchPid }
// Besides the latencies it reports CPU time spent in each phase by workerd (every object of the server, read from
// /proc) and by this process, to show where the time goes on a shared machine.
import { workerdCpuMs } from './workerd-proc';

// The fields of the server's messages (api/live/protocol.ts) that the clients wait on.
type Message = {
  type: string;
  count?: number;
  round?: { status: string } | null;
  votes?: number;
};
type Input = {
  url: string;
  cookie: string;
  size: number;
  kind: 'room' | 'baseline';
  stateBytes?: number;
  benchPid: number;
};

const input = JSON.parse(process.argv[2]!) as Input;

// workerd runs under the benchmark's process (bench/live-load.ts), which passes its pid.
const serverCpuMs = () => workerdCpuMs(input.benchPid);
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A phase that never ends (a refused vote, a lost message) fails the benchmark instead of hanging it. */
const PHASE_LIMIT_MS = 120_000 + input.size * 30;
function limited<T>(label: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${input.kind} ${input.size}: ${label} took over ${PHASE_LIMIT_MS} ms`)),
      PHASE_LIMIT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `phase` and returns its wall time with the CPU time workerd and this process spent meanwhile. */
async function measured<T>(
  phase: () => Promise<T>,
): Promise<{ value: T; wall: number; server: number; clients: number }> {
  const [w0, s0, c0] = [performance.now(), serverCpuMs(), ownCpuMs()];
  const value = await limited('a phase', phase());
  return { value, wall: performance.now() - w0, server: serverCpuMs() - s0, clients: ownCpuMs() - c0 };
}
const wsBase = input.url.replace('http', 'ws');
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** A WebSocket that resolves `until(predicate)` when a matching message arrives, and remembers the last state's size. */
function socket(url: string, headers: Record<string, string>) {
  const ws = new WebSocket(url, { headers } as unknown as string[]);
  const waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  let stateBytes = 0;
  /** Every byte this socket received (UTF-8), for the console's bytes per second during joins. */
  let received = 0;
  ws.addEventListener('message', (event) => {
    const text = String(event.data);
    received += Buffer.byteLength(text);
    const message = JSON.parse(text) as Message;
    if (message.type === 'state') stateBytes = text.length;
    for (const waiter of waiters.splice(0)) {
      if (waiter.test(message)) waiter.resolve(message);
      else waiters.push(waiter);
    }
  });
  const until = (test: (m: Message) => boolean) =>
    new Promise<Message>((resolve) => waiters.push({ test, resolve }));
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error(`socket to ${url} failed`)));
  });
  return { ws, until, opened, stateBytes: () => stateBytes, received: () => received };
}

/** Handshakes that failed and were tried again (a browser reconnects the same way), for the report. */
let retried = 0;

/** Opens one socket, trying a failed handshake again up to 5 times. */
async function openOne(url: string, headers: Record<string, string>, index: number) {
  for (let attempt = 0; ; attempt++) {
    const s = socket(url, headers);
    try {
      await s.opened;
      return s;
    } catch (error) {
      if (attempt >= 5)
        throw new Error(`socket ${index} of ${input.size}: ${(error as Error).message}`, { cause: error });
      retried++;
      await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
    }
  }
}

async function openAll(url: (i: number) => string, size: number) {
  const sockets: Promise<ReturnType<typeof socket>>[] = [];
  for (let i = 0; i < size; i++) {
    // A loopback address per participant, so the per-address join limit does not throttle the benchmark.
    sockets.push(openOne(url(i), { 'CF-Connecting-IP': `127.0.${Math.floor(i / 250)}.${(i % 250) + 1}` }, i));
    if (i % 50 === 49) await Promise.all(sockets.slice(-50));
  }
  return Promise.all(sockets);
}

async function room() {
  const created = await fetch(`${input.url}/api/live`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: input.url, Cookie: input.cookie },
    body: JSON.stringify({
      scenario: 'islamabad-48-hours',
      mode: 'room',
      side: 'islamabad',
      maxParticipants: Math.max(input.size, 1),
    }),
  });
  const { code } = (await created.json()) as { code: string };
  const facilitator = socket(`${wsBase}/api/live/${code}/ws?role=facilitator`, { Cookie: input.cookie });
  await facilitator.opened;
  const participants = await openAll(() => `${wsBase}/api/live/${code}/ws`, input.size);
  const joinStart = performance.now();
  const consoleBefore = facilitator.received();
  // The console's roster comes as changes with the count (docs/live-protocol.md).
  const everyone = facilitator.until((m) => m.type === 'roster' && m.count === input.size);
  await limited(
    'welcomes',
    Promise.all(
      participants.map(async (p, i) => {
        const welcome = p.until((m) => m.type === 'welcome');
        p.ws.send(JSON.stringify({ type: 'join', nickname: `p${i}` }));
        await welcome;
      }),
    ),
  );
  await limited('joining', everyone);
  const joinMs = performance.now() - joinStart;
  const consoleBytes = facilitator.received() - consoleBefore;

  const openedAt = performance.now();
  const received = participants.map((p) =>
    p.until((m) => m.type === 'state' && m.round?.status === 'open').then(() => performance.now() - openedAt),
  );
  const fanOutPhase = await measured(async () => {
    facilitator.ws.send(JSON.stringify({ type: 'open', seconds: 300 }));
    return Promise.all(received);
  });
  const fanOut = fanOutPhase.value;

  const fullTally = facilitator.until((m) => m.type === 'tally' && m.votes === input.size);
  let lastVoteAt = 0;
  const tallyPhase = await measured(async () => {
    for (const [i, p] of participants.entries())
      p.ws.send(JSON.stringify({ type: 'vote', choiceId: i % 3 === 0 ? 'first-measured' : 'first-loud' }));
    lastVoteAt = performance.now();
    await fullTally;
  });
  const tallyMs = performance.now() - lastVoteAt;
  const result = {
    p50: percentile(fanOut, 50),
    p95: percentile(fanOut, 95),
    tallyMs,
    joinMs,
    consoleBytes,
    stateBytes: participants[0]!.stateBytes(),
    retried,
    cpu: {
      fanOut: { wall: fanOutPhase.wall, server: fanOutPhase.server, clients: fanOutPhase.clients },
      tally: { wall: tallyPhase.wall, server: tallyPhase.server, clients: tallyPhase.clients },
    },
  };
  for (const p of participants) p.ws.close();
  facilitator.ws.close();
  return result;
}

async function baseline() {
  const name = `bench-${crypto.randomUUID().slice(0, 8)}`;
  const trigger = socket(`${wsBase}/api/live/bench/${name}/ws?role=facilitator`, {});
  await trigger.opened;
  const clients = await openAll(() => `${wsBase}/api/live/bench/${name}/ws`, input.size);
  const openedAt = performance.now();
  const received = clients.map((c) =>
    c.until((m) => m.type === 'state').then(() => performance.now() - openedAt),
  );
  const fanOutPhase = await measured(async () => {
    trigger.ws.send(JSON.stringify({ type: 'broadcast', bytes: input.stateBytes ?? 2000 }));
    return Promise.all(received);
  });
  const fanOut = fanOutPhase.value;

  trigger.ws.send(JSON.stringify({ type: 'expect', count: input.size }));
  const done = trigger.until((m) => m.type === 'tally');
  let lastVoteAt = 0;
  const tallyPhase = await measured(async () => {
    for (const c of clients) c.ws.send(JSON.stringify({ type: 'vote' }));
    lastVoteAt = performance.now();
    await done;
  });
  const tallyMs = performance.now() - lastVoteAt;
  for (const c of clients) c.ws.close();
  trigger.ws.close();
  return {
    p50: percentile(fanOut, 50),
    p95: percentile(fanOut, 95),
    tallyMs,
    cpu: {
      fanOut: { wall: fanOutPhase.wall, server: fanOutPhase.server, clients: fanOutPhase.clients },
      tally: { wall: tallyPhase.wall, server: tallyPhase.server, clients: tallyPhase.clients },
    },
  };
}

console.log(JSON.stringify(input.kind === 'room' ? await room() : await baseline()));
process.exit(0);
