import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '..';
import {
  assignments,
  cohortInstructors,
  cohortMembers,
  cohorts,
  ltiGradePosts,
  ltiKeys,
  ltiPlatforms,
  ltiRegistrationCodes,
  ltiResourceLinks,
  ltiUsers,
  runs,
  scenarios,
  scenarioVersions,
  sessions,
  users,
} from '../schema';

export type PlatformRow = typeof ltiPlatforms.$inferSelect;

/** The API's representation of a platform (deployment ids parsed). */
export const platformDto = (p: PlatformRow) => ({
  id: p.id,
  name: p.name,
  issuer: p.issuer,
  clientId: p.clientId,
  authUrl: p.authUrl,
  tokenUrl: p.tokenUrl,
  jwksUrl: p.jwksUrl,
  deploymentIds: JSON.parse(p.deploymentIds) as string[],
  createdAt: p.createdAt.getTime(),
});

/** Every registered platform (not removed), by name. */
export const listPlatforms = (db: Db) =>
  db.select().from(ltiPlatforms).where(isNull(ltiPlatforms.removedAt)).orderBy(asc(ltiPlatforms.name));

type PlatformInput = {
  name: string;
  issuer: string;
  clientId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  deploymentIds: string[];
};

/**
 * Registers a platform; null when one with the same issuer and client id is registered. A platform removed with
 * its mappings kept comes back (same id, so its users, courses and links are found again) with the new details.
 */
export async function insertPlatform(db: Db, p: PlatformInput): Promise<PlatformRow | null> {
  const values = { ...p, deploymentIds: JSON.stringify(p.deploymentIds) };
  const [row] = await db
    .insert(ltiPlatforms)
    .values({ id: crypto.randomUUID(), ...values })
    .onConflictDoUpdate({
      target: [ltiPlatforms.issuer, ltiPlatforms.clientId],
      set: { ...values, removedAt: null },
      setWhere: sql`${ltiPlatforms.removedAt} IS NOT NULL`,
    })
    .returning();
  return row ?? null;
}

/** Changes a platform's name, endpoints or deployments; null when there is no such (unremoved) platform. */
export async function updatePlatform(
  db: Db,
  id: string,
  patch: Partial<Pick<PlatformInput, 'name' | 'authUrl' | 'tokenUrl' | 'jwksUrl' | 'deploymentIds'>>,
): Promise<PlatformRow | null> {
  const { deploymentIds, ...rest } = patch;
  const [row] = await db
    .update(ltiPlatforms)
    .set({ ...rest, ...(deploymentIds ? { deploymentIds: JSON.stringify(deploymentIds) } : {}) })
    .where(and(eq(ltiPlatforms.id, id), isNull(ltiPlatforms.removedAt)))
    .returning();
  return row ?? null;
}

/**
 * Removes a platform: its launches and grade posts stop. By default its user, course and link mappings are kept
 * (re-registering it restores them); with `forget`, they are deleted with it (by cascade) and its users' sessions
 * end, their accounts and cohorts staying but unreachable from that LMS. False when there is no such platform.
 */
export async function deletePlatform(
  db: Db,
  id: string,
  forget: boolean,
  now = new Date(),
): Promise<boolean> {
  if (!forget) {
    const kept = await db
      .update(ltiPlatforms)
      .set({ removedAt: now })
      .where(and(eq(ltiPlatforms.id, id), isNull(ltiPlatforms.removedAt)))
      .returning({ id: ltiPlatforms.id });
    return kept.length > 0;
  }
  const [, deleted] = await db.batch([
    db
      .delete(sessions)
      .where(
        inArray(
          sessions.userId,
          db.select({ userId: ltiUsers.userId }).from(ltiUsers).where(eq(ltiUsers.platformId, id)),
        ),
      ),
    db.delete(ltiPlatforms).where(eq(ltiPlatforms.id, id)).returning({ id: ltiPlatforms.id }),
  ]);
  return deleted.length > 0;
}

/** The registered (unremoved) platforms for an issuer, narrowed to one client id when given. */
export const platformsFor = (db: Db, issuer: string, clientId?: string) =>
  db
    .select()
    .from(ltiPlatforms)
    .where(
      and(
        eq(ltiPlatforms.issuer, issuer),
        isNull(ltiPlatforms.removedAt),
        clientId ? eq(ltiPlatforms.clientId, clientId) : sql`1`,
      ),
    );

