import { and, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '..';
import { choiceTallies, rateLimits, runs } from '../schema';

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

/**
 * How long guest runs are kept. A guest run left unfinished for 30 days is abandoned (nobody resumes a crisis a month
 * later); any guest run older than the guest cookie's 180 days can be reached by nobody. Finished guest runs younger
 * than that stay: they are the guest's history and count in "how others chose".
 */
export const GUEST_RUN_RETENTION = { unfinishedDays: 30, anyDays: 180 } as const;

/** Runs deleted per statement: one statement's cascade (decisions, answers) stays well inside D1's time limit. */
const GUEST_PRUNE_BATCH = 500;
/** Statements per cron pass: up to 10,000 runs an hour, far above what the per-address start limit lets in. */
const GUEST_PRUNE_PASSES = 20;

/** Deletes guest runs past `GUEST_RUN_RETENTION` (their decisions and answers cascade); returns how many. */
export async function pruneGuestRuns(db: Db, now: number): Promise<number> {
  const day = 24 * 60 * 60_000;
  const stale = and(
    isNull(runs.userId),
    isNotNull(runs.guestId),
    or(
      and(
        ne(runs.status, 'finished'),
        lt(runs.updatedAt, new Date(now - GUEST_RUN_RETENTION.unfinishedDays * day)),
      ),
      lt(runs.updatedAt, new Date(now - GUEST_RUN_RETENTION.anyDays * day)),
    ),
  );
  let total = 0;
  for (let pass = 0; pass < GUEST_PRUNE_PASSES; pass++) {
    // Both statements pick the same runs: the same ordered query, inside one batch (a transaction).
    const batch = db
      .select({ id: runs.id })
      .from(runs)
      .where(stale)
      .orderBy(runs.id)
      .limit(GUEST_PRUNE_BATCH);
    const [, deleted] = await db.batch([
      // Finished runs leave "how others chose" as they leave the table (choice_tallies stays a true count).
      db
        .update(choiceTallies)
        .set({
          n: sql`${choiceTallies.n} - (
            SELECT count(*) FROM decisions d JOIN runs r ON r.id = d.run_id
            WHERE r.id IN ${batch} AND r.status = 'finished' AND r.scenario_version_id = ${choiceTallies.scenarioVersionId}
              AND r.side = ${choiceTallies.side} AND d.node_id = ${choiceTallies.nodeId}
              AND d.choice_id = ${choiceTallies.choiceId})`,
        })
        .where(
          sql`(${choiceTallies.scenarioVersionId}, ${choiceTallies.side}) IN (
            SELECT r.scenario_version_id, r.side FROM runs r WHERE r.id IN ${batch} AND r.status = 'finished')`,
        ),
      db.delete(runs).where(inArray(runs.id, batch)).returning({ id: runs.id }),
    ]);
    total += deleted.length;
    if (deleted.length < GUEST_PRUNE_BATCH) break;
  }
  return total;
}
