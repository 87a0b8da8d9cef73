import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '..';
import { visibleTo } from './scenarios';
import {
  assignments,
  cohortInstructors,
  cohortMembers,
  cohorts,
  ltiContexts,
  ltiDeepLinks,
  ltiGradePosts,
  ltiHandoffs,
  ltiKeys,
  ltiLoginStates,
  ltiPlatforms,
  ltiRegistrationCodes,
  ltiResourceLinks,
  ltiUsers,
  runs,
  scenarios,
  scenarioVersions,
  users,
} from '../schema';

export type PlatformRow = typeof ltiPlatforms.$inferSelect;
export type GradeFigure = (typeof ltiResourceLinks.$inferSelect)['gradeFigure'];

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

/** Every registered platform, by name. */
export const listPlatforms = (db: Db) => db.select().from(ltiPlatforms).orderBy(asc(ltiPlatforms.name));

/** Registers a platform; null when one with the same issuer and client id exists. */
export async function insertPlatform(
  db: Db,
  p: {
    name: string;
    issuer: string;
    clientId: string;
    authUrl: string;
    tokenUrl: string;
    jwksUrl: string;
    deploymentIds: string[];
  },
): Promise<PlatformRow | null> {
  const [row] = await db
    .insert(ltiPlatforms)
    .values({ id: crypto.randomUUID(), ...p, deploymentIds: JSON.stringify(p.deploymentIds) })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** Removes a platform and, by cascade, its logins, user and course mappings (the accounts and cohorts stay). */
export async function deletePlatform(db: Db, id: string): Promise<boolean> {
  const deleted = await db
    .delete(ltiPlatforms)
    .where(eq(ltiPlatforms.id, id))
    .returning({ id: ltiPlatforms.id });
  return deleted.length > 0;
}

/** The platforms registered for an issuer, narrowed to one client id when given. */
export const platformsFor = (db: Db, issuer: string, clientId?: string) =>
  db
    .select()
    .from(ltiPlatforms)
    .where(and(eq(ltiPlatforms.issuer, issuer), clientId ? eq(ltiPlatforms.clientId, clientId) : sql`1`));

export async function platformById(db: Db, id: string): Promise<PlatformRow | null> {
  const [row] = await db.select().from(ltiPlatforms).where(eq(ltiPlatforms.id, id));
  return row ?? null;
}

/** Our keys, newest first: the active one signs, all are published. */
export const listKeys = (db: Db) =>
  db
    .select()
    .from(ltiKeys)
    .orderBy(sql`${ltiKeys.createdAt} DESC`);

/** Adds a key, retiring the active one and deleting keys retired before (one batch, so there is always one active key). */
export async function rotateKeys(
  db: Db,
  key: { kid: string; publicJwk: string; privateJwk: string },
): Promise<void> {
  await db.batch([
    db.delete(ltiKeys).where(eq(ltiKeys.status, 'retired')),
    db.update(ltiKeys).set({ status: 'retired' }).where(eq(ltiKeys.status, 'active')),
    db.insert(ltiKeys).values({ ...key, status: 'active' }),
  ]);
}

/** Adds the first key unless another request did so meanwhile. */
export async function insertFirstKey(
  db: Db,
  key: { kid: string; publicJwk: string; privateJwk: string },
): Promise<void> {
  await db.run(sql`INSERT INTO lti_keys (kid, public_jwk, private_jwk, status)
    SELECT ${key.kid}, ${key.publicJwk}, ${key.privateJwk}, 'active' WHERE NOT EXISTS (SELECT 1 FROM lti_keys WHERE status = 'active')`);
}

/** Stores a login's state and nonce until the launch uses them. */
export async function createLoginState(
  db: Db,
  row: { state: string; platformId: string; nonce: string; expiresAt: Date },
) {
  await db.insert(ltiLoginStates).values(row);
}

/** Takes a login state: deleted as it is read, so a second launch with it finds nothing. Null when unknown or expired. */
export async function consumeLoginState(db: Db, state: string, now = new Date()) {
  const [row] = await db.delete(ltiLoginStates).where(eq(ltiLoginStates.state, state)).returning();
  return row && row.expiresAt > now ? row : null;
}

export async function createHandoff(
  db: Db,
  row: { id: string; userId: string; target: string; expiresAt: Date },
) {
  await db.insert(ltiHandoffs).values(row);
}

/** Takes a handoff code's row (single use); null when unknown or expired. */
export async function consumeHandoff(db: Db, id: string, now = new Date()) {
  const [row] = await db.delete(ltiHandoffs).where(eq(ltiHandoffs.id, id)).returning();
  return row && row.expiresAt > now ? row : null;
}

export async function createDeepLink(db: Db, row: typeof ltiDeepLinks.$inferInsert) {
  await db.insert(ltiDeepLinks).values(row);
}

/** Takes a deep-linking request (single use) with its platform; null when unknown or expired. */
export async function consumeDeepLink(db: Db, id: string, now = new Date()) {
  const [row] = await db.delete(ltiDeepLinks).where(eq(ltiDeepLinks.id, id)).returning();
  if (!row || row.expiresAt <= now) return null;
  const platform = await platformById(db, row.platformId);
  return platform ? { ...row, platform } : null;
}

/** Deletes login states, handoffs and deep-linking requests that expired unused. */
export async function pruneLtiLogins(db: Db, now: Date): Promise<void> {
  await db.batch([
    db.delete(ltiLoginStates).where(lt(ltiLoginStates.expiresAt, now)),
    db.delete(ltiHandoffs).where(lt(ltiHandoffs.expiresAt, now)),
    db.delete(ltiDeepLinks).where(lt(ltiDeepLinks.expiresAt, now)),
  ]);
}

/**
 * The account of an LMS user, created on first launch with no password (see NO_PASSWORD). Later launches refresh the
 * name, and an LMS instructor who was a student here becomes an instructor (never an admin, never a demotion).
 */
export async function accountForLtiUser(
  db: Db,
  args: {
    platformId: string;
    sub: string;
    displayName: string;
    role: 'student' | 'instructor';
    passwordHash: string;
  },
) {
  const columns = { id: users.id, email: users.email, displayName: users.displayName, role: users.role };
  const find = async () =>
    (
      await db
        .select(columns)
        .from(ltiUsers)
        .innerJoin(users, eq(users.id, ltiUsers.userId))
        .where(and(eq(ltiUsers.platformId, args.platformId), eq(ltiUsers.sub, args.sub)))
    )[0];
  let user = await find();
  if (!user) {
    const id = crypto.randomUUID();
    // A reserved domain: the LMS's email claim is never trusted as ours, so it cannot claim an existing account.
    const email = `lti-${id}@lti.invalid`;
    try {
      await db.batch([
        db.insert(users).values({
          id,
          email,
          displayName: args.displayName,
          role: args.role,
          passwordHash: args.passwordHash,
        }),
        db.insert(ltiUsers).values({ platformId: args.platformId, sub: args.sub, userId: id }),
      ]);
    } catch (error) {
      // Two first launches at once: the primary key lets one through and the batch of the other rolls back.
      if (!String((error as Error).cause ?? error).includes('UNIQUE')) throw error;
    }
    user = (await find())!;
  }
  const role = user.role === 'student' && args.role === 'instructor' ? 'instructor' : user.role;
  if (role !== user.role || user.displayName !== args.displayName) {
    await db.update(users).set({ role, displayName: args.displayName }).where(eq(users.id, user.id));
  }
  return { ...user, role, displayName: args.displayName };
}

/** The cohort of an LMS course, created on its first launch (no join code: the LMS decides who is in it). */
export async function cohortForContext(
  db: Db,
  args: {
    platformId: string;
    contextId: string;
    title: string;
    createdBy: string;
    membershipsUrl: string | null;
  },
) {
  const find = async () =>
    (
      await db
        .select({ id: cohorts.id, name: cohorts.name })
        .from(ltiContexts)
        .innerJoin(cohorts, eq(cohorts.id, ltiContexts.cohortId))
        .where(and(eq(ltiContexts.platformId, args.platformId), eq(ltiContexts.contextId, args.contextId)))
    )[0];
  const found = await find();
  if (found) {
    await db.batch([
      db.update(cohorts).set({ name: args.title }).where(eq(cohorts.id, found.id)),
      db
        .update(ltiContexts)
        .set({ membershipsUrl: args.membershipsUrl })
        .where(and(eq(ltiContexts.platformId, args.platformId), eq(ltiContexts.contextId, args.contextId))),
    ]);
    return { ...found, name: args.title };
  }
  const id = crypto.randomUUID();
  try {
    await db.batch([
      db.insert(cohorts).values({ id, name: args.title, joinCode: null, createdBy: args.createdBy }),
      db.insert(ltiContexts).values({
        platformId: args.platformId,
        contextId: args.contextId,
        cohortId: id,
        membershipsUrl: args.membershipsUrl,
      }),
    ]);
  } catch (error) {
    if (!String((error as Error).cause ?? error).includes('UNIQUE')) throw error;
  }
  return (await find())!;
}

/** The LMS course behind a cohort, with its platform; null for a cohort not made by a launch. */
export async function contextOfCohort(db: Db, cohortId: string) {
  const [row] = await db
    .select({
      contextId: ltiContexts.contextId,
      membershipsUrl: ltiContexts.membershipsUrl,
      rosterSyncedAt: ltiContexts.rosterSyncedAt,
      platform: ltiPlatforms,
    })
    .from(ltiContexts)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiContexts.platformId))
    .where(eq(ltiContexts.cohortId, cohortId));
  return row ?? null;
}

