import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '..';
import type { LiveResults } from '../../live/results';
import { ApiError } from '../../lib/errors';
import { randomCode } from '../../lib/tokens';
import { liveSessions, scenarioVersions } from '../schema';

/**
 * Inserts the session under a fresh code. Codes are unique for all time (each names a Durable Object), so a
 * clash with any earlier session, however unlikely among 32^6 codes, is retried with another code.
 * @example const code = await claimLiveCode(db, (code) => ({ id, code, facilitatorId, scenarioVersionId, mode: 'room', side, status: 'open' }))
 */
export async function claimLiveCode(
  db: Db,
  row: (code: string) => typeof liveSessions.$inferInsert,
  nextCode: () => string = () => randomCode(6),
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = nextCode();
    const [inserted] = await db
      .insert(liveSessions)
      .values(row(code))
      .onConflictDoNothing({ target: liveSessions.code })
      .returning({ code: liveSessions.code });
    if (inserted) return inserted.code;
  }
  throw new ApiError(503, 'busy', 'Could not find a free session code; try again.');
}

/** A facilitator's live sessions with their scenarios' titles, newest first. */
export const liveSessionsOf = (db: Db, facilitatorId: string) =>
  db
    .select({
      code: liveSessions.code,
      mode: liveSessions.mode,
      side: liveSessions.side,
      status: liveSessions.status,
      title: scenarioVersions.title,
      createdAt: liveSessions.createdAt,
      endedAt: liveSessions.endedAt,
    })
    .from(liveSessions)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, liveSessions.scenarioVersionId))
    .where(eq(liveSessions.facilitatorId, facilitatorId))
    .orderBy(desc(liveSessions.createdAt));

/** A session of this facilitator's, with its status, results (once ended) and pinned version; null for others'. */
export async function facilitatedSession(db: Db, code: string, facilitatorId: string) {
  const [row] = await db
    .select({
      status: liveSessions.status,
      results: liveSessions.results,
      content: scenarioVersions.content,
      versionId: scenarioVersions.id,
    })
    .from(liveSessions)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, liveSessions.scenarioVersionId))
    .where(and(eq(liveSessions.code, code), eq(liveSessions.facilitatorId, facilitatorId)));
  return row ?? null;
}

/** Whether this user facilitates the session with this code (a guest, `null`, never does). */
/**
 * Whether a session has this code, and whether it has ended: what a participant's page asks before it waits on a
 * socket, so a mistyped code is said at once.
 * @example await liveSessionStatus(db, 'K7QH2M') // 'open' | 'ended' | null
 */
export async function liveSessionStatus(db: Db, code: string): Promise<'open' | 'ended' | null> {
  const [session] = await db
    .select({ status: liveSessions.status })
    .from(liveSessions)
    .where(eq(liveSessions.code, code));
  return session?.status ?? null;
}

export async function facilitates(db: Db, code: string, userId: string | null): Promise<boolean> {
  const [session] = await db
    .select({ id: liveSessions.id })
    .from(liveSessions)
    .where(and(eq(liveSessions.code, code), eq(liveSessions.facilitatorId, userId ?? '')));
  return session !== undefined;
}

/**
 * Marks a live session ended and keeps its results (participants, every round's votes and reasons, the path, the
 * ending); called once by its Durable Object when the facilitator ends it.
 *
 * @example await endLiveSession(createDb(env.DB), config.sessionId, room.results(votes), Date.now());
 */
export async function endLiveSession(
  db: Db,
  sessionId: string,
  results: LiveResults,
  now: number,
): Promise<void> {
  await db
    .update(liveSessions)
    .set({ status: 'ended', results: JSON.stringify(results), endedAt: new Date(now) })
    .where(eq(liveSessions.id, sessionId));
}
