import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '..';
import { rateLimits } from '../schema';

/** A fixed-window counter as it stands. */
type Counter = { count: number; windowStart: number };

/**
 * Counts one event against `key` in a fixed window that starts afresh once `windowMs` has passed; returns the
 * counter after it. One upsert; SQLite evaluates both SET expressions against the old row.
 * @example const { count } = bumpCounter(db, 'signin:ip:203.0.113.7', 15 * 60_000, Date.now())
 */
export function bumpCounter(db: Db, key: string, windowMs: number, now: number) {
  const expired = sql`${rateLimits.windowStart} <= ${now - windowMs}`;
  return db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        windowStart: sql`CASE WHEN ${expired} THEN ${now} ELSE ${rateLimits.windowStart} END`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
}

/** The counters among `keys` whose window (of `windowMs`) is still open, by key; one query. */
export async function readCounters(
  db: Db,
  keys: string[],
  windowMs: number,
  now: number,
): Promise<Map<string, Counter>> {
  const rows = await db
    .select()
    .from(rateLimits)
    .where(and(inArray(rateLimits.key, keys), gt(rateLimits.windowStart, now - windowMs)));
  return new Map(rows.map((row) => [row.key, { count: row.count, windowStart: row.windowStart }]));
}

/** Forgets a counter (e.g. an account-and-address pair's failures after the right password). */
export function clearCounter(db: Db, key: string) {
  return db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** Counts one failure against each of `keys` (one batch): the counters of a sign-in that did not match. */
export async function bumpCounters(db: Db, keys: [string, ...string[]], windowMs: number, now: number) {
  const [first, ...rest] = keys.map((key) => bumpCounter(db, key, windowMs, now));
  await db.batch([first!, ...rest]);
}
