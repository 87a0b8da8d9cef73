import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { historicalNodeIds, type Next, type Scenario } from '../../engine';
import { ApiError } from '../../lib/errors';
import type { Grade } from '../../lib/grade';
import { randomCode } from '../../lib/tokens';
import type { SessionUser } from './sessions';
import type { Db } from '..';
import {
  assignments,
  cohortInstructors,
  cohortMembers,
  cohorts,
  decisions,
  runs,
  scenarioVersions,
  scenarios,
  users,
} from '../schema';
import { scenarioOfVersionId } from './runs';

/** A cohort's join code: 8 characters. */
export const newJoinCode = () => randomCode(8);

/** Answers 404 unless the caller teaches the cohort (admins teach every cohort). */
export async function requireTeaching(db: Db, cohortId: string, user: SessionUser) {
  const [row] = await db
    .select({
      id: cohorts.id,
      name: cohorts.name,
      joinCode: cohorts.joinCode,
      joinCodeExpiresAt: cohorts.joinCodeExpiresAt,
    })
    .from(cohorts)
    .leftJoin(
      cohortInstructors,
      and(eq(cohortInstructors.cohortId, cohorts.id), eq(cohortInstructors.userId, user.id)),
    )
    .where(
      and(
        eq(cohorts.id, cohortId),
        user.role === 'admin' ? sql`1` : sql`${cohortInstructors.userId} IS NOT NULL`,
      ),
    );
  if (!row) throw new ApiError(404, 'not_found', 'No such cohort among yours.');
  return row;
}

export type AssignmentRow = {
  id: string;
  cohortId: string;
  scenarioVersionId: string;
  side: string | null;
  opensAt: Date | null;
  dueAt: Date | null;
  allowStepBack: boolean;
  grade: Grade;
  slug: string;
  title: string;
  version: number;
};

/** An assignment's columns with its pinned version's slug, title and number (join scenario_versions and scenarios). */
const assignmentColumns = {
  id: assignments.id,
  cohortId: assignments.cohortId,
  scenarioVersionId: assignments.scenarioVersionId,
  side: assignments.side,
  opensAt: assignments.opensAt,
  dueAt: assignments.dueAt,
  allowStepBack: assignments.allowStepBack,
  grade: assignments.grade,
  slug: scenarios.slug,
  title: scenarioVersions.title,
  version: scenarioVersions.version,
};

/** The assignments of some cohorts, with their pinned scenario versions. */
export function assignmentsOf(db: Db, cohortIds: string[]) {
  return db
    .select(assignmentColumns)
    .from(assignments)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, assignments.scenarioVersionId))
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(cohortIds.length ? inArray(assignments.cohortId, cohortIds) : sql`0`)
    .orderBy(asc(assignments.createdAt));
}

/**
 * How far each assignment of some cohorts has got: its cohort's students who finished a run for it, and those with
 * one in progress only. One query; the caller has already scoped `cohortIds` to cohorts they teach.
 */
export async function assignmentProgress(
  db: Db,
  cohortIds: string[],
): Promise<Map<string, { finished: number; inProgress: number }>> {
  if (cohortIds.length === 0) return new Map();
  // One pass over the assignments' runs, grouped per student then per assignment (index runs_assignment), instead of
  // a subquery per member and assignment: the home's cost follows the runs, not members × assignments × runs.
  const ids = sql.join(
    cohortIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await db.all<{ id: string; finished: number; inProgress: number }>(sql`
    SELECT assignment_id AS id, sum(finished) AS finished, sum(in_progress AND NOT finished) AS inProgress
    FROM (
      SELECT r.assignment_id, max(r.status = 'finished') AS finished, max(r.status = 'in_progress') AS in_progress
      FROM runs r
      JOIN assignments a ON a.id = r.assignment_id
      JOIN cohort_members m ON m.cohort_id = a.cohort_id AND m.user_id = r.user_id
      WHERE a.cohort_id IN (${ids})
      GROUP BY r.assignment_id, r.user_id
    )
    GROUP BY assignment_id`);
  return new Map(rows.map((r) => [r.id, { finished: Number(r.finished), inProgress: Number(r.inProgress) }]));
}

/**
 * Sets an assignment's grade, the one setting for the CSV and the LMS, when the caller teaches its cohort; returns
 * the assignment, or null (a 404 for the caller) when there is no such assignment among theirs.
 */
export async function setAssignmentGrade(
  db: Db,
  args: { cohortId: string; assignmentId: string; grade: Grade },
  user: SessionUser,
): Promise<AssignmentRow | null> {
  await requireTeaching(db, args.cohortId, user);
  const [updated] = await db
    .update(assignments)
    .set({ grade: args.grade })
    .where(and(eq(assignments.id, args.assignmentId), eq(assignments.cohortId, args.cohortId)))
    .returning({ id: assignments.id });
  if (!updated) return null;
  const [row] = await db
    .select(assignmentColumns)
    .from(assignments)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, assignments.scenarioVersionId))
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(eq(assignments.id, args.assignmentId));
  return row ?? null;
}

