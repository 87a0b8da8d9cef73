import { lt } from 'drizzle-orm';
import type { Db } from '..';
import { rateLimits } from '../schema';

/** Rate-limit rows older than this are past every window we use (the longest is an hour). */
export const RATE_LIMIT_RETENTION_MS = 24 * 60 * 60_000;

/** Deletes rate-limit counters whose window ended long ago, so the table stays as small as the traffic. */
export async function pruneRateLimits(db: Db, now: number): Promise<number> {
  const deleted = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, now - RATE_LIMIT_RETENTION_MS))
    .returning({ key: rateLimits.key });
  return deleted.length;
}