/** A registered platform; null when unknown or removed. */
export async function platformById(db: Db, id: string): Promise<PlatformRow | null> {
  const [row] = await db
    .select()
    .from(ltiPlatforms)
    .where(and(eq(ltiPlatforms.id, id), isNull(ltiPlatforms.removedAt)));
  return row ?? null;
}

/** Our keys, newest first: the active one signs, all are published. */
export const listKeys = (db: Db) =>
  db
    .select()
    .from(ltiKeys)
    .orderBy(sql`${ltiKeys.createdAt} DESC`);

type NewKey = { kid: string; publicJwk: string; privateJwk: string; privateJwkKeyId: string };

/** Adds a key, retiring the active one and deleting keys retired before (one batch, so there is always one active key). */
export async function rotateKeys(db: Db, key: NewKey): Promise<void> {
  await db.batch([
    db.delete(ltiKeys).where(eq(ltiKeys.status, 'retired')),
    db.update(ltiKeys).set({ status: 'retired' }).where(eq(ltiKeys.status, 'active')),
    db.insert(ltiKeys).values({ ...key, status: 'active' }),
  ]);
}

/** Adds the first key unless another request did so meanwhile. */
export async function insertFirstKey(db: Db, key: NewKey): Promise<void> {
  await db.run(sql`INSERT INTO lti_keys (kid, public_jwk, private_jwk, private_jwk_key_id, status)
    SELECT ${key.kid}, ${key.publicJwk}, ${key.privateJwk}, ${key.privateJwkKeyId}, 'active' WHERE NOT EXISTS (SELECT 1 FROM lti_keys WHERE status = 'active')`);
}

/** Stores a key's private half sealed again (under a new SECRETS_KEY, or first sealed when it was plain text). */
export async function resealKey(db: Db, kid: string, sealed: { value: string; keyId: string }) {
  await db
    .update(ltiKeys)
    .set({ privateJwk: sealed.value, privateJwkKeyId: sealed.keyId })
    .where(eq(ltiKeys.kid, kid));
}

/**
 * An assignment the caller teaches (admins teach all) with its LMS link's grading, null fields when it has no link;
 * null when the caller does not teach it.
 */
export async function taughtAssignmentLink(db: Db, assignmentId: string, user: { id: string; role: string }) {
  const [row] = await db
    .select({
      assignmentId: assignments.id,
      grade: assignments.grade,
      /** Null when the assignment has no LMS link. */
      linkedAssignmentId: ltiResourceLinks.assignmentId,
      lineItemUrl: ltiResourceLinks.lineItemUrl,
    })
    .from(assignments)
    .leftJoin(ltiResourceLinks, eq(ltiResourceLinks.assignmentId, assignments.id))
    .leftJoin(
      cohortInstructors,
      and(eq(cohortInstructors.cohortId, assignments.cohortId), eq(cohortInstructors.userId, user.id)),
    )
    .where(
      and(
        eq(assignments.id, assignmentId),
        user.role === 'admin' ? sql`1` : sql`${cohortInstructors.userId} IS NOT NULL`,
      ),
    );
  return row ?? null;
}

/**
 * Queues a finished run's grade when the run counts toward an LMS-linked assignment with a grade column and its
 * player came from that LMS; a no-op otherwise. Returns whether a grade was queued.
 */
export async function queueGrade(db: Db, runId: string, now = new Date()): Promise<boolean> {
  const result = await queueGradeStatement(db, runId, now);
  return (result.meta.changes ?? 0) > 0;
}

/** The statement behind `queueGrade`, for the choice's write batch (after the run's update, so it sees the ending). */
export const queueGradeStatement = (db: Db, runId: string, now = new Date()) =>
  db
    .insert(ltiGradePosts)
    .select(
      db
        .select({
          runId: runs.id,
          assignmentId: sql`${runs.assignmentId}`.as('assignment_id'),
          status: sql`'pending'`.as('status'),
          attempts: sql`0`.as('attempts'),
          lastError: sql`NULL`.as('last_error'),
          nextAttemptAt: sql`${now.getTime()}`.as('next_attempt_at'),
          sentAt: sql`NULL`.as('sent_at'),
          createdAt: sql`(unixepoch('subsec') * 1000)`.as('created_at'),
        })
        .from(runs)
        .innerJoin(
          ltiResourceLinks,
          and(eq(ltiResourceLinks.assignmentId, runs.assignmentId), isNotNull(ltiResourceLinks.lineItemUrl)),
        )
        .innerJoin(
          ltiUsers,
          and(eq(ltiUsers.platformId, ltiResourceLinks.platformId), eq(ltiUsers.userId, runs.userId)),
        )
        .where(and(eq(runs.id, runId), eq(runs.status, 'finished'))),
    )
    .onConflictDoNothing();