/** The API's representation of an assignment. */
export const assignmentDto = (a: AssignmentRow) => ({
  id: a.id,
  cohortId: a.cohortId,
  scenario: { slug: a.slug, title: a.title, version: a.version },
  side: a.side,
  opensAt: a.opensAt?.getTime() ?? null,
  dueAt: a.dueAt?.getTime() ?? null,
  allowStepBack: a.allowStepBack,
  grade: a.grade,
});

/** An assignment the caller may start a run for: they are a member of its cohort and it is open. */
export async function requireOpenAssignment(db: Db, assignmentId: string, userId: string, now = new Date()) {
  const [row] = await db
    .select({ assignment: assignments })
    .from(assignments)
    .innerJoin(
      cohortMembers,
      and(eq(cohortMembers.cohortId, assignments.cohortId), eq(cohortMembers.userId, userId)),
    )
    .where(eq(assignments.id, assignmentId));
  if (!row) throw new ApiError(404, 'not_found', 'No such assignment among your cohorts.');
  if (row.assignment.opensAt && row.assignment.opensAt > now) {
    throw new ApiError(
      409,
      'not_open',
      `This assignment opens on ${row.assignment.opensAt.toISOString().slice(0, 10)}.`,
    );
  }
  return row.assignment;
}

type CompletionStatus = 'not_started' | 'in_progress' | 'done' | 'late';

/** A student's status on an assignment, from their best run (finished beats in progress). */
export function completionOf(
  run: { status: string; finishedAt: Date | null } | undefined,
  dueAt: Date | null,
): CompletionStatus {
  if (!run || run.status === 'abandoned') return 'not_started';
  if (run.status !== 'finished') return 'in_progress';
  return dueAt && run.finishedAt && run.finishedAt > dueAt ? 'late' : 'done';
}

export type RunWithDecisions = {
  runId: string;
  userId: string;
  side: string;
  /** With the decisions, replays the run's path (which questions it asked). */
  seed: string;
  status: string;
  score: number | null;
  historicalAlignment: number | null;
  endingId: string | null;
  step: number;
  finishedAt: Date | null;
  decisions: { nodeId: string; choiceId: string; justification: string | null; timeTakenMs: number }[];
};

/**
 * Each node's place in the order runs meet them: a node comes after every node that leads to it (file order between
 * nodes that do not lead to each other, and to break a loop).
 * @example [...nodes].sort((a, b) => flowOrder(scenario).get(a.id)! - flowOrder(scenario).get(b.id)!)
 */
export function flowOrder(scenario: Scenario): ReadonlyMap<string, number> {
  const fileIndex = new Map(scenario.nodes.map((n, i) => [n.id, i]));
  const targets = (next: Next | undefined): string[] =>
    next === undefined
      ? []
      : typeof next === 'string'
        ? [next]
        : [...next.branches.map((b) => b.goto), next.otherwise];
  const edges = new Map<string, string[]>();
  const incoming = new Map(scenario.nodes.map((n) => [n.id, 0]));
  for (const node of scenario.nodes) {
    const out = [
      ...new Set([...targets(node.next), ...(node.choices ?? []).flatMap((c) => targets(c.next))]),
    ].filter((id) => fileIndex.has(id) && id !== node.id);
    edges.set(node.id, out);
    for (const id of out) incoming.set(id, incoming.get(id)! + 1);
  }
  const order = new Map<string, number>();
  const ready = scenario.nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  while (order.size < scenario.nodes.length) {
    if (ready.length === 0) ready.push(scenario.nodes.find((n) => !order.has(n.id))!.id);
    ready.sort((a, b) => fileIndex.get(a)! - fileIndex.get(b)!);
    const id = ready.shift()!;
    if (order.has(id)) continue;
    order.set(id, order.size);
    for (const to of edges.get(id)!) {
      incoming.set(to, incoming.get(to)! - 1);
      if (incoming.get(to) === 0 && !order.has(to)) ready.push(to);
    }
  }
  return order;
}

/**
 * The results dashboard's figures from one assignment's members and runs: completion, score bands per side,
 * per-decision choices and justifications, the flow between decisions, endings and time per decision.
 */
