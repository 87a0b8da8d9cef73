import type { CheckAnswer } from '../../engine';
import type { Db } from '..';
import { checkAnswers } from '../schema';

/**
 * Inserts an answer unless the run already has one in that slot; true when this call recorded it. The unique
 * (run, check, slot) index decides between concurrent answers, so exactly one of them is recorded.
 * @example await recordAnswer(db, runId, { checkId: 'who', slot: 'before', optionIds: ['a'] }, true, 4_000)
 */
export async function recordAnswer(
  db: Db,
  runId: string,
  answer: CheckAnswer,
  correct: boolean,
  timeTakenMs: number,
): Promise<boolean> {
  const inserted = await db
    .insert(checkAnswers)
    .values({
      id: crypto.randomUUID(),
      runId,
      checkId: answer.checkId,
      slot: answer.slot,
      optionIds: JSON.stringify(answer.optionIds),
      correct,
      timeTakenMs,
    })
    .onConflictDoNothing()
    .returning({ id: checkAnswers.id });
  return inserted.length > 0;
}
