import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '..';
import { cohortInstructors, cohortInvitations, cohortMembers, cohorts, users } from '../schema';
import type { SessionUser } from './sessions';

/** A person as a cohort lists them. */
const person = { id: users.id, displayName: users.displayName, email: users.email };

/** Creates a cohort taught by its creator (one batch). */
export async function createCohort(
  db: Db,
  cohort: { id: string; name: string; joinCode: string; joinCodeExpiresAt: Date | null; createdBy: string },
): Promise<void> {
  await db.batch([
    db.insert(cohorts).values(cohort),
    db.insert(cohortInstructors).values({ cohortId: cohort.id, userId: cohort.createdBy }),
  ]);
}

/** The cohorts a user teaches, with their member counts, by name. */
export const cohortsTaughtBy = (db: Db, userId: string) =>
  db
    .select({ id: cohorts.id, name: cohorts.name, members: count(cohortMembers.userId) })
    .from(cohorts)
    .innerJoin(
      cohortInstructors,
      and(eq(cohortInstructors.cohortId, cohorts.id), eq(cohortInstructors.userId, userId)),
    )
    .leftJoin(cohortMembers, eq(cohortMembers.cohortId, cohorts.id))
    .groupBy(cohorts.id)
    .orderBy(asc(cohorts.name));

/** The cohorts a user belongs to as a student, by name. */
export const cohortsJoinedBy = (db: Db, userId: string) =>
  db
    .select({ id: cohorts.id, name: cohorts.name })
    .from(cohorts)
    .innerJoin(cohortMembers, and(eq(cohortMembers.cohortId, cohorts.id), eq(cohortMembers.userId, userId)))
    .orderBy(asc(cohorts.name));

/** A cohort's instructors, and its students by name with when they joined. */
export async function cohortPeople(db: Db, cohortId: string) {
  const [instructors, members] = await Promise.all([
    db
      .select(person)
      .from(cohortInstructors)
      .innerJoin(users, eq(users.id, cohortInstructors.userId))
      .where(eq(cohortInstructors.cohortId, cohortId)),
    db
      .select({ ...person, joinedAt: cohortMembers.joinedAt })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(eq(cohortMembers.cohortId, cohortId))
      .orderBy(asc(users.displayName)),
  ]);
  return { instructors, members };
}

/** The cohort with this join code, expired or not, or null. */
export async function cohortByJoinCode(db: Db, joinCode: string) {
  const [cohort] = await db.select().from(cohorts).where(eq(cohorts.joinCode, joinCode));
  return cohort ?? null;
}

/** Makes a user a student of a cohort (idempotent). */
export async function joinCohort(db: Db, cohortId: string, userId: string): Promise<void> {
  await db.insert(cohortMembers).values({ cohortId, userId }).onConflictDoNothing();
}

/** Sets or clears a cohort's join code. */
export async function setJoinCode(
  db: Db,
  cohortId: string,
  code: { joinCode: string | null; joinCodeExpiresAt: Date | null },
): Promise<void> {
  await db.update(cohorts).set(code).where(eq(cohorts.id, cohortId));
}

/**
 * Invites an email address to co-teach a cohort (idempotent: a second invitation to the same address is the first).
 * Whether the address has an account, is a student's or already teaches is not looked at, so the answer cannot tell.
 */
export async function inviteInstructor(
  db: Db,
  invitation: { cohortId: string; email: string; invitedBy: string },
): Promise<void> {
  await db
    .insert(cohortInvitations)
    .values({ id: crypto.randomUUID(), ...invitation })
    .onConflictDoNothing();
}

/** A cohort's pending invitations (for its instructors), oldest first. */
export const invitationsOfCohort = (db: Db, cohortId: string) =>
  db
    .select({
      id: cohortInvitations.id,
      email: cohortInvitations.email,
      createdAt: cohortInvitations.createdAt,
    })
    .from(cohortInvitations)
    .where(eq(cohortInvitations.cohortId, cohortId))
    .orderBy(asc(cohortInvitations.createdAt));

/** The invitations addressed to a user's email, with the cohort and who invited them, oldest first. */
export const invitationsFor = (db: Db, email: string) =>
  db
    .select({
      id: cohortInvitations.id,
      cohort: { id: cohorts.id, name: cohorts.name },
      invitedBy: users.displayName,
      createdAt: cohortInvitations.createdAt,
    })
    .from(cohortInvitations)
    .innerJoin(cohorts, eq(cohorts.id, cohortInvitations.cohortId))
    .innerJoin(users, eq(users.id, cohortInvitations.invitedBy))
    .where(eq(cohortInvitations.email, email.toLowerCase()))
    .orderBy(asc(cohortInvitations.createdAt));

/**
 * Accepts or declines an invitation addressed to the user's email. Accepting makes them an instructor of the cohort
 * and deletes the invitation in one batch; declining only deletes it. Returns the cohort, or null when there is no
 * such invitation for them (a 404: another person's invitation looks like none).
 */
export async function answerInvitation(
  db: Db,
  args: { invitationId: string; user: Pick<SessionUser, 'id' | 'email'>; accept: boolean },
): Promise<{ id: string; name: string } | null> {
  const mine = and(
    eq(cohortInvitations.id, args.invitationId),
    eq(cohortInvitations.email, args.user.email.toLowerCase()),
  );
  const [invitation] = await db
    .select({ cohortId: cohortInvitations.cohortId, name: cohorts.name })
    .from(cohortInvitations)
    .innerJoin(cohorts, eq(cohorts.id, cohortInvitations.cohortId))
    .where(mine);
  if (!invitation) return null;
  const remove = db.delete(cohortInvitations).where(mine);
  if (args.accept)
    await db.batch([
      db
        .insert(cohortInstructors)
        .values({ cohortId: invitation.cohortId, userId: args.user.id })
        .onConflictDoNothing(),
      remove,
    ]);
  else await remove;
  return { id: invitation.cohortId, name: invitation.name };
}

/** Withdraws a pending invitation of a cohort; false when there was none. */
export async function withdrawInvitation(db: Db, cohortId: string, invitationId: string): Promise<boolean> {
  const removed = await db
    .delete(cohortInvitations)
    .where(and(eq(cohortInvitations.id, invitationId), eq(cohortInvitations.cohortId, cohortId)))
    .returning({ id: cohortInvitations.id });
  return removed.length > 0;
}

/** Removes a student from a cohort (their runs stay); false when they were not in it. */
export async function removeMember(db: Db, cohortId: string, userId: string): Promise<boolean> {
  const removed = await db
    .delete(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
    .returning({ userId: cohortMembers.userId });
  return removed.length > 0;
}

/** The cohorts a user belongs to as a student (id and name), in no particular order. */
export const membershipsOf = (db: Db, userId: string) =>
  db
    .select({ id: cohorts.id, name: cohorts.name })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(eq(cohortMembers.userId, userId));
