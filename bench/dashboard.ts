// The results dashboard of a generated cohort of 300 students with 20 decisions and 10 knowledge-check answers
// each, on local workerd: response time of the results route and of the streamed CSV export (aim: under 100 ms of
// server time; the results come from three D1 queries, which tests/api/cohorts-scale.test.ts checks, and the
// answers from a fourth read beside them). DASHBOARD_ANSWERS=0 seeds no answers.
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/db/queries/demo-accounts';
import type { LocalD1 } from '../scripts/lib/local';
import { signInCookie, startThrowawayServer } from '../scripts/lib/test-server';
import { printTable } from './table';
import { workerdMemoryMb } from './workerd-proc';

// DASHBOARD_STUDENTS=3000 DASHBOARD_JUSTIFICATION=500 gives the school-size case (one cohort of 3,000).
const STUDENTS = Number(process.env.DASHBOARD_STUDENTS ?? 300);
const JUSTIFICATION = Number(process.env.DASHBOARD_JUSTIFICATION ?? 0);
const DECISIONS = 20;
const ANSWERS = Number(process.env.DASHBOARD_ANSWERS ?? 10);
const ids = { cohort: crypto.randomUUID(), assignment: crypto.randomUUID() };
const sql = (v: string | number | null) =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;

async function seedCohort(d1: LocalD1) {
  const instructor = await d1
    .prepare('SELECT id FROM users WHERE email = ?')
    .bind(DEMO_ACCOUNTS[1].email)
    .first<{ id: string }>();
  const version = await d1
    .prepare(
      "SELECT v.id, v.content FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id WHERE s.slug = 'strikes-across-the-border' AND v.status = 'published'",
    )
    .first<{ id: string; content: string }>();
  const scenario = JSON.parse(version!.content) as {
    nodes: { id: string; side: string | null; choices?: { id: string }[] }[];
    endings: { id: string }[];
    checks?: { id: string; options: { id: string }[]; placements: { at: string }[] }[];
  };
  // The first ANSWERS places a question is asked (the flagship has 12), answered by every student.
  const slots = (scenario.checks ?? []).flatMap((c) => c.placements.map((p) => ({ check: c, slot: p.at })));
  const decisionNodes = scenario.nodes.filter((n) => n.side === 'islamabad');
  const now = Date.now();
  const statements: string[] = [
    `INSERT INTO cohorts (id, name, join_code, created_by) VALUES (${sql(ids.cohort)}, 'Benchmark cohort', 'BENCHXYZ', ${sql(instructor!.id)})`,
    `INSERT INTO cohort_instructors (cohort_id, user_id) VALUES (${sql(ids.cohort)}, ${sql(instructor!.id)})`,
    `INSERT INTO assignments (id, cohort_id, scenario_version_id, side) VALUES (${sql(ids.assignment)}, ${sql(ids.cohort)}, ${sql(version!.id)}, 'islamabad')`,
  ];
  for (let s = 0; s < STUDENTS; s++) {
    const user = crypto.randomUUID();
    const run = crypto.randomUUID();
    statements.push(
      `INSERT INTO users (id, email, display_name, password_hash, role) VALUES (${sql(user)}, 'bench${s}@example.edu', 'Student ${s}', 'x', 'student')`,
      `INSERT INTO cohort_members (cohort_id, user_id) VALUES (${sql(ids.cohort)}, ${sql(user)})`,
      `INSERT INTO runs (id, scenario_version_id, user_id, side, seed, status, step, ending_id, score, historical_alignment, assignment_id, updated_at, finished_at)
        VALUES (${sql(run)}, ${sql(version!.id)}, ${sql(user)}, 'islamabad', 'seed', 'finished', ${DECISIONS}, ${sql(scenario.endings[s % scenario.endings.length]!.id)}, ${(s * 37) % 101}, 0.5, ${sql(ids.assignment)}, ${now}, ${now})`,
    );
    const values = Array.from({ length: DECISIONS }, (_, step) => {
      const node = decisionNodes[step % decisionNodes.length]!;
      const choice = node.choices![(s + step) % node.choices!.length]!;
      return `(${sql(crypto.randomUUID())}, ${sql(run)}, ${step}, ${sql(node.id)}, ${sql(choice.id)}, ${JUSTIFICATION ? sql(`Reason ${s}-${step}: `.padEnd(JUSTIFICATION, 'x')) : step % 5 === 0 ? sql(`Reason ${s}-${step}, in a sentence.`) : 'NULL'}, ${1000 + step * 10})`;
    });
    statements.push(
      `INSERT INTO decisions (id, run_id, step, node_id, choice_id, justification, time_taken_ms) VALUES ${values.join(', ')}`,
    );
    const answers = slots.slice(0, ANSWERS).map(({ check, slot }, i) => {
      const option = check.options[(s + i) % check.options.length]!;
      return `(${sql(crypto.randomUUID())}, ${sql(run)}, ${sql(check.id)}, ${sql(slot)}, ${sql(JSON.stringify([option.id]))}, ${(s + i) % 2}, ${2000 + i})`;
    });
    if (answers.length)
      statements.push(
        `INSERT INTO check_answers (id, run_id, check_id, slot, option_ids, correct, time_taken_ms) VALUES ${answers.join(', ')}`,
      );
  }
  for (let i = 0; i < statements.length; i += 200)
    await d1.batch(statements.slice(i, i + 200).map((q) => d1.prepare(q)));
}