export function computeResults(
  scenario: Scenario,
  dueAt: Date | null,
  members: { id: string; displayName: string }[],
  studentRuns: RunWithDecisions[],
) {
  const better = (a: RunWithDecisions, b: RunWithDecisions) =>
    (a.status === 'finished' ? 2 : a.status === 'in_progress' ? 1 : 0) >
    (b.status === 'finished' ? 2 : b.status === 'in_progress' ? 1 : 0);
  const bestByStudent = new Map<string, RunWithDecisions>();
  for (const run of studentRuns) {
    const current = bestByStudent.get(run.userId);
    if (!current || better(run, current)) bestByStudent.set(run.userId, run);
  }
  const students = members.map((m) => {
    const run = bestByStudent.get(m.id);
    return {
      id: m.id,
      displayName: m.displayName,
      status: completionOf(run, dueAt),
      runId: run?.runId ?? null,
      side: run?.side ?? null,
      score: run?.score ?? null,
      endingId: run?.endingId ?? null,
      step: run?.step ?? 0,
    };
  });
  const completion = { not_started: 0, in_progress: 0, done: 0, late: 0 };
  for (const s of students) completion[s.status]++;

  const counted = [...bestByStudent.values()];
  const scores: Record<string, number[]> = {};
  for (const side of scenario.sides.filter((s) => s.playable)) scores[side.id] = Array<number>(10).fill(0);
  for (const run of counted) {
    if (run.status === 'finished' && run.score !== null && scores[run.side])
      scores[run.side]![Math.min(9, Math.floor(run.score / 10))]!++;
  }

  const names = new Map(members.map((m) => [m.id, m.displayName]));
  type NodeTally = {
    counts: Map<string, number>;
    justifications: { student: string; choiceId: string; text: string }[];
    times: number[];
  };
  const perNode = new Map<string, NodeTally>();
  const flow = new Map<string, number>();
  const endings = new Map<string, number>();
  for (const run of counted) {
    let previous = 'start';
    for (const d of run.decisions) {
      const entry: NodeTally = perNode.get(d.nodeId) ?? { counts: new Map(), justifications: [], times: [] };
      entry.counts.set(d.choiceId, (entry.counts.get(d.choiceId) ?? 0) + 1);
      if (d.justification)
        entry.justifications.push({
          student: names.get(run.userId) ?? 'Student',
          choiceId: d.choiceId,
          text: d.justification,
        });
      entry.times.push(d.timeTakenMs);
      perNode.set(d.nodeId, entry);
      flow.set(`${previous}\u0000${d.nodeId}`, (flow.get(`${previous}\u0000${d.nodeId}`) ?? 0) + 1);
      previous = d.nodeId;
    }
    if (run.endingId) {
      flow.set(
        `${previous}\u0000ending:${run.endingId}`,
        (flow.get(`${previous}\u0000ending:${run.endingId}`) ?? 0) + 1,
      );
      endings.set(run.endingId, (endings.get(run.endingId) ?? 0) + 1);
    }
  }
  const median = (xs: number[]) =>
    xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : null;
  // Decisions in the order a run meets them, so the dashboard reads like the scenario.
  const runOrder = flowOrder(scenario);
  const decisionsOut = scenario.nodes
    .filter((n) => perNode.has(n.id))
    .sort((a, b) => runOrder.get(a.id)! - runOrder.get(b.id)!)
    .map((node) => {
      const entry = perNode.get(node.id)!;
      return {
        nodeId: node.id,
        title: node.title,
        side: node.side ?? '',
        onHistoricalPath: historicalNodeIds(scenario).has(node.id),
        choices: (node.choices ?? []).map((c) => ({
          choiceId: c.id,
          label: c.label,
          historical: Boolean(c.historical),
          count: entry.counts.get(c.id) ?? 0,
        })),
        justifications: entry.justifications,
        medianTimeMs: median(entry.times),
      };
    });
  return {
    students,
    completion,
    scores,
    decisions: decisionsOut,
    flow: [...flow].map(([key, count]) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return { from, to, count };
    }),
    endings: scenario.endings
      .map((e) => ({ endingId: e.id, title: e.title, count: endings.get(e.id) ?? 0 }))
      .filter((e) => e.count > 0),
  };
}

/** The teaching check of an assignment's results: the caller teaches its cohort (admins teach all). */
const teachesAssignment = (cohortId: string, assignmentId: string, user: SessionUser) =>
  and(
    eq(assignments.id, assignmentId),
    eq(assignments.cohortId, cohortId),
    user.role === 'admin' ? sql`1` : sql`${cohortInstructors.userId} IS NOT NULL`,
  );

/**
 * A fingerprint of everything an assignment's results show, in one small query (with the teaching check): its
 * settings, its runs (count, latest change, revisions), their knowledge-check answers, and the cohort's members
 * and their names. Unchanged between two polls means the results are unchanged, so the route answers 304 without
 * reading them. Throws 404 when the caller does not teach the cohort.
 */
