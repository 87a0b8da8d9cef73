import { sql, type SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { historicalNodeIds, type CheckAnswer, type CheckSlot, type Scenario } from '../../engine';
import type { Db } from '..';
import { completionOf, flowOrder, type RunWithDecisions } from './cohorts';
import { asksAtNodes, computeKnowledgeResults, runKnowledge } from './cohort-checks';
import type { Grade } from '../../lib/grade';
import { gradeOf } from '../../lib/grade';

/** Students per page of the dashboard's list (the first page comes with the results). */
export const STUDENT_PAGE_SIZE = 50;
/** Justifications shown per decision, and students named per question wrong: the rest are counted (the CSV has all). */
export const JUSTIFICATIONS_SHOWN = 10;
export const WRONG_SHOWN = 20;

/**
 * Each student's counted run on an assignment, as a common table expression: their best run (finished beats in
 * progress; among equals the first by id), the run `computeResults` counts. Every aggregate below starts from it,
 * so the dashboard's figures cost what the database does, not rows shipped to the Worker.
 */
const counted = (assignmentId: string, only: SQL = sql``) => sql`counted AS (
  SELECT id, user_id, side, seed, status, score, historical_alignment, ending_id, step, finished_at FROM (
    SELECT r.id, r.user_id, r.side, r.seed, r.status, r.score, r.historical_alignment, r.ending_id, r.step, r.finished_at,
      row_number() OVER (PARTITION BY r.user_id ORDER BY r.status = 'finished' DESC, r.id) AS rank
    FROM runs r
    WHERE r.assignment_id = ${assignmentId} AND r.status IN ('finished', 'in_progress') AND r.user_id IS NOT NULL ${only}
  ) WHERE rank = 1
)`;

/**
 * Per run, its answers (and, when questions are placed at nodes, its decisions for the replay) as JSON, so that a
 * run's knowledge comes in one row however many answers it has.
 */
const runExtras = (scenario: Scenario) => sql`,
  (SELECT json_group_array(json_array(a.check_id, a.slot, json(a.option_ids))) FROM check_answers a WHERE a.run_id = c.id) AS answers
  ${asksAtNodes(scenario) ? sql`, (SELECT json_group_array(json_array(node_id, choice_id)) FROM (SELECT d.node_id, d.choice_id FROM decisions d WHERE d.run_id = c.id ORDER BY d.step)) AS path` : sql`, NULL AS path`}`;

type RunRowSql = {
  runId: string | null;
  userId: string;
  side: string | null;
  seed: string | null;
  status: string | null;
  score: number | null;
  historicalAlignment: number | null;
  endingId: string | null;
  step: number | null;
  finishedAt: number | null;
  answers: string | null;
  path: string | null;
};

const runColumns = sql`c.id AS runId, c.side AS side, c.seed AS seed, c.status AS status, c.score AS score,
  c.historical_alignment AS historicalAlignment, c.ending_id AS endingId, c.step AS step, c.finished_at AS finishedAt`;

/** A counted run's row as the per-run computations take it, with its answers. */
function runOf(row: RunRowSql): { run: RunWithDecisions; answers: CheckAnswer[] } | null {
  if (!row.runId) return null;
  const path = row.path ? (JSON.parse(row.path) as [string, string][]) : null;
  const decisions = path
    ? path.map(([nodeId, choiceId]) => ({ nodeId, choiceId, justification: null, timeTakenMs: 0 }))
    : // Without node-placed questions only the number of decisions matters to the knowledge score.
      Array.from({ length: row.step ?? 0 }, () => ({
        nodeId: '',
        choiceId: '',
        justification: null,
        timeTakenMs: 0,
      }));
  const answers = (JSON.parse(row.answers ?? '[]') as [string, CheckSlot, string[]][]).map(
    ([checkId, slot, optionIds]) => ({ checkId, slot, optionIds }),
  );
  return {
    run: {
      runId: row.runId,
      userId: row.userId,
      side: row.side ?? '',
      seed: row.seed ?? '',
      status: row.status ?? '',
      score: row.score,
      historicalAlignment: row.historicalAlignment,
      endingId: row.endingId,
      step: row.step ?? 0,
      finishedAt: row.finishedAt === null ? null : new Date(row.finishedAt),
      decisions,
    },
    answers,
  };
}

const dialect = new SQLiteAsyncDialect();

/**
 * Raw statements in one D1 batch: one round trip. (Drizzle's `db.batch` cannot bind the parameters of `db.all(sql)`
 * items, so they go to the binding, or the request's session, directly.)
 */
async function allInOneTrip<Q extends readonly Typed<unknown>[]>(
  db: Db,
  queries: [...Q],
): Promise<{ [K in keyof Q]: Q[K] extends Typed<infer T> ? T[] : never }> {
  const statements = queries.map((query) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return db.$client.prepare(text).bind(...params);
  });
  const results = await db.$client.batch(statements);
  return results.map((r) => r.results) as { [K in keyof Q]: Q[K] extends Typed<infer T> ? T[] : never };
}

