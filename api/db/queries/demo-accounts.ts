import { inArray } from 'drizzle-orm';
import { hashPassword } from '../../lib/passwords';
import type { Db } from '..';
import { users } from '../schema';

/** The demo logins `npm start` prints. Seeded into the local database only, never by a deploy. */
export const DEMO_PASSWORD = 'crisis-desk-demo';
export const DEMO_ACCOUNTS = [
  { email: 'admin@crisis-desk.local', displayName: 'Demo Admin', role: 'admin' },
  { email: 'instructor@crisis-desk.local', displayName: 'Demo Instructor', role: 'instructor' },
  { email: 'student1@crisis-desk.local', displayName: 'Demo Student One', role: 'student' },
  { email: 'student2@crisis-desk.local', displayName: 'Demo Student Two', role: 'student' },
] as const;

/** Creates the demo accounts that do not exist yet (idempotent). Returns how many were created. */
export async function seedDemoAccounts(db: Db): Promise<number> {
  const existing = await db
    .select({ email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        DEMO_ACCOUNTS.map((a) => a.email),
      ),
    );
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.some((e) => e.email === a.email));
  for (const account of missing) {
    await db
      .insert(users)
      .values({
        id: crypto.randomUUID(),
        ...account,
        demo: true,
        passwordHash: await hashPassword(DEMO_PASSWORD),
      })
      .onConflictDoNothing();
  }
  return missing.length;
}
