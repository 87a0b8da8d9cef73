import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '..';
import { runs, sessions, users } from '../schema';

/** The signed-in caller, as every route sees it on `c.var.user`. */
export type SessionUser = {
  id: string;
  email: string;
  displayName: string;
  role: 'student' | 'instructor' | 'admin';
  /** The app language stored on the account (read with the session; absent where an account is built in code). */
  locale?: 'en' | 'ur' | 'fa' | null;
};

/** The user of an unexpired session, by the SHA-256 of its token; null for an unknown or expired one. */
export async function userOfSession(
  db: Db,
  tokenHash: string,
  now = new Date(),
): Promise<SessionUser | null> {
  const [row] = await sessionUserQuery(db, tokenHash, now);
  return row ?? null;
}

/** The statement behind `userOfSession`, for routes that send it in a batch with their own reads. */
export const sessionUserQuery = (db: Db, tokenHash: string, now: Date) =>
  db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      locale: users.locale,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, tokenHash), gt(sessions.expiresAt, now)));

/**
 * Stores a new session and, in the same batch, drops the user's expired sessions (so the table does not grow
 * forever) and moves a guest's runs to the user.
 * @example await createSession(db, { tokenHash, userId, expiresAt, guestId: c.var.guestId })
 */
export async function createSession(
  db: Db,
  args: { tokenHash: string; userId: string; expiresAt: Date; guestId: string | null },
): Promise<void> {
  const { tokenHash, userId, expiresAt, guestId } = args;
  await db.batch([
    db.insert(sessions).values({ id: tokenHash, userId, expiresAt }),
    db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, new Date()))),
    ...(guestId ? [db.update(runs).set({ userId, guestId: null }).where(eq(runs.guestId, guestId))] : []),
  ]);
}

/** Deletes a session by the SHA-256 of its token (sign-out). */
export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, tokenHash));
}