const server = await startThrowawayServer(seedCohort);
try {
  const cookie = await signInCookie(server.url, DEMO_ACCOUNTS[1].email, DEMO_PASSWORD);
  const base = `${server.url}/api/cohorts/${ids.cohort}/assignments/${ids.assignment}`;
  const time = async (url: string, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const response = await fetch(url, { headers: { Cookie: cookie, 'X-D1-Counts': '1', ...headers } });
    const firstByte = performance.now() - started;
    const body = await response.text();
    if (!response.ok && response.status !== 304) throw new Error(`${response.status}: ${body.slice(0, 300)}`);
    return {
      firstByte,
      total: performance.now() - started,
      bytes: body.length,
      etag: response.headers.get('ETag') ?? '',
      status: response.status,
      d1: (response.headers.get('X-D1-Counts') ?? '').replace(/; ms=\d+/, ''),
    };
  };
  const memoryBefore = workerdMemoryMb();
  const warm = await time(`${base}/results`); // warm the isolate's scenario cache
  const polls = [];
  for (let i = 0; i < 15; i++) polls.push(await time(`${base}/results`, { 'If-None-Match': warm.etag }));
  const homes = [];
  for (let i = 0; i < 15; i++) homes.push(await time(`${server.url}/api/cohorts`));
  const results = [];
  for (let i = 0; i < 15; i++) results.push(await time(`${base}/results`));
  const exports = [];
  for (let i = 0; i < 5; i++) exports.push(await time(`${base}/export`));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const bare = [];
  for (let i = 0; i < 15; i++) bare.push(await time(`${server.url}/api/auth/me`));
  const memoryAfter = workerdMemoryMb();
  console.log(
    `\nworkerd memory: ${memoryBefore.toFixed(0)} MB before, ${memoryAfter.toFixed(0)} MB after (+${(memoryAfter - memoryBefore).toFixed(0)} MB)` +
      `\nD1: results ${results[0]!.d1}; unchanged poll ${polls[0]!.d1}; home ${homes[0]!.d1}; export ${exports[0]!.d1}` +
      `\nresults ÷ bare: ${(median(results.map((r) => r.total)) / median(bare.map((r) => r.total))).toFixed(1)}×`,
  );
  printTable(
    `Results dashboard: ${STUDENTS} students × ${DECISIONS} decisions × ${ANSWERS} answers (local workerd, median)`,
    ['request', 'first byte', 'complete', 'size'],
    [
      [
        'GET …/results',
        `${median(results.map((r) => r.firstByte)).toFixed(1)} ms`,
        `${median(results.map((r) => r.total)).toFixed(1)} ms`,
        `${(results[0]!.bytes / 1024).toFixed(0)} KB`,
      ],
      [
        'GET …/export (CSV, streamed)',
        `${median(exports.map((r) => r.firstByte)).toFixed(1)} ms`,
        `${median(exports.map((r) => r.total)).toFixed(1)} ms`,
        `${(exports[0]!.bytes / 1024).toFixed(0)} KB`,
      ],
      [
        `GET …/results, unchanged poll (${polls[0]!.status})`,
        `${median(polls.map((r) => r.firstByte)).toFixed(1)} ms`,
        `${median(polls.map((r) => r.total)).toFixed(1)} ms`,
        `${polls[0]!.bytes} B`,
      ],
      [
        'GET /api/cohorts (instructor home)',
        `${median(homes.map((r) => r.firstByte)).toFixed(1)} ms`,
        `${median(homes.map((r) => r.total)).toFixed(1)} ms`,
        `${(homes[0]!.bytes / 1024).toFixed(0)} KB`,
      ],
      [
        'GET /api/auth/me (bare route: the floor)',
        `${median(bare.map((r) => r.firstByte)).toFixed(1)} ms`,
        `${median(bare.map((r) => r.total)).toFixed(1)} ms`,
        '',
      ],
    ],
  );
} finally {
  await server.stop();
}