/** A statement typed by the rows it reads. */
type Typed<T> = SQL & { readonly rowType?: T };
const typed = <T>(query: SQL) => query as Typed<T>;

/** A LIKE pattern matching `q` anywhere, with LIKE's wildcards taken literally. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export type StudentsQuery = { page: number; pageSize: number; q?: string };

/**
 * One page of an assignment's students (by name; `q` filters by name or email), each with their counted run's
 * status, score and grade, and the number of students matching. Two statements in one round trip; the caller has
 * checked that it teaches the cohort.
 */
export async function studentPage(
  db: Db,
  args: {
    cohortId: string;
    assignmentId: string;
    scenario: Scenario;
    dueAt: Date | null;
    grade: Grade;
  } & StudentsQuery,
) {
  const { cohortId, assignmentId, scenario, page, pageSize } = args;
  const q = args.q?.trim();
  const filter = q
    ? sql`AND (u.display_name LIKE ${containing(q)} ESCAPE '\\' OR u.email LIKE ${containing(q)} ESCAPE '\\')`
    : sql``;
  const [rows, [total]] = await allInOneTrip(db, [
    // The page's students first, then only their runs (index runs_user): the cost follows the page, not the cohort.
    typed<RunRowSql & { displayName: string }>(sql`WITH page AS (
        SELECT u.id, u.display_name FROM cohort_members m JOIN users u ON u.id = m.user_id
        WHERE m.cohort_id = ${cohortId} ${filter}
        ORDER BY u.display_name, u.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
      ), ${counted(assignmentId, sql`AND r.user_id IN (SELECT id FROM page)`)}
      SELECT p.id AS userId, p.display_name AS displayName, ${runColumns} ${runExtras(scenario)}
      FROM page p LEFT JOIN counted c ON c.user_id = p.id
      ORDER BY p.display_name, p.id`),
    typed<{ n: number }>(sql`SELECT count(*) AS n FROM cohort_members m JOIN users u ON u.id = m.user_id
      WHERE m.cohort_id = ${cohortId} ${filter}`),
  ]);
  const students = rows.map((row) => {
    const counted = runOf(row);
    const knowledge = counted ? runKnowledge(scenario, counted.run, counted.answers) : null;
    return {
      id: row.userId,
      displayName: row.displayName,
      status: completionOf(counted?.run, args.dueAt),
      runId: row.runId,
      side: row.side,
      score: row.score,
      endingId: row.endingId,
      step: row.step ?? 0,
      grade: counted
        ? gradeOf(args.grade, { ...counted.run, knowledgeScore: knowledge?.score ?? null })
        : null,
      knowledge:
        knowledge && knowledge.score !== null ? { score: knowledge.score, gain: knowledge.gain } : null,
    };
  });
  return { students, page, pageSize, total: Number(total?.n ?? 0) };
}