export type RosterEntry = { sub: string; displayName: string; teaching: boolean; active: boolean };

/**
 * Applies an LMS roster to a cohort: accounts (no password) for people never seen, active learners as members and
 * teachers as instructors, inactive or deleted learners out of the members. Fifty people per round trip, since D1
 * binds at most 100 parameters per statement.
 */
export async function applyRoster(
  db: Db,
  args: { platformId: string; cohortId: string; roster: RosterEntry[]; passwordHash: string; now: Date },
) {
  let added = 0;
  let removed = 0;
  for (let i = 0; i < args.roster.length; i += 50) {
    const chunk = args.roster.slice(i, i + 50);
    const known = await db
      .select({ sub: ltiUsers.sub, userId: ltiUsers.userId })
      .from(ltiUsers)
      .where(
        and(
          eq(ltiUsers.platformId, args.platformId),
          inArray(
            ltiUsers.sub,
            chunk.map((m) => m.sub),
          ),
        ),
      );
    const ids = new Map(known.map((k) => [k.sub, k.userId]));
    const writes: BatchItem[] = [];
    for (const member of chunk) {
      let userId = ids.get(member.sub);
      if (!userId && !member.active) continue;
      if (!userId) {
        userId = crypto.randomUUID();
        const role = member.teaching ? 'instructor' : 'student';
        writes.push(
          db.insert(users).values({
            id: userId,
            email: `lti-${userId}@lti.invalid`,
            displayName: member.displayName,
            role,
            passwordHash: args.passwordHash,
          }),
          db.insert(ltiUsers).values({ platformId: args.platformId, sub: member.sub, userId }),
        );
      }
      if (!member.active) {
        writes.push(
          db
            .delete(cohortMembers)
            .where(and(eq(cohortMembers.cohortId, args.cohortId), eq(cohortMembers.userId, userId))),
        );
        removed++;
      } else if (member.teaching) {
        writes.push(
          db.insert(cohortInstructors).values({ cohortId: args.cohortId, userId }).onConflictDoNothing(),
        );
      } else {
        writes.push(
          db.insert(cohortMembers).values({ cohortId: args.cohortId, userId }).onConflictDoNothing(),
        );
        added++;
      }
    }
    if (writes.length > 0) await db.batch(writes as [BatchItem, ...BatchItem[]]);
  }
  await db
    .update(ltiContexts)
    .set({ rosterSyncedAt: args.now })
    .where(eq(ltiContexts.cohortId, args.cohortId));
  return { learners: added, removed };
}

