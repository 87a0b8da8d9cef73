// What an LTI launch reads and creates: login states, handoffs, deep links, LMS users, courses and resource links.
// Platforms, keys and grades are in lti.ts.
import { and, asc, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '..';
import { platformById } from './lti';
import { visibleTo } from './scenarios';
import type { CourseRole } from '../../lti/claims';
import {
  assignments,
  cohortInstructors,
  cohortMembers,
  cohorts,
  ltiContexts,
  ltiDeepLinks,
  ltiHandoffs,
  ltiLoginStates,
  ltiPlatforms,
  ltiResourceLinks,
  ltiUsers,
  scenarios,
  scenarioVersions,
  users,
} from '../schema';

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
 * The account of an LMS user, created on first launch as a student with no password (see NO_PASSWORD); later
 * launches refresh the name. The site role is never changed here: an LMS role applies to its course's cohort only
 * (setCourseRole), and a site role comes only from an admin.
 */
export async function accountForLtiUser(
  db: Db,
  args: { platformId: string; sub: string; displayName: string; passwordHash: string },
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
          role: 'student',
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
  if (user.displayName !== args.displayName) {
    await db.update(users).set({ displayName: args.displayName }).where(eq(users.id, user.id));
  }
  return { ...user, displayName: args.displayName };
}

/** The account an LMS user already has here, or null (a mentor's launch creates nothing). */
export async function existingLtiAccount(db: Db, platformId: string, sub: string) {
  const [row] = await db
    .select({ userId: ltiUsers.userId })
    .from(ltiUsers)
    .where(and(eq(ltiUsers.platformId, platformId), eq(ltiUsers.sub, sub)));
  return row?.userId ?? null;
}

/** The cohort of an LMS course already seen here, or null. */
export async function existingCohortOfContext(db: Db, platformId: string, contextId: string) {
  const [row] = await db
    .select({ cohortId: ltiContexts.cohortId })
    .from(ltiContexts)
    .where(and(eq(ltiContexts.platformId, platformId), eq(ltiContexts.contextId, contextId)));
  return row?.cohortId ?? null;
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
    const refresh: BatchItem[] = [
      db.update(cohorts).set({ name: args.title }).where(eq(cohorts.id, found.id)),
    ];
    // A launch without the roster claim (a learner's, on many LMSs) keeps the URL an earlier launch gave.
    if (args.membershipsUrl)
      refresh.push(
        db
          .update(ltiContexts)
          .set({ membershipsUrl: args.membershipsUrl })
          .where(and(eq(ltiContexts.platformId, args.platformId), eq(ltiContexts.contextId, args.contextId))),
      );
    await db.batch(refresh as [BatchItem, ...BatchItem[]]);
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
    .where(and(eq(ltiContexts.cohortId, cohortId), isNull(ltiPlatforms.removedAt)));
  return row ?? null;
}

export type RosterEntry = { sub: string; displayName: string; role: CourseRole; active: boolean };

/** The writes that make a user's place in a cohort what the LMS says: one of instructor or member, or neither. */
function courseRoleWrites(db: Db, cohortId: string, userId: string, as: 'instructor' | 'member' | null) {
  const member = and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId));
  const instructor = and(eq(cohortInstructors.cohortId, cohortId), eq(cohortInstructors.userId, userId));
  const writes: BatchItem[] = [];
  if (as !== 'member') writes.push(db.delete(cohortMembers).where(member));
  if (as !== 'instructor') writes.push(db.delete(cohortInstructors).where(instructor));
  if (as === 'instructor')
    writes.push(db.insert(cohortInstructors).values({ cohortId, userId }).onConflictDoNothing());
  if (as === 'member')
    writes.push(db.insert(cohortMembers).values({ cohortId, userId }).onConflictDoNothing());
  return writes;
}

/**
 * Applies an LMS roster to a cohort, the LMS being the authority on who is in its course and in which role:
 * accounts (students, no password) for people never seen, active teachers as the cohort's instructors and active
 * learners as its members (each out of the other list), and out of both: inactive or deleted people, mentors, and
 * the platform's users who are no longer on the roster at all (how LMSs drop people). Fifty people per round trip,
 * since D1 binds at most 100 parameters per statement.
 */