/**
 * The dashboard's class figures for one assignment, computed in SQL over each student's counted run: completion,
 * score bands per side, per-decision choice counts, median times and the first justifications (with their number),
 * the flow between decisions and into endings, and the endings. The knowledge figures come from one row per counted
 * run (its answers as JSON) through the same per-run computation as before. One round trip for all of it; the caller
 * has checked that it teaches the cohort. Matches `computeResults` and `computeKnowledgeResults` (tested).
 */
export async function resultAggregates(
  db: Db,
  args: { cohortId: string; assignmentId: string; scenario: Scenario; dueAt: Date | null },
) {
  const { cohortId, assignmentId, scenario } = args;
  const due = args.dueAt?.getTime() ?? null;
  const withCounted = (body: SQL) => sql`WITH ${counted(assignmentId)} ${body}`;
  const hasChecks = (scenario.checks ?? []).length > 0;
  // Each join starts from `counted` (CROSS JOIN keeps that order) and looks the rest up by index: left to itself the
  // planner may scan every decision and probe the unindexed `counted` for each.
  const [completionRows, bands, choiceRows, medians, justificationRows, flowRows, endingRows, knowledgeRows] =
    await allInOneTrip(db, [
      // Members with a counted run by status, and (status null) every member: the rest have not started.
      typed<{ status: string | null; late: number; n: number }>(
        withCounted(sql`SELECT c.status AS status,
          (c.status = 'finished' AND ${due} IS NOT NULL AND c.finished_at IS NOT NULL AND c.finished_at > ${due}) AS late,
          count(*) AS n
          FROM counted c CROSS JOIN cohort_members m ON m.cohort_id = ${cohortId} AND m.user_id = c.user_id
          GROUP BY 1, 2
          UNION ALL SELECT NULL, 0, count(*) FROM cohort_members m WHERE m.cohort_id = ${cohortId}`),
      ),
      typed<{ side: string; band: number; n: number }>(
        withCounted(sql`SELECT side, min(9, score / 10) AS band, count(*) AS n FROM counted
          WHERE status = 'finished' AND score IS NOT NULL GROUP BY 1, 2`),
      ),
      typed<{ nodeId: string; choiceId: string; n: number }>(
        withCounted(sql`SELECT d.node_id AS nodeId, d.choice_id AS choiceId, count(*) AS n
          FROM counted c CROSS JOIN decisions d ON d.run_id = c.id GROUP BY 1, 2`),
      ),
      // The median as computeResults takes it: the element at ⌊n/2⌋ of the sorted times.
      typed<{ nodeId: string; ms: number }>(
        withCounted(sql`SELECT nodeId, ms FROM (
          SELECT d.node_id AS nodeId, d.time_taken_ms AS ms,
            row_number() OVER (PARTITION BY d.node_id ORDER BY d.time_taken_ms) - 1 AS i,
            count(*) OVER (PARTITION BY d.node_id) AS n
          FROM counted c CROSS JOIN decisions d ON d.run_id = c.id
        ) WHERE i = n / 2`),
      ),
      typed<{ nodeId: string; choiceId: string; text: string; student: string; total: number }>(
        withCounted(sql`SELECT nodeId, choiceId, text, student, total FROM (
          SELECT d.node_id AS nodeId, d.choice_id AS choiceId, d.justification AS text,
            coalesce(u.display_name, 'Student') AS student,
            row_number() OVER (PARTITION BY d.node_id ORDER BY c.id, d.step) AS i,
            count(*) OVER (PARTITION BY d.node_id) AS total
          FROM counted c CROSS JOIN decisions d ON d.run_id = c.id
          LEFT JOIN cohort_members m ON m.cohort_id = ${cohortId} AND m.user_id = c.user_id
          LEFT JOIN users u ON u.id = m.user_id
          WHERE d.justification IS NOT NULL AND d.justification != ''
        ) WHERE i <= ${JUSTIFICATIONS_SHOWN} ORDER BY i`),
      ),
      typed<{ source: string; target: string; n: number }>(
        withCounted(sql`SELECT source, target, count(*) AS n FROM (
          SELECT coalesce(lag(d.node_id) OVER (PARTITION BY d.run_id ORDER BY d.step), 'start') AS source,
            d.node_id AS target
          FROM counted c CROSS JOIN decisions d ON d.run_id = c.id
          UNION ALL
          SELECT coalesce((SELECT d.node_id FROM decisions d WHERE d.run_id = c.id ORDER BY d.step DESC LIMIT 1), 'start'),
            'ending:' || c.ending_id
          FROM counted c WHERE c.ending_id IS NOT NULL AND c.ending_id != ''
        ) GROUP BY 1, 2 ORDER BY n DESC, source, target`),
      ),
      typed<{ endingId: string; n: number }>(
        withCounted(sql`SELECT ending_id AS endingId, count(*) AS n FROM counted
          WHERE ending_id IS NOT NULL AND ending_id != '' GROUP BY 1`),
      ),
      // Only members' runs count toward the class's knowledge, as on the dashboard before.
      typed<RunRowSql & { displayName: string }>(
        withCounted(sql`SELECT u.id AS userId, u.display_name AS displayName, ${runColumns} ${runExtras(scenario)}
          FROM counted c CROSS JOIN cohort_members m ON m.cohort_id = ${cohortId} AND m.user_id = c.user_id
          CROSS JOIN users u ON u.id = c.user_id
          WHERE ${hasChecks ? sql`1` : sql`0`}
          ORDER BY u.display_name, u.id`),
      ),
    ]);

  const completion = { not_started: 0, in_progress: 0, done: 0, late: 0 };
  let members = 0;
  for (const row of completionRows) {
    if (row.status === null) members = Number(row.n);
    else completion[row.status !== 'finished' ? 'in_progress' : row.late ? 'late' : 'done'] += Number(row.n);
  }
  completion.not_started = members - completion.in_progress - completion.done - completion.late;

  const scores: Record<string, number[]> = {};
  for (const side of scenario.sides.filter((s) => s.playable)) scores[side.id] = Array<number>(10).fill(0);
  for (const row of bands) if (scores[row.side]) scores[row.side]![Number(row.band)]! += Number(row.n);

  const counts = new Map<string, Map<string, number>>();
  for (const row of choiceRows) {
    const node = counts.get(row.nodeId) ?? new Map<string, number>();
    node.set(row.choiceId, Number(row.n));
    counts.set(row.nodeId, node);
  }
  const median = new Map(medians.map((m) => [m.nodeId, Number(m.ms)]));
  const justifications = new Map<
    string,
    { shown: { student: string; choiceId: string; text: string }[]; total: number }
  >();
  for (const row of justificationRows) {
    const entry = justifications.get(row.nodeId) ?? { shown: [], total: Number(row.total) };
    entry.shown.push({ student: row.student, choiceId: row.choiceId, text: row.text });
    justifications.set(row.nodeId, entry);
  }
  const onPath = historicalNodeIds(scenario);
  // Decisions in the order a run meets them, as computeResults gives them.
  const runOrder = flowOrder(scenario);
  const decisions = scenario.nodes
    .filter((n) => counts.has(n.id))
    .sort((a, b) => runOrder.get(a.id)! - runOrder.get(b.id)!)
    .map((node) => {
      const tally = counts.get(node.id)!;
      const said = justifications.get(node.id);
      return {
        nodeId: node.id,
        title: node.title,
        side: node.side ?? '',
        onHistoricalPath: onPath.has(node.id),
        choices: (node.choices ?? []).map((c) => ({
          choiceId: c.id,
          label: c.label,
          historical: Boolean(c.historical),
          count: tally.get(c.id) ?? 0,
        })),
        justifications: said?.shown ?? [],
        justificationCount: said?.total ?? 0,
        medianTimeMs: median.get(node.id) ?? null,
      };
    });

  const endingCounts = new Map(endingRows.map((e) => [e.endingId, Number(e.n)]));
  const knowledgeRuns = knowledgeRows.flatMap((row) => {
    const run = runOf(row);
    return run ? [{ ...run, displayName: row.displayName }] : [];
  });
  const knowledge = computeKnowledgeResults(
    scenario,
    knowledgeRuns.map((k) => ({ id: k.run.userId, displayName: k.displayName, runId: k.run.runId })),
    knowledgeRuns.map((k) => k.run),
    new Map(knowledgeRuns.map((k) => [k.run.runId, k.answers])),
  );
  return {
    completion,
    scores,
    decisions,
    flow: flowRows.map((f) => ({ from: f.source, to: f.target, count: Number(f.n) })),
    endings: scenario.endings
      .map((e) => ({ endingId: e.id, title: e.title, count: endingCounts.get(e.id) ?? 0 }))
      .filter((e) => e.count > 0),
    knowledge: {
      ...knowledge,
      questions: knowledge.questions.map((q) => ({
        ...q,
        wrong: q.wrong.slice(0, WRONG_SHOWN),
        wrongCount: q.wrong.length,
      })),
    },
  };
}