type BatchItem = Parameters<Db['batch']>[0][number];

/** Puts a user in a cohort as an instructor or a member (idempotent). */
export async function enrol(db: Db, cohortId: string, userId: string, as: 'instructor' | 'member') {
  if (as === 'instructor')
    await db.insert(cohortInstructors).values({ cohortId, userId }).onConflictDoNothing();
  else await db.insert(cohortMembers).values({ cohortId, userId }).onConflictDoNothing();
}

/**
 * The assignment a resource link opens, created on its first launch in the course's cohort; the line item URL is
 * refreshed on every launch (the LMS may add or move the grade column).
 */
export async function assignmentForResourceLink(
  db: Db,
  args: {
    platformId: string;
    resourceLinkId: string;
    cohortId: string;
    scenarioVersionId: string;
    side: string | null;
    dueAt: Date | null;
    lineItemUrl: string | null;
  },
) {
  const find = async () =>
    (
      await db
        .select({
          assignmentId: ltiResourceLinks.assignmentId,
          cohortId: assignments.cohortId,
          side: assignments.side,
          lineItemUrl: ltiResourceLinks.lineItemUrl,
        })
        .from(ltiResourceLinks)
        .innerJoin(assignments, eq(assignments.id, ltiResourceLinks.assignmentId))
        .where(
          and(
            eq(ltiResourceLinks.platformId, args.platformId),
            eq(ltiResourceLinks.resourceLinkId, args.resourceLinkId),
          ),
        )
    )[0];
  const found = await find();
  if (found) {
    if (args.lineItemUrl && args.lineItemUrl !== found.lineItemUrl) {
      await db
        .update(ltiResourceLinks)
        .set({ lineItemUrl: args.lineItemUrl })
        .where(
          and(
            eq(ltiResourceLinks.platformId, args.platformId),
            eq(ltiResourceLinks.resourceLinkId, args.resourceLinkId),
          ),
        );
    }
    return found;
  }
  const id = crypto.randomUUID();
  try {
    await db.batch([
      db.insert(assignments).values({
        id,
        cohortId: args.cohortId,
        scenarioVersionId: args.scenarioVersionId,
        side: args.side,
        dueAt: args.dueAt,
      }),
      db.insert(ltiResourceLinks).values({
        platformId: args.platformId,
        resourceLinkId: args.resourceLinkId,
        assignmentId: id,
        lineItemUrl: args.lineItemUrl,
      }),
    ]);
  } catch (error) {
    if (!String((error as Error).cause ?? error).includes('UNIQUE')) throw error;
  }
  return (await find())!;
}

