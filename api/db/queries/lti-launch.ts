// What an LTI launch reads and creates: login states, handoffs, deep links, LMS users, courses and resource links.
// Platforms, keys and grades are in lti.ts.
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '..';
import { platformById } from './lti';
import { visibleTo } from './scenarios';
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

/** The public published scenarios (each one's current version), by title, for the deep-linking picker. */
export const publishedScenarios = (db: Db) =>
  db
    .select({ id: scenarioVersions.id, slug: scenarios.slug, content: scenarioVersions.content })
    .from(scenarioVersions)
    .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
    .where(and(eq(scenarioVersions.status, 'published'), visibleTo(null)))
    .orderBy(asc(scenarioVersions.title));