/**
 * Queues a finished run's grade again after a knowledge check was answered on it, when its assignment is graded on
 * the knowledge score and sent to an LMS; a no-op otherwise. Returns whether a grade was queued.
 */
export async function requeueKnowledgeGrade(db: Db, runId: string, now = new Date()): Promise<boolean> {
  const result = await db.run(sql`
    INSERT INTO lti_grade_posts (run_id, assignment_id, status, attempts, next_attempt_at)
    SELECT r.id, r.assignment_id, 'pending', 0, ${now.getTime()}
    FROM runs r
    JOIN assignments a ON a.id = r.assignment_id AND a.grade = 'knowledge'
    JOIN lti_resource_links l ON l.assignment_id = r.assignment_id AND l.line_item_url IS NOT NULL
    JOIN lti_users u ON u.platform_id = l.platform_id AND u.user_id = r.user_id
    WHERE r.id = ${runId} AND r.status = 'finished'
    ON CONFLICT (run_id) DO UPDATE SET status = 'pending', next_attempt_at = excluded.next_attempt_at`);
  return (result.meta.changes ?? 0) > 0;
}

/**
 * Everything a grade post needs: the run's figures, the assignment's grade, the link's grade column, the LMS user
 * and platform.
 */
export async function gradesDue(db: Db, args: { now: Date; runId?: string; limit?: number }) {
  return db
    .select({
      runId: ltiGradePosts.runId,
      attempts: ltiGradePosts.attempts,
      userId: runs.userId,
      score: runs.score,
      historicalAlignment: runs.historicalAlignment,
      endingId: runs.endingId,
      finishedAt: runs.finishedAt,
      lineItemUrl: ltiResourceLinks.lineItemUrl,
      grade: assignments.grade,
      sub: ltiUsers.sub,
      platform: ltiPlatforms,
    })
    .from(ltiGradePosts)
    .innerJoin(runs, eq(runs.id, ltiGradePosts.runId))
    .innerJoin(ltiResourceLinks, eq(ltiResourceLinks.assignmentId, ltiGradePosts.assignmentId))
    .innerJoin(assignments, eq(assignments.id, ltiGradePosts.assignmentId))
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiResourceLinks.platformId))
    .innerJoin(ltiUsers, and(eq(ltiUsers.platformId, ltiPlatforms.id), eq(ltiUsers.userId, runs.userId)))
    .where(
      and(
        eq(ltiGradePosts.status, 'pending'),
        isNull(ltiPlatforms.removedAt),
        args.runId ? eq(ltiGradePosts.runId, args.runId) : lte(ltiGradePosts.nextAttemptAt, args.now),
      ),
    )
    .orderBy(asc(ltiGradePosts.nextAttemptAt))
    .limit(args.limit ?? 50);
}

export async function markGradeSent(db: Db, runId: string, now: Date) {
  await db
    .update(ltiGradePosts)
    .set({ status: 'sent', sentAt: now, lastError: null, attempts: sql`${ltiGradePosts.attempts} + 1` })
    .where(eq(ltiGradePosts.runId, runId));
}

/** Records a failed post: retried at `nextAttemptAt`, or, when `permanent`, left for an instructor's retry. */
export async function markGradeFailed(
  db: Db,
  runId: string,
  error: string,
  nextAttemptAt: Date,
  permanent = false,
) {
  await db
    .update(ltiGradePosts)
    .set({
      lastError: error.slice(0, 500),
      nextAttemptAt,
      attempts: sql`${ltiGradePosts.attempts} + 1`,
      ...(permanent ? { status: 'failed' as const } : {}),
    })
    .where(eq(ltiGradePosts.runId, runId));
}

/**
 * Drops the grades not yet delivered that a later run of the same student on the same assignment supersedes: the
 * LMS keeps the last score posted (or refuses an older timestamp), so an older run's grade must never follow a
 * newer one. Returns how many were dropped.
 */
export async function dropSupersededGrades(db: Db, runId?: string): Promise<number> {
  const result = await db.run(sql`
    DELETE FROM lti_grade_posts AS p
    WHERE p.status != 'sent' ${runId ? sql`AND p.run_id = ${runId}` : sql``}
      AND EXISTS (
        SELECT 1 FROM runs r
        JOIN lti_grade_posts p2 ON p2.assignment_id = p.assignment_id AND p2.run_id != p.run_id
        JOIN runs r2 ON r2.id = p2.run_id AND r2.user_id = r.user_id
        WHERE r.id = p.run_id AND r2.finished_at > r.finished_at
      )`);
  return result.meta.changes ?? 0;
}

