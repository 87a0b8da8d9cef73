import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { recordAnswer } from '../db/queries/check-answers';
import { requireRun, type LoadedRun } from '../db/queries/runs';
import { answerCheck } from '../engine';
import type { AppEnv } from '../env';
import { ApiError, type CodeOf } from '../lib/errors';
import { createRouter } from '../lib/router';
import { answerCheckSchema } from '../schemas/checks';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import { runIdParams, runWithViewSchema } from '../schemas/runs';
import { withView } from './runs';

/** An answer's time taken is capped like a decision's, so a tab left open overnight does not count the night. */
const MAX_ANSWER_MS = 60 * 60_000;

const owner = (c: Context<AppEnv>) => ({ userId: c.var.user?.id ?? null, guestId: c.var.guestId });

const answerRoute = createRoute({
  method: 'post',
  path: '/{id}/answers',
  tags: ['Runs'],
  summary:
    'Answer a knowledge check once; a retried answer is recorded once, a different second one gets 409 with the current run',
  request: { params: runIdParams, body: jsonBody(answerCheckSchema) },
  responses: {
    200: jsonResponse(
      runWithViewSchema,
      'The run with the answered question (right or wrong, the explanation) and the knowledge score.',
    ),
    ...errorResponses(400, 404, 409),
  },
});

const conflict = (code: CodeOf<409>, message: string, loaded: LoadedRun): never => {
  throw new ApiError(409, code, message, withView(loaded, loaded.state));
};

/** Knowledge-check answers: their own sub-app under /runs, apart from the decision routes. */
export const runAnswerRoutes = createRouter().openapi(answerRoute, async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  const loaded = await requireRun(c.var.db, id, owner(c));
  if (loaded.run.status === 'abandoned') conflict('run_abandoned', 'This run was abandoned.', loaded);
  // A damaged run (its log no longer replays) can only be read or abandoned, as for choices.
  if (loaded.damage)
    conflict(
      'run_damaged',
      "Part of this run's record was lost, so it cannot go on. Abandon it or start again.",
      loaded,
    );
  const checked = answerCheck(loaded.state, loaded.answers, input);
  if (!checked.ok) {
    const { code, message } = checked.error;
    if (code === 'already_answered') conflict(code, `${message} This is the run now.`, loaded);
    if (code === 'check_not_open') conflict(code, message, loaded);
    throw new ApiError(400, 'invalid_request', message, [
      { path: code === 'unknown_check' ? 'checkId' : 'optionIds', message },
    ]);
  }
  if (checked.repeated) return c.json(withView(loaded, loaded.state), 200);
  // Time since the question could first be seen: the run's last change or the previous answer, whichever is later.
  const now = Date.now();
  const since = Math.max(loaded.run.updatedAt.getTime(), ...loaded.answers.map((a) => a.at));
  const timeTakenMs = Math.min(MAX_ANSWER_MS, Math.max(0, now - since));
  const recorded = await recordAnswer(c.var.db, id, checked.answer, checked.correct, timeTakenMs);
  const current = recorded
    ? { ...loaded, answers: [...loaded.answers, { ...checked.answer, at: now }] }
    : await requireRun(c.var.db, id, owner(c));
  if (!recorded) {
    // A concurrent answer landed first: the same one is this request's retry, a different one a conflict.
    const again = answerCheck(current.state, current.answers, input);
    if (!again.ok)
      conflict('already_answered', 'Another tab answered this question first; this is the run now.', current);
  }
  return c.json(withView(current, current.state), 200);
});
