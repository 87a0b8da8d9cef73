import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '..';
import { users } from '../schema';
import type { SessionUser } from './sessions';

/** An account as the API shows it: never its password hash. */
const accountColumns = { id: users.id, email: users.email, displayName: users.displayName, role: users.role };

/** The account with this email, password hash included (sign-in), or null. */
export async function accountByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row ?? null;
}

/** Whether an account uses this email. */
export async function emailTaken(db: Db, email: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row !== undefined;
}

/** How many accounts there are (none on a fresh install). */
export async function countAccounts(db: Db): Promise<number> {
  const [row] = await db.select({ total: count() }).from(users);
  return row?.total ?? 0;
}

/** Creates an account; throws on an email already taken (the unique index decides between racing sign-ups). */
export async function insertAccount(db: Db, account: SessionUser & { passwordHash: string }): Promise<void> {
  await db.insert(users).values(account);
}

/** Every account, by email. */
export const listAccounts = (db: Db): Promise<SessionUser[]> =>
  db.select(accountColumns).from(users).orderBy(asc(users.email));

/** Sets an account's role; null when there is no such account. */
export async function setRole(db: Db, id: string, role: SessionUser['role']): Promise<SessionUser | null> {
  const [updated] = await db.update(users).set({ role }).where(eq(users.id, id)).returning(accountColumns);
  return updated ?? null;
}

/** Stores the app language chosen by the account's owner. */
export async function setLocale(db: Db, id: string, locale: 'en' | 'ur' | 'fa'): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, id));
}