/** Puts a grade that failed back in the queue, due now; false unless it is one of the assignment's failed or pending posts. */
export async function retryGradeNow(db: Db, assignmentId: string, runId: string, now = new Date()) {
  const rows = await db
    .update(ltiGradePosts)
    .set({ status: 'pending', nextAttemptAt: now })
    .where(
      and(
        eq(ltiGradePosts.runId, runId),
        eq(ltiGradePosts.assignmentId, assignmentId),
        inArray(ltiGradePosts.status, ['failed', 'pending']),
      ),
    )
    .returning({ runId: ltiGradePosts.runId });
  return rows.length > 0;
}

/** The grade posts of an assignment, for its dashboard: who is pending, how often it failed and why. */
export const gradePostsOf = (db: Db, assignmentId: string) =>
  db
    .select({
      runId: ltiGradePosts.runId,
      student: users.displayName,
      status: ltiGradePosts.status,
      attempts: ltiGradePosts.attempts,
      lastError: ltiGradePosts.lastError,
      nextAttemptAt: ltiGradePosts.nextAttemptAt,
      sentAt: ltiGradePosts.sentAt,
    })
    .from(ltiGradePosts)
    .innerJoin(runs, eq(runs.id, ltiGradePosts.runId))
    .innerJoin(users, eq(users.id, runs.userId))
    .where(eq(ltiGradePosts.assignmentId, assignmentId))
    .orderBy(asc(ltiGradePosts.createdAt));

export async function createRegistrationCode(db: Db, row: typeof ltiRegistrationCodes.$inferInsert) {
  await db.insert(ltiRegistrationCodes).values(row);
}

/** Takes a registration code (single use); null when unknown or expired. */
export async function consumeRegistrationCode(db: Db, id: string, now = new Date()) {
  const [row] = await db.delete(ltiRegistrationCodes).where(eq(ltiRegistrationCodes.id, id)).returning();
  return row !== undefined && row.expiresAt > now ? row : null;
}

/** Gives back a registration code taken by a registration that failed, so the admin's URL can be tried again. */
export async function restoreRegistrationCode(db: Db, row: typeof ltiRegistrationCodes.$inferSelect) {
  await db.insert(ltiRegistrationCodes).values(row).onConflictDoNothing();
}

/** Records a platform's first deployment id when it registered without one (dynamic registration before install). */
export async function adoptFirstDeployment(db: Db, platformId: string, deploymentId: string): Promise<void> {
  await db
    .update(ltiPlatforms)
    .set({ deploymentIds: JSON.stringify([deploymentId]) })
    .where(and(eq(ltiPlatforms.id, platformId), eq(ltiPlatforms.deploymentIds, '[]')));
}

/**
 * The assignments of a scenario (by slug) that a run of this user's would be graded on in an LMS: in a cohort they
 * are a member of, linked to a grade column of a platform that knows them. Newest first; one query.
 */
export async function lmsAssignmentsOfScenario(db: Db, userId: string, slug: string) {
  return db
    .select({ assignment: assignments, cohortName: cohorts.name })
    .from(assignments)
    .innerJoin(
      cohortMembers,
      and(eq(cohortMembers.cohortId, assignments.cohortId), eq(cohortMembers.userId, userId)),
    )
    .innerJoin(cohorts, eq(cohorts.id, assignments.cohortId))
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, assignments.scenarioVersionId))
    .innerJoin(scenarios, and(eq(scenarios.id, scenarioVersions.scenarioId), eq(scenarios.slug, slug)))
    .innerJoin(
      ltiResourceLinks,
      and(eq(ltiResourceLinks.assignmentId, assignments.id), isNotNull(ltiResourceLinks.lineItemUrl)),
    )
    .innerJoin(
      ltiPlatforms,
      and(eq(ltiPlatforms.id, ltiResourceLinks.platformId), isNull(ltiPlatforms.removedAt)),
    )
    .innerJoin(
      ltiUsers,
      and(eq(ltiUsers.platformId, ltiResourceLinks.platformId), eq(ltiUsers.userId, userId)),
    )
    .orderBy(sql`${assignments.createdAt} DESC`, sql`${assignments.id}`);
}
