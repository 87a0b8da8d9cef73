import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '..';
import { cohortInstructors, cohortMembers, cohorts, users } from '../schema';
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

/** An account that could co-teach, by email: its id, name and role; null when there is none. */
export async function colleagueByEmail(
  db: Db,
  email: string,
): Promise<Pick<SessionUser, 'id' | 'displayName' | 'email' | 'role'> | null> {
  const [user] = await db
    .select({ ...person, role: users.role })
    .from(users)
    .where(eq(users.email, email));
  return user ?? null;
}

/** Makes a user an instructor of a cohort (idempotent). */
export async function addInstructor(db: Db, cohortId: string, userId: string): Promise<void> {
  await db.insert(cohortInstructors).values({ cohortId, userId }).onConflictDoNothing();
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
