/** What happens after a decision is recorded, beyond the run itself: xAPI statements and LMS grade passback. */
import type { RunRow } from '../db/queries/runs';
import { score, type RunState, type Scenario } from '../engine';
import { sendQueuedGrade } from '../lti/grades';
import type { Db } from '../db';
import { queueDecision } from '../xapi/queue';

/**
 * Called once from the choice route after the decision is stored (and with it, in the same batch, an LMS grade
 * when the run finished): queues what must not be lost (awaited, a few small writes) and sends it after the response through `waitUntil`, so an LRS or LMS that is down never slows play.
 */
export async function afterChoice(
  db: Db,
  event: {
    origin: string;
    run: RunRow;
    scenario: Scenario;
    nodeId: string;
    choiceId: string;
    justification: string | null;
    timeTakenMs: number;
    state: RunState;
    /** Whether the write batch queued the run's LMS grade (`recordDecision`). */
    gradeQueued: boolean;
  },
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<void> {
  const { run } = event;
  const finished = run.status === 'finished';
  await queueDecision(
    db,
    {
      origin: event.origin,
      runId: run.id,
      player: { userId: run.userId, guestId: run.guestId },
      assignmentId: run.assignmentId,
      scenario: event.scenario,
      side: run.side,
      nodeId: event.nodeId,
      choiceId: event.choiceId,
      justification: event.justification,
      timeTakenMs: event.timeTakenMs,
      result: score(event.state),
      finished,
      timeSpentMs: run.timeSpentMs,
    },
    waitUntil,
  );
  if (event.gradeQueued) sendQueuedGrade(db, run.id, waitUntil);
}
