import { eq } from 'drizzle-orm';
import type { LiveResults } from '../../live/results';
import type { Db } from '../../middleware/db';
import { liveSessions } from '../schema';

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