export async function applyRoster(
  db: Db,
  args: { platformId: string; cohortId: string; roster: RosterEntry[]; passwordHash: string; now: Date },
) {
  let added = 0;
  let removed = 0;
  const onRoster = new Set<string>();
  const before = await db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .innerJoin(
      ltiUsers,
      and(eq(ltiUsers.userId, cohortMembers.userId), eq(ltiUsers.platformId, args.platformId)),
    )
    .where(eq(cohortMembers.cohortId, args.cohortId));
  const teachersBefore = await db
    .select({ userId: cohortInstructors.userId })
    .from(cohortInstructors)
    .innerJoin(
      ltiUsers,
      and(eq(ltiUsers.userId, cohortInstructors.userId), eq(ltiUsers.platformId, args.platformId)),
    )
    .where(eq(cohortInstructors.cohortId, args.cohortId));
  const wasMember = new Set(before.map((r) => r.userId));
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
      if (!userId && (!member.active || member.role === 'mentor')) continue;
      if (!userId) {
        userId = crypto.randomUUID();
        writes.push(
          db.insert(users).values({
            id: userId,
            email: `lti-${userId}@lti.invalid`,
            displayName: member.displayName,
            role: 'student',
            passwordHash: args.passwordHash,
          }),
          db.insert(ltiUsers).values({ platformId: args.platformId, sub: member.sub, userId }),
        );
      }
      onRoster.add(userId);
      const as = !member.active
        ? null
        : member.role === 'teacher'
          ? 'instructor'
          : member.role === 'learner'
            ? 'member'
            : null;
      if (as === 'member') added++;
      if (as !== 'member' && wasMember.has(userId)) removed++;
      writes.push(...courseRoleWrites(db, args.cohortId, userId, as));
    }
    if (writes.length > 0) await db.batch(writes as [BatchItem, ...BatchItem[]]);
  }
  const vanished = [...new Set([...wasMember, ...teachersBefore.map((r) => r.userId)])].filter(
    (id) => !onRoster.has(id),
  );
  removed += vanished.filter((id) => wasMember.has(id)).length;
  const drops = vanished.flatMap((id) => courseRoleWrites(db, args.cohortId, id, null));
  for (let i = 0; i < drops.length; i += 50)
    await db.batch(drops.slice(i, i + 50) as [BatchItem, ...BatchItem[]]);
  await db
    .update(ltiContexts)
    .set({ rosterSyncedAt: args.now })
    .where(eq(ltiContexts.cohortId, args.cohortId));
  return { learners: added, removed };
}

type BatchItem = Parameters<Db['batch']>[0][number];

/**
 * Puts a user in a course's cohort as the latest launch says: an instructor or a member (and out of the other list),
 * or, for a mentor, neither.
 */
export async function setCourseRole(
  db: Db,
  cohortId: string,
  userId: string,
  as: 'instructor' | 'member' | null,
) {
  await db.batch(courseRoleWrites(db, cohortId, userId, as) as [BatchItem, ...BatchItem[]]);
}

/**
 * The assignment a resource link opens in this course, for the scenario and side the link names now: made on the
 * first such launch. A link the LMS changed to another scenario or side, or the same link id in a copied course,
 * gets an assignment of its own (the earlier one keeps its runs); the line item URL is refreshed on every launch
 * (the LMS may add or move the grade column). Two reads and, the first time, one batch.
 */
export async function assignmentForResourceLink(
  db: Db,
  args: {
    platformId: string;
    resourceLinkId: string;
    cohortId: string;
    scenarioVersionId: string;
    slug: string;
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
        .innerJoin(scenarioVersions, eq(scenarioVersions.id, assignments.scenarioVersionId))
        .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
        .where(
          and(
            eq(ltiResourceLinks.platformId, args.platformId),
            eq(ltiResourceLinks.resourceLinkId, args.resourceLinkId),
            eq(assignments.cohortId, args.cohortId),
            eq(scenarios.slug, args.slug),
            args.side === null ? isNull(assignments.side) : eq(assignments.side, args.side),
          ),
        )
        .orderBy(desc(assignments.createdAt))
        .limit(1)
    )[0];
  const found = await find();
  if (found) {
    if (args.lineItemUrl && args.lineItemUrl !== found.lineItemUrl) {
      await db
        .update(ltiResourceLinks)
        .set({ lineItemUrl: args.lineItemUrl })
        .where(eq(ltiResourceLinks.assignmentId, found.assignmentId));
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
        // Unique per link: two first launches at once make one assignment (the other insert fails and reads it).
        variant: `${args.cohortId} ${args.slug} ${args.side ?? ''}`,
        lineItemUrl: args.lineItemUrl,
      }),
    ]);
  } catch (error) {
    if (!String((error as Error).cause ?? error).includes('UNIQUE')) throw error;
  }
  return (await find())!;
}

/** The public published scenarios (each one's current version), by title, for the deep-linking picker. */
export const publishedScenarios = (db: Db) =>
  db
    .select({ id: scenarioVersions.id, slug: scenarios.slug, content: scenarioVersions.content })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(scenarioVersions.status, 'published'), visibleTo(null)))
    .orderBy(asc(scenarioVersions.title));

/** Whether a user is an instructor of any cohort (one indexed lookup). */
export async function teachesAnyCohort(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ cohortId: cohortInstructors.cohortId })
    .from(cohortInstructors)
    .where(eq(cohortInstructors.userId, userId))
    .limit(1);
  return row !== undefined;
}
