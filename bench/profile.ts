// Where a choice's time goes, phase by phase, and how many D1 statements and round trips each player route makes.
// The Worker's clock stands still while it computes (workerd's timing-attack guard), so the CPU phases are timed
// here in Node on the same engine and the same flagship run, and the HTTP phases by difference between sequential
// requests that add one phase each: the bare route (middleware), the same route signed in (+ the session lookup),
// a resume (+ loading the run, replay, view, JSON) and a choice (+ body validation, the write). D1 counts come
// from the counting wrapper of the binding (`X-D1-Counts`, development only).
import flagship from '../scenarios/strikes-across-the-border.json';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/db/queries/demo-accounts';
import { checksPayload, choose, start, view, type RunState, type Scenario } from '../api/engine';
import { signInCookie, startThrowawayServer } from '../scripts/lib/test-server';
import { printTable } from './table';

const ROUNDS = 40;
const scenario = flagship as unknown as Scenario;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median time of `fn` over `rounds` calls, in ms. */
function cpu(fn: () => unknown, rounds = 200): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

// A run halfway through: the typical choice replays about ten decisions.
const side = 'islamabad';
let state = start(scenario, side, 'profile-seed');
const log: { choiceId: string }[] = [];
while (state.ok && state.value.endingId === null && log.length < 10) {
  const at = state.value.nodeId;
  const node = scenario.nodes.find((n) => n.id === at)!;
  const choiceId = node.choices![1 % node.choices!.length]!.id;
  log.push({ choiceId });
  state = choose(state.value, choiceId);
}
const mid = (state as { ok: true; value: RunState }).value;
const replay = () => {
  let s = start(scenario, side, 'profile-seed');
  for (const d of log) if (s.ok) s = choose(s.value, d.choiceId);
  return s;
};
const nextChoices = scenario.nodes.find((n) => n.id === mid.nodeId)!.choices!;
const nextChoice = nextChoices[1 % nextChoices.length]!.id;
const response = { view: view(mid), checks: checksPayload(mid, []) };
const cpuPhases = {
  replay: cpu(replay),
  choose: cpu(() => choose(mid, nextChoice)),
  view: cpu(() => ({ view: view(mid), checks: checksPayload(mid, []) })),
  json: cpu(() => JSON.stringify(response)),
};

const server = await startThrowawayServer();
try {
  const counted = { 'X-D1-Counts': '1' };
  const cookie = await signInCookie(server.url, DEMO_ACCOUNTS[2].email, DEMO_PASSWORD);
  const headers = { 'Content-Type': 'application/json', Origin: server.url, Cookie: cookie };
  const timed = async (url: string, init: RequestInit = {}) => {
    const t = performance.now();
    const r = await fetch(url, init);
    const body = await r.text();
    if (!r.ok) throw new Error(`${r.status}: ${body.slice(0, 200)}`);
    return { ms: performance.now() - t, d1: r.headers.get('X-D1-Counts') ?? '', body };
  };
  const startRun = () =>
    timed(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { ...headers, ...counted },
      body: JSON.stringify({ scenario: 'strikes-across-the-border', side }),
    });
  type Reply = {
    run: { id: string };
    view: { step: number; status: string; decision: { choices: { id: string }[] } };
  };
  await startRun(); // warm the isolate's scenario cache
  const times = {
    bare: [] as number[],
    session: [] as number[],
    resume: [] as number[],
    choice: [] as number[],
    start: [] as number[],
  };
  const counts: Record<string, string> = {};
  for (let i = 0; i < ROUNDS; i++) {
    const bare = await timed(`${server.url}/api/auth/me`);
    times.bare.push(bare.ms);
    const me = await timed(`${server.url}/api/auth/me`, { headers: { ...headers, ...counted } });
    times.session.push(me.ms);
    counts['GET /api/auth/me (signed in)'] = me.d1;
    const started = await startRun();
    times.start.push(started.ms);
    counts['POST /api/runs (start)'] = started.d1;
    let reply = JSON.parse(started.body) as Reply;
    // Ten choices in, like the Node replay above; time the eleventh and a resume there.
    const pick = (r: Reply) => r.view.decision.choices[1 % r.view.decision.choices.length]!.id;
    for (let step = 0; step < 10 && reply.view.status === 'deciding'; step++) {
      const r = await timed(`${server.url}/api/runs/${reply.run.id}/choices`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ step: reply.view.step, choiceId: pick(reply) }),
      });
      reply = JSON.parse(r.body) as Reply;
    }
    if (reply.view.status !== 'deciding') continue; // this seed's run ended early
    const resume = await timed(`${server.url}/api/runs/${reply.run.id}`, {
      headers: { ...headers, ...counted },
    });
    times.resume.push(resume.ms);
    counts['GET /api/runs/:id (resume)'] = resume.d1;
    const choice = await timed(`${server.url}/api/runs/${reply.run.id}/choices`, {
      method: 'POST',
      headers: { ...headers, ...counted },
      body: JSON.stringify({ step: reply.view.step, choiceId: pick(reply) }),
    });
    times.choice.push(choice.ms);
    counts['POST /api/runs/:id/choices'] = choice.d1;
  }
  for (const [name, path] of [
    ['GET /api/scenarios (catalog)', '/api/scenarios'],
    ['GET /api/runs (my runs)', '/api/runs'],
    ['GET /api/assignments (student home)', '/api/assignments'],
  ] as const)
    counts[name] = (await timed(`${server.url}${path}`, { headers: { ...headers, ...counted } })).d1;

  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<
    keyof typeof times,
    number
  >;
  const d1Ms = (line: string) => Number(/ms=(\d+)/.exec(line)?.[1] ?? NaN);
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const httpCpu = cpuPhases.replay + cpuPhases.view + cpuPhases.json;
  printTable(
    `Where a choice's time goes (sequential, median of ${ROUNDS}; CPU phases timed in Node on the flagship at step 10)`,
    ['phase', 'time', 'how it is measured'],
    [
      [
        'middleware (request id, headers, CSRF, body limit)',
        ms(m.bare),
        'GET /api/auth/me, no cookie: the floor',
      ],
      [
        'session lookup (1 D1 trip, now batched with the run)',
        ms(m.session - m.bare),
        'signed-in /auth/me − bare',
      ],
      [
        'loading the run (D1: run + log + answers)',
        `${d1Ms(counts['GET /api/runs/:id (resume)']!)} ms`,
        'D1 time of the resume (X-D1-Counts)',
      ],
      ['replay (10 decisions)', ms(cpuPhases.replay), 'engine in Node'],
      ['the choice itself (engine)', ms(cpuPhases.choose), 'engine in Node'],
      ['view + checks', ms(cpuPhases.view), 'engine in Node'],
      ['JSON of the response', ms(cpuPhases.json), 'JSON.stringify in Node'],
      ['resume, all of it', ms(m.resume), `bare + one D1 trip + ${ms(httpCpu)} of CPU above`],
      ['the write (D1 batch)', ms(m.choice - m.resume), 'choice − resume (body parse + validation + write)'],
      ['choice, all of it', ms(m.choice), ''],
      ['start a run, all of it', ms(m.start), ''],
    ],
  );
  printTable(
    'D1 per request (counting wrapper of the binding; sequential = round trips a request waits for one after another)',
    ['route', 'D1'],
    Object.entries(counts).map(([route, line]) => [route, line.replace(/; ms=\d+/, '')]),
  );
} finally {
  await server.stop();
}
