// The results dashboard on local workerd, beside the bare route in the same run: the results' first load (time to
// first byte, total, bytes), an unchanged poll (304), a second page of students, the instructor home and the streamed
// CSV export, with D1 statements and round trips and workerd's memory before and after. By default one cohort of 300
// students × 20 decisions × 10 answers; the school-size case is
// DASHBOARD_COHORTS=3000,1000,300 DASHBOARD_JUSTIFICATION=500 (three cohorts of one instructor, measured on the largest).
// DASHBOARD_ANSWERS=0 seeds no answers.
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../api/db/queries/demo-accounts';
import type { LocalD1 } from '../scripts/lib/local';
import { signInCookie, startThrowawayServer } from '../scripts/lib/test-server';
import { printTable } from './table';
import { workerdMemoryMb } from './workerd-proc';
import { loadavg } from 'node:os';

const COHORTS = (process.env.DASHBOARD_COHORTS ?? process.env.DASHBOARD_STUDENTS ?? '300')
  .split(',')
  .map(Number);
const STUDENTS = COHORTS[0]!;
const JUSTIFICATION = Number(process.env.DASHBOARD_JUSTIFICATION ?? 0);
const DECISIONS = 20;
const ANSWERS = Number(process.env.DASHBOARD_ANSWERS ?? 10);
const cohortIds = COHORTS.map(() => ({ cohort: crypto.randomUUID(), assignment: crypto.randomUUID() }));
const ids = cohortIds[0]!;
const sql = (v: string | number | null) =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;

async function seedCohorts(d1: LocalD1) {
  for (const [i, size] of COHORTS.entries()) await seedCohort(d1, size, cohortIds[i]!, i);
}

async function seedCohort(
  d1: LocalD1,
  size: number,
  ids: { cohort: string; assignment: string },
  nth: number,
) {
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
    `INSERT INTO cohorts (id, name, join_code, created_by) VALUES (${sql(ids.cohort)}, 'Benchmark cohort ${nth + 1}', 'BENCHXY${'ABCDEFGH'[nth]}', ${sql(instructor!.id)})`,
    `INSERT INTO cohort_instructors (cohort_id, user_id) VALUES (${sql(ids.cohort)}, ${sql(instructor!.id)})`,
    `INSERT INTO assignments (id, cohort_id, scenario_version_id, side) VALUES (${sql(ids.assignment)}, ${sql(ids.cohort)}, ${sql(version!.id)}, 'islamabad')`,
  ];
  for (let s = 0; s < size; s++) {
    const user = crypto.randomUUID();
    const run = crypto.randomUUID();
    statements.push(
      `INSERT INTO users (id, email, display_name, password_hash, role) VALUES (${sql(user)}, 'bench${nth}-${s}@example.edu', 'Student ${nth}-${s}', 'x', 'student')`,
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
  // Long justifications make big statements: smaller batches keep each request to the local D1 well under its limits.
  const per = JUSTIFICATION > 100 ? 20 : 200;
  for (let i = 0; i < statements.length; i += per)
    await d1.batch(statements.slice(i, i + per).map((q) => d1.prepare(q)));
}

const server = await startThrowawayServer(seedCohorts);
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
      bytes: new TextEncoder().encode(body).length,
      etag: response.headers.get('ETag') ?? '',
      status: response.status,
      d1: (response.headers.get('X-D1-Counts') ?? '').replace(/; ms=\d+/, ''),
    };
  };
  const load = () => loadavg()[0]!.toFixed(1);
  const loadBefore = load();
  const memoryBefore = workerdMemoryMb();
  const warm = await time(`${base}/results`); // warm the isolate's scenario cache
  const runs = 15;
  const series = async (url: string, headers: Record<string, string> = {}, n = runs) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(await time(url, headers));
    return out;
  };
  const bare = await series(`${server.url}/api/auth/me`);
  const polls = await series(`${base}/results`, { 'If-None-Match': warm.etag });
  const homes = await series(`${server.url}/api/cohorts`);
  const results = await series(`${base}/results`);
  const pages = await series(`${base}/students?page=2`);
  const exports = await series(`${base}/export`, {}, 5);
  const bareAfter = await series(`${server.url}/api/auth/me`);
  const memoryAfter = workerdMemoryMb();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const bareMs = median([...bare, ...bareAfter].map((r) => r.total));
  const size = (bytes: number) =>
    bytes >= 1024 * 1024
      ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
      : bytes >= 1024
        ? `${(bytes / 1024).toFixed(0)} KB`
        : `${bytes} B`;
  const row = (name: string, xs: Awaited<ReturnType<typeof time>>[]) => [
    name,
    `${median(xs.map((r) => r.firstByte)).toFixed(1)} ms`,
    `${median(xs.map((r) => r.total)).toFixed(1)} ms`,
    `${(median(xs.map((r) => r.total)) / bareMs).toFixed(1)}×`,
    size(xs[0]!.bytes),
    xs[0]!.d1,
  ];
  console.log(
    `\nworkerd memory: ${memoryBefore.toFixed(0)} MB before, ${memoryAfter.toFixed(0)} MB after (+${(memoryAfter - memoryBefore).toFixed(0)} MB)` +
      `\nload average (1 min): ${loadBefore} before, ${load()} after (2 cores)`,
  );
  printTable(
    `Results dashboard: cohorts of ${COHORTS.join(' + ')} students × ${DECISIONS} decisions × ${ANSWERS} answers${JUSTIFICATION ? `, ${JUSTIFICATION}-character justifications` : ''}; measured on the ${STUDENTS} (local workerd, median)`,
    ['request', 'first byte', 'complete', '÷ bare', 'size', 'D1'],
    [
      row('GET …/results (first load)', results),
      row(`GET …/results, unchanged poll (${polls[0]!.status})`, polls),
      row('GET …/students?page=2', pages),
      row('GET /api/cohorts (instructor home)', homes),
      row('GET …/export (CSV, streamed)', exports),
      row('GET /api/auth/me (bare route: the floor)', [...bare, ...bareAfter]),
    ],
  );
} finally {
  await server.stop();
}