export async function resultsStamp(db: Db, cohortId: string, assignmentId: string, user: SessionUser) {
  const [row] = await db
    .select({
      settings: sql<string>`${assignments.grade} || ':' || coalesce(${assignments.dueAt}, '') || ':' || coalesce(${assignments.opensAt}, '') || ':' || coalesce(${assignments.side}, '') || ':' || ${assignments.allowStepBack}`,
      runs: sql<string>`(SELECT count(*) || ':' || coalesce(max(r.updated_at), 0) || ':' || coalesce(sum(r.revision), 0) FROM runs r WHERE r.assignment_id = ${assignmentId})`,
      answers: sql<string>`(SELECT count(*) || ':' || coalesce(max(ca.created_at), 0) FROM check_answers ca JOIN runs r ON r.id = ca.run_id WHERE r.assignment_id = ${assignmentId})`,
      members: sql<string>`(SELECT count(*) || ':' || coalesce(max(m.joined_at), 0) || ':' || total(length(u.display_name) * unicode(u.display_name)) || ':' || total(unicode(substr(u.display_name, -1))) FROM cohort_members m JOIN users u ON u.id = m.user_id WHERE m.cohort_id = ${cohortId})`,
    })
    .from(assignments)
    .leftJoin(
      cohortInstructors,
      and(eq(cohortInstructors.cohortId, assignments.cohortId), eq(cohortInstructors.userId, user.id)),
    )
    .where(teachesAssignment(cohortId, assignmentId, user));
  if (!row) throw new ApiError(404, 'not_found', 'No such assignment among your cohorts.');
  return `${row.settings}|${row.runs}|${row.answers}|${row.members}`;
}

/**
 * An assignment with its pinned scenario, when the caller teaches its cohort (404 otherwise): what the results, the
 * student list and the export start from. One query (the scenario usually comes from the isolate's cache).
 */
export async function resultsAssignment(db: Db, cohortId: string, assignmentId: string, user: SessionUser) {
  const [assignment] = await db
    .select(assignmentColumns)
    .from(assignments)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, assignments.scenarioVersionId))
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .leftJoin(
      cohortInstructors,
      and(eq(cohortInstructors.cohortId, assignments.cohortId), eq(cohortInstructors.userId, user.id)),
    )
    .where(teachesAssignment(cohortId, assignmentId, user));
  if (!assignment) throw new ApiError(404, 'not_found', 'No such assignment among your cohorts.');
  return { assignment, scenario: await scenarioOfVersionId(db, assignment.scenarioVersionId) };
}

/**
 * Everything about one assignment's runs at once, in three queries: the assignment (checking the caller teaches
 * its cohort), the cohort's students, and the assignment's runs with their decisions. The per-run reference the
 * dashboard's SQL aggregates (`resultAggregates`) and the batched export are tested against; it grows with the
 * cohort, so no route uses it.
 */
export async function loadResults(db: Db, cohortId: string, assignmentId: string, user: SessionUser) {
  const { assignment, scenario } = await resultsAssignment(db, cohortId, assignmentId, user);
  const [members, rows] = await Promise.all([
    db
      .select({ id: users.id, displayName: users.displayName, email: users.email })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(eq(cohortMembers.cohortId, cohortId))
      .orderBy(asc(users.displayName)),
    db
      .select({
        runId: runs.id,
        userId: runs.userId,
        side: runs.side,
        seed: runs.seed,
        status: runs.status,
        score: runs.score,
        historicalAlignment: runs.historicalAlignment,
        endingId: runs.endingId,
        step: runs.step,
        finishedAt: runs.finishedAt,
        nodeId: decisions.nodeId,
        choiceId: decisions.choiceId,
        justification: decisions.justification,
        timeTakenMs: decisions.timeTakenMs,
        decisionStep: decisions.step,
      })
      .from(runs)
      .leftJoin(decisions, eq(decisions.runId, runs.id))
      .where(
        and(
          eq(runs.assignmentId, assignmentId),
          or(eq(runs.status, 'finished'), eq(runs.status, 'in_progress')),
        ),
      )
      .orderBy(asc(runs.id), asc(decisions.step)),
  ]);
  const byRun = new Map<string, RunWithDecisions>();
  for (const row of rows) {
    if (!row.userId) continue;
    let run = byRun.get(row.runId);
    if (!run) {
      run = { ...row, userId: row.userId, decisions: [] };
      byRun.set(row.runId, run);
    }
    if (row.nodeId && row.choiceId) {
      run.decisions.push({
        nodeId: row.nodeId,
        choiceId: row.choiceId,
        justification: row.justification,
        timeTakenMs: row.timeTakenMs ?? 0,
      });
    }
  }
  return { assignment, scenario, members, runs: [...byRun.values()] };
}
