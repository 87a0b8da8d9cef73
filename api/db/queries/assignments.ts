import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '..';
import { assignments, runs } from '../schema';

/** Stores an assignment. */
export async function insertAssignment(db: Db, row: typeof assignments.$inferInsert): Promise<void> {
  await db.insert(assignments).values(row);
}

/** A user's runs on some assignments: id, assignment, status and when each finished. */
export async function runsOnAssignments(db: Db, userId: string, assignmentIds: string[]) {
  if (assignmentIds.length === 0) return [];
  return db
    .select({
      id: runs.id,
      assignmentId: runs.assignmentId,
      status: runs.status,
      finishedAt: runs.finishedAt,
    })
    .from(runs)
    .where(and(eq(runs.userId, userId), inArray(runs.assignmentId, assignmentIds)));
}

/** Who played a run on one of a cohort's assignments; null for a run that is not one (or a guest's). */
export async function studentOfCohortRun(db: Db, cohortId: string, runId: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: runs.userId })
    .from(runs)
    .innerJoin(assignments, eq(assignments.id, runs.assignmentId))
    .where(and(eq(runs.id, runId), eq(assignments.cohortId, cohortId)));
  return row?.userId ?? null;
}