/**
 * An assignment the caller teaches (admins teach all) with its LMS link's grading, null fields when it has no link;
 * null when the caller does not teach it.
 */
export async function taughtAssignmentLink(db: Db, assignmentId: string, user: { id: string; role: string }) {
  const [row] = await db
    .select({
      assignmentId: assignments.id,
      gradeFigure: ltiResourceLinks.gradeFigure,
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

export async function setGradeFigure(db: Db, assignmentId: string, gradeFigure: GradeFigure) {
  await db
    .update(ltiResourceLinks)
    .set({ gradeFigure })
    .where(eq(ltiResourceLinks.assignmentId, assignmentId));
}

/**
 * Queues a finished run's grade when the run counts toward an LMS-linked assignment with a grade column and its
 * player came from that LMS; a no-op otherwise. Returns whether a grade was queued.
 */
export async function queueGrade(db: Db, runId: string, now = new Date()): Promise<boolean> {
  const result = await db.run(sql`
    INSERT INTO lti_grade_posts (run_id, assignment_id, status, attempts, next_attempt_at)
    SELECT r.id, r.assignment_id, 'pending', 0, ${now.getTime()}
    FROM runs r
    JOIN lti_resource_links l ON l.assignment_id = r.assignment_id AND l.line_item_url IS NOT NULL
    JOIN lti_users u ON u.platform_id = l.platform_id AND u.user_id = r.user_id
    WHERE r.id = ${runId} AND r.status = 'finished'
    ON CONFLICT (run_id) DO NOTHING`);
  return (result.meta.changes ?? 0) > 0;
}

/** Everything a grade post needs: the run's figures, the link's grade column and figure, the LMS user and platform. */
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
      gradeFigure: ltiResourceLinks.gradeFigure,
      sub: ltiUsers.sub,
      platform: ltiPlatforms,
    })
    .from(ltiGradePosts)
    .innerJoin(runs, eq(runs.id, ltiGradePosts.runId))
    .innerJoin(ltiResourceLinks, eq(ltiResourceLinks.assignmentId, ltiGradePosts.assignmentId))
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiResourceLinks.platformId))
    .innerJoin(ltiUsers, and(eq(ltiUsers.platformId, ltiPlatforms.id), eq(ltiUsers.userId, runs.userId)))
    .where(
      and(
        eq(ltiGradePosts.status, 'pending'),
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

export async function markGradeFailed(db: Db, runId: string, error: string, nextAttemptAt: Date) {
  await db
    .update(ltiGradePosts)
    .set({ lastError: error.slice(0, 500), nextAttemptAt, attempts: sql`${ltiGradePosts.attempts} + 1` })
    .where(eq(ltiGradePosts.runId, runId));
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

/** The public published scenarios (each one's current version), by title, for the deep-linking picker. */
export const publishedScenarios = (db: Db) =>
  db
    .select({ id: scenarioVersions.id, slug: scenarios.slug, content: scenarioVersions.content })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(scenarioVersions.status, 'published'), visibleTo(null)))
    .orderBy(asc(scenarioVersions.title));

export async function createRegistrationCode(db: Db, row: typeof ltiRegistrationCodes.$inferInsert) {
  await db.insert(ltiRegistrationCodes).values(row);
}

/** Takes a registration code (single use); false when unknown or expired. */
export async function consumeRegistrationCode(db: Db, id: string, now = new Date()): Promise<boolean> {
  const [row] = await db.delete(ltiRegistrationCodes).where(eq(ltiRegistrationCodes.id, id)).returning();
  return row !== undefined && row.expiresAt > now;
}

/** Records a platform's first deployment id when it registered without one (dynamic registration before install). */
export async function adoptFirstDeployment(db: Db, platformId: string, deploymentId: string): Promise<void> {
  await db
    .update(ltiPlatforms)
    .set({ deploymentIds: JSON.stringify([deploymentId]) })
    .where(and(eq(ltiPlatforms.id, platformId), eq(ltiPlatforms.deploymentIds, '[]')));
}
