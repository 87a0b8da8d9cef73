/** Grade passback: a finished run's grade is queued, sent at once, and retried by the hourly cron while it fails. */
import {
  dropSupersededGrades,
  gradesDue,
  lmsAssignmentsOfScenario,
  markGradeFailed,
  markGradeSent,
  queueGrade,
  requeueKnowledgeGrade,
  retryGradeNow,
} from '../db/queries/lti';
import { loadRun } from '../db/queries/runs';
import { knowledge, score } from '../engine';
import { gradeOf } from '../lib/grade';
import { createDb, type Db } from '../db';
import { gradeComment, scoreBody } from './claims';
import { PERMANENT_STATUSES, PlatformError, postScore } from './services';

/** How long a failed post waits before the cron tries again (the cron runs hourly, so at most this plus an hour). */
export const RETRY_AFTER_MS = 30 * 60_000;

type DueGrade = Awaited<ReturnType<typeof gradesDue>>[number];

async function send(db: Db, grade: DueGrade, now: Date): Promise<boolean> {
  try {
    const loaded = await loadRun(db, grade.runId, { userId: grade.userId, guestId: null });
    if (!loaded || !grade.lineItemUrl) throw new Error('the run or its grade column is gone');
    const result = score(loaded.state);
    const checks = knowledge(loaded.state, loaded.answers);
    const figures = { ...grade, status: 'finished', knowledgeScore: checks.score };
    // A debrief question answered after the ending sends the grade again: its timestamp must be later than the
    // last one's, or the LMS keeps the older score (AGS).
    const answeredAt = Math.max(0, ...loaded.answers.map((a) => a.at));
    const body = scoreBody({
      userId: grade.sub,
      scoreGiven: gradeOf(grade.grade, figures) ?? 0,
      comment: gradeComment(loaded.scenario, result, grade.grade, checks),
      timestamp: new Date(Math.max(grade.finishedAt?.getTime() ?? now.getTime(), answeredAt)),
    });
    await postScore(db, grade.platform, grade.lineItemUrl, body);
    await markGradeSent(db, grade.runId, now);
    return true;
  } catch (error) {
    // A refusal the platform will repeat (400, 403, 404) stops here, shown with its reason for a retry by hand.
    const permanent = error instanceof PlatformError && PERMANENT_STATUSES.has(error.status ?? 0);
    await markGradeFailed(
      db,
      grade.runId,
      String((error as Error).message ?? error),
      new Date(now.getTime() + RETRY_AFTER_MS),
      permanent,
    );
    return false;
  }
}

/**
 * Called where a run finishes: queues its grade if it counts toward an LMS assignment (one insert, awaited, so the
 * grade is never lost) and sends it after the response (`waitUntil`), so the player never waits on the LMS.
 */
export async function onRunFinished(
  db: Db,
  runId: string,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<void> {
  if (await queueGrade(db, runId)) sendQueuedGrade(db, runId, waitUntil);
}

/** Sends a run's grade just queued (by `onRunFinished` or in the choice's write batch) after the response. */
export function sendQueuedGrade(db: Db, runId: string, waitUntil: (promise: Promise<unknown>) => void): void {
  waitUntil(
    (async () => {
      const now = new Date();
      await dropSupersededGrades(db);
      for (const grade of await gradesDue(db, { now, runId })) await send(db, grade, now);
    })(),
  );
}

/**
 * Called when a knowledge check is answered on a finished run (a debrief question): an assignment graded on the
 * knowledge score sends the run's grade again, the LMS keeping the latest; other grades are unchanged by answers.
 */
export async function onFinishedRunAnswered(
  db: Db,
  runId: string,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<void> {
  if (!(await requeueKnowledgeGrade(db, runId))) return;
  waitUntil(
    (async () => {
      const now = new Date();
      await dropSupersededGrades(db, runId);
      for (const grade of await gradesDue(db, { now, runId })) await send(db, grade, now);
    })(),
  );
}

/** The cron's part: sends every queued grade whose retry time has come. Returns how many went through. */
export async function retryGrades(d1: D1Database, now: Date): Promise<{ sent: number; failed: number }> {
  const db = createDb(d1);
  let sent = 0;
  let failed = 0;
  await dropSupersededGrades(db);
  for (const grade of await gradesDue(db, { now })) {
    if (await send(db, grade, now)) sent++;
    else failed++;
  }
  return { sent, failed };
}

/** An instructor's retry of a grade that failed: queued again and sent after the response. False when unknown. */
export async function retryGrade(
  db: Db,
  assignmentId: string,
  runId: string,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<boolean> {
  const now = new Date();
  if (!(await retryGradeNow(db, assignmentId, runId, now))) return false;
  waitUntil(
    (async () => {
      for (const grade of await gradesDue(db, { now, runId })) await send(db, grade, now);
    })(),
  );
  return true;
}

/**
 * Which LMS-graded assignment a run of this scenario and side, started now by this user, counts for: the newest
 * open one of their cohorts' (a run started from the catalog counts as one started from the launch link). When
 * none takes it but the student has one for this scenario, `notGraded` says why (the other side, not open yet).
 */
export async function lmsAssignmentForRun(
  db: Db,
  userId: string,
  run: { scenario: string; side: string },
  now = new Date(),
) {
  const rows = await lmsAssignmentsOfScenario(db, userId, run.scenario);
  const open = (a: { opensAt: Date | null }) => !a.opensAt || a.opensAt <= now;
  const counts = rows.find(({ assignment: a }) => open(a) && (a.side === null || a.side === run.side));
  if (counts) return { counts, notGraded: null };
  const first = rows[0];
  return {
    counts: null,
    notGraded: first
      ? {
          cohortName: first.cohortName,
          reason: open(first.assignment) ? ('other_side' as const) : ('not_open' as const),
          side: first.assignment.side,
          opensAt: first.assignment.opensAt?.getTime() ?? null,
        }
      : null,
  };
}
