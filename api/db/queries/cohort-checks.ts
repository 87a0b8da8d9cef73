import { and, eq, inArray } from 'drizzle-orm';
import {
  isCorrect,
  knowledge,
  replay,
  type AskingRun,
  type CheckAnswer,
  type CheckSlot,
  type Scenario,
} from '../../engine';
import type { Db } from '..';
import { checkAnswers, runs } from '../schema';
import type { RunWithDecisions } from './cohorts';

/** Whether a run's path matters to its knowledge score: only questions placed at a node depend on it. */
export const asksAtNodes = (scenario: Scenario) =>
  (scenario.checks ?? []).some((c) => c.placements.some((p) => p.at === 'node'));

/**
 * A stored run's path, replayed from its decisions, for which questions it asked (event nodes are on the path but
 * not in the log). A log that no longer replays falls back to its decision nodes.
 */
function askingRun(scenario: Scenario, run: RunWithDecisions): AskingRun {
  // The path tells only which questions placed at a node were asked: without any, the replay is not needed.
  if (!asksAtNodes(scenario))
    return { scenario, endingId: run.endingId, path: run.decisions, decisions: run.decisions };
  const replayed = replay(
    scenario,
    run.side,
    run.seed,
    run.decisions.map((d) => d.choiceId),
  );
  if (replayed.ok) return replayed.value;
  return { scenario, endingId: run.endingId, path: run.decisions, decisions: run.decisions };
}

/**
 * The knowledge-check answers of an assignment's runs in progress or finished, by run: one query.
 * @example (await assignmentAnswers(db, assignmentId)).get(runId) // [{ checkId, slot, optionIds }]
 */
export async function assignmentAnswers(db: Db, assignmentId: string): Promise<Map<string, CheckAnswer[]>> {
  const rows = await db
    .select({
      runId: checkAnswers.runId,
      checkId: checkAnswers.checkId,
      slot: checkAnswers.slot,
      optionIds: checkAnswers.optionIds,
    })
    .from(checkAnswers)
    .innerJoin(runs, eq(runs.id, checkAnswers.runId))
    .where(and(eq(runs.assignmentId, assignmentId), inArray(runs.status, ['finished', 'in_progress'])));
  const byRun = new Map<string, CheckAnswer[]>();
  for (const row of rows) {
    const list = byRun.get(row.runId) ?? [];
    list.push({ checkId: row.checkId, slot: row.slot, optionIds: JSON.parse(row.optionIds) as string[] });
    byRun.set(row.runId, list);
  }
  return byRun;
}

type Tally = { answered: number; correct: number };

/**
 * The class's knowledge figures from each student's counted run (the dashboard's): per question the share right
 * before play and later (after its node or the ending), the students who got it wrong at their latest answer, and
 * per student the knowledge score and learning gain; the class's gain is the mean over students asked both times.
 */
export function computeKnowledgeResults(
  scenario: Scenario,
  students: { id: string; displayName: string; runId: string | null }[],
  studentRuns: readonly RunWithDecisions[],
  answersByRun: ReadonlyMap<string, readonly CheckAnswer[]>,
) {
  const runsById = new Map(studentRuns.map((r) => [r.runId, r]));
  const checks = scenario.checks ?? [];
  const perCheck = new Map(
    checks.map((c) => [
      c.id,
      {
        before: { answered: 0, correct: 0 },
        later: { answered: 0, correct: 0 },
        wrong: [] as { studentId: string; displayName: string; slot: CheckSlot }[],
      },
    ]),
  );
  const perStudent: { id: string; score: number | null; gain: number | null }[] = [];
  for (const student of students) {
    const run = student.runId ? runsById.get(student.runId) : undefined;
    if (!run) continue;
    const answers = answersByRun.get(run.runId) ?? [];
    const k = knowledge(askingRun(scenario, run), answers);
    if (k.score === null) continue;
    perStudent.push({ id: student.id, score: k.score, gain: k.gain });
    for (const check of checks) {
      const mine = answers.filter((a) => a.checkId === check.id);
      if (mine.length === 0) continue;
      const entry = perCheck.get(check.id)!;
      const before = mine.find((a) => a.slot === 'before');
      const later = mine.find((a) => a.slot === 'after') ?? mine.find((a) => a.slot === 'node');
      if (before) {
        entry.before.answered++;
        if (isCorrect(check, before.optionIds)) entry.before.correct++;
      }
      if (later) {
        entry.later.answered++;
        if (isCorrect(check, later.optionIds)) entry.later.correct++;
      }
      const latest = later ?? before!;
      if (!isCorrect(check, latest.optionIds))
        entry.wrong.push({ studentId: student.id, displayName: student.displayName, slot: latest.slot });
    }
  }
  const share = (t: Tally) => (t.answered ? t.correct / t.answered : null);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const gains = perStudent.flatMap((s) => (s.gain === null ? [] : [s.gain]));
  return {
    questions: checks.map((check) => {
      const entry = perCheck.get(check.id)!;
      return {
        checkId: check.id,
        prompt: check.prompt,
        askedBefore: check.placements.some((p) => p.at === 'before'),
        before: { ...entry.before, share: share(entry.before) },
        later: { ...entry.later, share: share(entry.later) },
        wrong: entry.wrong,
      };
    }),
    students: perStudent,
    meanScore: mean(perStudent.flatMap((s) => (s.score === null ? [] : [s.score]))),
    gain: mean(gains),
    studentsWithGain: gains.length,
  };
}

/** The knowledge score and gain of one run, for the CSV export. */
export function runKnowledge(
  scenario: Scenario,
  run: RunWithDecisions,
  answers: readonly CheckAnswer[] | undefined,
) {
  return knowledge(askingRun(scenario, run), answers ?? []);
}