export type ExportRun = RunWithDecisions & {
  displayName: string | null;
  email: string | null;
  answers: CheckAnswer[];
};

/**
 * One batch of an assignment's runs (in progress or finished) for the CSV export, after `after` by id: each with
 * its student's name and email (members only), its decisions in order (justifications only when asked for) and its
 * answers. Two statements in one round trip, so the export reads the cohort in batches and never holds it whole.
 */
export async function exportBatch(
  db: Db,
  args: { cohortId: string; assignmentId: string; after: string; limit: number; justifications: boolean },
): Promise<ExportRun[]> {
  const batch = sql`batch AS (
    SELECT r.id, r.user_id, r.side, r.seed, r.status, r.score, r.historical_alignment, r.ending_id, r.step, r.finished_at
    FROM runs r
    WHERE r.assignment_id = ${args.assignmentId} AND r.status IN ('finished', 'in_progress')
      AND r.user_id IS NOT NULL AND r.id > ${args.after}
    ORDER BY r.id LIMIT ${args.limit}
  )`;
  const [runRows, decisionRows] = await allInOneTrip(db, [
    typed<RunRowSql & { displayName: string | null; email: string | null }>(sql`WITH ${batch}
      SELECT c.user_id AS userId, u.display_name AS displayName, u.email AS email, ${runColumns},
        (SELECT json_group_array(json_array(a.check_id, a.slot, json(a.option_ids))) FROM check_answers a WHERE a.run_id = c.id) AS answers,
        NULL AS path
      FROM batch c LEFT JOIN cohort_members m ON m.cohort_id = ${args.cohortId} AND m.user_id = c.user_id
      LEFT JOIN users u ON u.id = m.user_id
      ORDER BY c.id`),
    typed<{
      runId: string;
      nodeId: string;
      choiceId: string;
      justification: string | null;
      timeTakenMs: number;
    }>(
      sql`WITH ${batch}
      SELECT d.run_id AS runId, d.node_id AS nodeId, d.choice_id AS choiceId,
        ${args.justifications ? sql`d.justification` : sql`NULL`} AS justification, d.time_taken_ms AS timeTakenMs
      FROM batch c JOIN decisions d ON d.run_id = c.id
      ORDER BY d.run_id, d.step`,
    ),
  ]);
  const decisionsOf = new Map<string, RunWithDecisions['decisions']>();
  for (const d of decisionRows) {
    const list = decisionsOf.get(d.runId) ?? [];
    list.push({
      nodeId: d.nodeId,
      choiceId: d.choiceId,
      justification: d.justification,
      timeTakenMs: d.timeTakenMs ?? 0,
    });
    decisionsOf.set(d.runId, list);
  }
  return runRows.flatMap((row) => {
    const counted = runOf(row);
    if (!counted) return [];
    return [
      {
        ...counted.run,
        decisions: decisionsOf.get(counted.run.runId) ?? [],
        displayName: row.displayName,
        email: row.email,
        answers: counted.answers,
      },
    ];
  });
}
