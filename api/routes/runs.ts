import { createRoute, z } from '@hono/zod-openapi';
import { requireOpenAssignment } from '../db/queries/cohorts';
import {
  abandonRun,
  choiceCounts,
  decisionTime,
  insertRun,
  loadRunAs,
  publishedVersion,
  recordDecision,
  recordedChoice,
  requireRun,
  runDto,
  runsOf,
  scenarioOfVersion,
  scenarioOfVersionId,
  takeBackDecision,
  versionWithSlug,
  type LoadedRun,
} from '../db/queries/runs';
import { checksPayload, choose, score, start, stepBack, view, type RunState, type Scenario } from '../engine';
import type { AppEnv } from '../env';
import { ApiError, type CodeOf } from '../lib/errors';
import { randomToken } from '../lib/tokens';
import { createRouter } from '../lib/router';
import { afterChoice } from '../lib/run-events';
import { lmsAssignmentForRun } from '../lti/grades';
import { ownerForRead, ownerForWrite, resolvedCaller } from '../middleware/auth';
import { logDamagedRun } from '../middleware/logging';
import { clientAddress, rateLimit } from '../middleware/rate-limit';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import {
  chooseSchema,
  othersChoseSchema,
  runIdParams,
  runSchema,
  runWithViewSchema,
  startRunSchema,
} from '../schemas/runs';
import type { Context } from 'hono';

/**
 * Guest starts per address: enough for a class of 50 behind one school address to start two runs each within the
 * hour, and a bound on what a script can pile up (issue 25). Signed-in players are not counted: an account is
 * already limited at sign-up (20 per address per hour).
 */
export const GUEST_START_LIMIT = { perAddress: 100, windowMs: 60 * 60_000 } as const;

/** How many finished runs a decision needs before "how others chose" shows its shares (anonymity). */
const OTHERS_MINIMUM_RUNS = 5;
/** A decision's time taken is capped, so a run left open overnight does not count the night. */
const MAX_DECISION_MS = 60 * 60_000;

/** The run columns that follow from a state: status, step, ending and score. */
function derivedColumns(state: RunState, now: Date) {
  const ended = state.endingId !== null;
  const result = ended ? score(state) : null;
  return {
    step: state.decisions.length,
    status: ended ? ('finished' as const) : ('in_progress' as const),
    endingId: state.endingId,
    score: result?.score ?? null,
    historicalAlignment: result?.historicalAlignment ?? null,
    historicalDecisions: result?.historicalDecisions ?? null,
    finishedAt: ended ? now : null,
    updatedAt: now,
  };
}

export const withView = (
  loaded: Pick<LoadedRun, 'run' | 'slug' | 'title' | 'version'> & {
    damage?: LoadedRun['damage'];
    answers?: LoadedRun['answers'];
  },
  state: RunState,
) => ({
  run: runDto(loaded.run, loaded),
  view: view(state),
  checks: checksPayload(state, loaded.answers ?? []),
  ...(loaded.damage ? { damage: loaded.damage } : {}),
});

/** The caller's run, or 404; a damaged one is logged with the request id and still loads. */
async function ownRun(c: Context<AppEnv>, id: string): Promise<LoadedRun> {
  const loaded = await requireRun(c.var.db, id, ownerForRead(c));
  logDamagedRun(c.get('requestId'), id, loaded.damage);
  return loaded;
}

/**
 * The caller's run, or 404, on a route that looks the session up itself (`SESSION_IN_ROUTE`): the session and the
 * run come in one D1 round trip.
 */
async function ownRunInOneTrip(c: Context<AppEnv>, id: string): Promise<LoadedRun> {
  const { user, loaded } = await loadRunAs(c.var.db, id, c.var.caller);
  resolvedCaller(c, user);
  if (!loaded) throw new ApiError(404, 'not_found', 'No such run.');
  logDamagedRun(c.get('requestId'), id, loaded.damage);
  return loaded;
}

/** A damaged run can only be read or abandoned: playing on would build on a log that does not replay. */
function refuseDamaged(loaded: LoadedRun): void {
  if (loaded.damage)
    conflict(
      'run_damaged',
      "Part of this run's record was lost, so it cannot go on. Abandon it or start again.",
      loaded,
    );
}

const runParam = { params: runIdParams };

const startRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['Runs'],
  summary: 'Start a run of the published version of a scenario as a side (guests get a guest cookie)',
  request: { body: jsonBody(startRunSchema) },
  responses: {
    201: jsonResponse(runWithViewSchema, 'The new run and what the player sees.'),
    ...errorResponses(400, 401, 404, 409, 429),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Runs'],
  summary: "The caller's runs, newest first",
  responses: { 200: jsonResponse(z.array(runSchema), 'Runs.') },
});
const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Runs'],
  summary: 'A run and its current view (resume)',
  request: runParam,
  responses: { 200: jsonResponse(runWithViewSchema, 'The run.'), ...errorResponses(400, 404) },
});
const chooseRoute = createRoute({
  method: 'post',
  path: '/{id}/choices',
  tags: ['Runs'],
  summary:
    'Make the choice for a step; a retried step is recorded once, a stale one gets 409 with the current view',
  request: { ...runParam, body: jsonBody(chooseSchema) },
  responses: {
    200: jsonResponse(runWithViewSchema, 'The run after the choice.'),
    ...errorResponses(400, 404, 409),
  },
});
const stepBackRoute = createRoute({
  method: 'post',
  path: '/{id}/step-back',
  tags: ['Runs'],
  summary: 'Take back the last decision (practice play); metrics and score rewind by replay',
  request: runParam,
  responses: {
    200: jsonResponse(runWithViewSchema, 'The run one decision earlier.'),
    ...errorResponses(400, 403, 404, 409),
  },
});
const abandonRoute = createRoute({
  method: 'post',
  path: '/{id}/abandon',
  tags: ['Runs'],
  summary: 'Abandon a run in progress',
  request: runParam,
  responses: { 200: jsonResponse(runSchema, 'The abandoned run.'), ...errorResponses(400, 403, 404, 409) },
});
const othersRoute = createRoute({
  method: 'get',
  path: '/{id}/others',
  tags: ['Runs'],
  summary: "How other players chose at each of this finished run's decisions (anonymous shares)",
  request: runParam,
  responses: {
    200: jsonResponse(othersChoseSchema, 'Shares per decision.'),
    ...errorResponses(400, 404, 409),
  },
});

/** 409 with the current run and view, so a stale tab can catch up without another request. */
function conflict(code: CodeOf<409>, message: string, loaded: LoadedRun): never {
  throw new ApiError(409, code, message, withView(loaded, loaded.state));
}

/** After a write that changed nothing: the run as it is now, for the 409. */
async function changedMeanwhile(
  c: Context<AppEnv>,
  id: string,
  message = 'The run changed meanwhile (another tab?); this is the run now.',
): Promise<never> {
  conflict('stale_step', message, await ownRun(c, id));
}

export const runRoutes = createRouter()
  .openapi(startRoute, async (c) => {
    const input = c.req.valid('json');
    let scenario: Scenario;
    let version: { id: string; title: string; version: number };
    let assignment: Awaited<ReturnType<typeof requireOpenAssignment>> | null = null;
    if (!input.assignmentId && c.var.user) {
      // A student's run of a scenario their LMS course assigned counts for it however it was started (the catalog,
      // a later launch): the LMS grades it.
      assignment = (await lmsAssignmentForRun(c.var.db, c.var.user.id, input)).counts?.assignment ?? null;
    }
    if (input.assignmentId) {
      // An assignment pins its version and may fix the side and forbid stepping back.
      if (!c.var.user) throw new ApiError(401, 'unauthenticated', 'Sign in to work on an assignment.');
      assignment = await requireOpenAssignment(c.var.db, input.assignmentId, c.var.user.id);
    }
    if (assignment) {
      if (assignment.side && assignment.side !== input.side) {
        throw new ApiError(400, 'invalid_request', `This assignment is played as ${assignment.side}.`, [
          { path: 'side', message: 'Fixed by the assignment.' },
        ]);
      }
      const pinned = await versionWithSlug(c.var.db, assignment.scenarioVersionId);
      if (!pinned || pinned.slug !== input.scenario) {
        throw new ApiError(400, 'invalid_request', 'This assignment is for another scenario.', [
          { path: 'scenario', message: 'Not the assigned scenario.' },
        ]);
      }
      version = pinned;
      scenario = await scenarioOfVersionId(c.var.db, pinned.id);
    } else {
      if (!c.var.user)
        await rateLimit(
          c,
          `runs:guest:ip:${clientAddress(c)}`,
          GUEST_START_LIMIT.perAddress,
          GUEST_START_LIMIT.windowMs,
        );
      const published = await publishedVersion(c.var.db, input.scenario, c.var.user);
      if (!published) throw new ApiError(404, 'not_found', 'No such published scenario.');
      version = published;
      scenario = scenarioOfVersion(published);
    }
    const seed = randomToken();
    const begun = start(scenario, input.side, seed);
    if (!begun.ok) {
      throw new ApiError(400, 'invalid_request', begun.error.message, [
        { path: 'side', message: begun.error.message },
      ]);
    }
    const now = new Date();
    const run = await insertRun(c.var.db, {
      id: crypto.randomUUID(),
      scenarioVersionId: version.id,
      ...(await ownerForWrite(c)),
      side: input.side,
      seed,
      ...(assignment ? { assignmentId: assignment.id, allowStepBack: assignment.allowStepBack } : {}),
      ...derivedColumns(begun.value, now),
    });
    return c.json(
      withView({ run, slug: input.scenario, title: version.title, version: version.version }, begun.value),
      201,
    );
  })
  .openapi(listRoute, async (c) => {
    const rows = await runsOf(c.var.db, ownerForRead(c));
    return c.json(
      rows.map((r) => runDto(r.run, r)),
      200,
    );
  })
  .openapi(getRoute, async (c) => {
    const loaded = await ownRunInOneTrip(c, c.req.valid('param').id);
    return c.json(withView(loaded, loaded.state), 200);
  })
  .openapi(chooseRoute, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const loaded = await ownRunInOneTrip(c, id);
    const { run, state } = loaded;
    // A retry of a step already recorded: the same choice is answered as before, another one is stale. The log is
    // at hand in the replayed state unless the run is damaged.
    const retried = async (current: LoadedRun) =>
      input.step < current.run.step &&
      (current.damage
        ? await recordedChoice(c.var.db, id, input.step)
        : (current.state.decisions[input.step]?.choiceId ?? null)) === input.choiceId;
    refuseDamaged(loaded);
    if (input.step < run.step) {
      if (await retried(loaded)) return c.json(withView(loaded, state), 200);
      conflict(
        'stale_step',
        `Step ${input.step} was already answered differently; this is the run now.`,
        loaded,
      );
    }
    if (input.step > run.step)
      conflict('stale_step', `The run is at step ${run.step}, not ${input.step}.`, loaded);
    if (run.status === 'abandoned') conflict('run_abandoned', 'This run was abandoned.', loaded);
    const next = choose(state, input.choiceId, input.justification);
    if (!next.ok) {
      if (next.error.code === 'run_finished') conflict('run_finished', next.error.message, loaded);
      throw new ApiError(400, 'invalid_request', next.error.message, [
        { path: 'choiceId', message: next.error.message },
      ]);
    }
    const now = new Date();
    const timeTakenMs = Math.min(MAX_DECISION_MS, Math.max(0, now.getTime() - run.updatedAt.getTime()));
    const columns = { ...derivedColumns(next.value, now), timeSpentMs: run.timeSpentMs + timeTakenMs };
    const decision = {
      nodeId: state.nodeId!,
      choiceId: input.choiceId,
      justification: next.value.decisions.at(-1)?.justification ?? null,
      timeTakenMs,
    };
    const written = await recordDecision(c.var.db, run, decision, columns);
    if (written) {
      const after = written.run;
      await afterChoice(
        c.var.db,
        {
          origin: new URL(c.req.url).origin,
          run: after,
          gradeQueued: written.gradeQueued,
          scenario: loaded.scenario,
          ...decision,
          state: next.value,
        },
        (p) => c.executionCtx.waitUntil(p),
      );
      return c.json(withView({ ...loaded, run: after }, next.value), 200);
    }
    // Another request wrote first; nothing of ours was written. A concurrent retry of this very choice is a success.
    const current = await ownRun(c, id);
    if (await retried(current)) return c.json(withView(current, current.state), 200);
    if (current.run.status === 'abandoned') conflict('run_abandoned', 'This run was abandoned.', current);
    conflict('stale_step', 'Another tab changed this run first; this is the run now.', current);
  })
  .openapi(stepBackRoute, async (c) => {
    const { id } = c.req.valid('param');
    const loaded = await ownRun(c, id);
    const { run, state } = loaded;
    if (!run.allowStepBack)
      throw new ApiError(403, 'step_back_forbidden', 'Stepping back is turned off for this run.');
    if (run.status === 'abandoned') conflict('run_abandoned', 'This run was abandoned.', loaded);
    refuseDamaged(loaded);
    const previous = stepBack(state);
    if (!previous.ok) conflict('nothing_to_undo', 'There is no decision to take back.', loaded);
    const last = await decisionTime(c.var.db, id, run.step - 1);
    const now = new Date();
    const columns = {
      ...derivedColumns(previous.value, now),
      timeSpentMs: Math.max(0, run.timeSpentMs - last),
    };
    const after = await takeBackDecision(c.var.db, run, columns);
    if (!after) return changedMeanwhile(c, id);
    return c.json(withView({ ...loaded, run: after }, previous.value), 200);
  })
  .openapi(abandonRoute, async (c) => {
    const { id } = c.req.valid('param');
    const loaded = await ownRun(c, id);
    if (loaded.run.status !== 'in_progress')
      conflict('not_in_progress', 'Only a run in progress can be abandoned.', loaded);
    const after = await abandonRun(c.var.db, id, new Date());
    if (!after) {
      const current = await ownRun(c, id);
      conflict('not_in_progress', 'The run changed meanwhile and is no longer in progress.', current);
    }
    return c.json(runDto(after, loaded), 200);
  })
  .openapi(othersRoute, async (c) => {
    const { id } = c.req.valid('param');
    const loaded = await ownRun(c, id);
    if (loaded.run.status !== 'finished')
      conflict('run_not_finished', 'How others chose is shown once the run is finished.', loaded);
    const counts = await choiceCounts(c.var.db, loaded.run);
    const nodes = new Map(loaded.scenario.nodes.map((n) => [n.id, n]));
    const decided = loaded.state.path.filter((p) => p.kind === 'decision').map((p) => p.nodeId);
    const result = [...new Set(decided)].map((nodeId) => {
      const node = nodes.get(nodeId)!;
      const here = counts.filter((row) => row.nodeId === nodeId);
      const total = here.reduce((sum, row) => sum + row.n, 0);
      return {
        nodeId,
        title: node.title,
        runs: total,
        shares:
          total < OTHERS_MINIMUM_RUNS
            ? null
            : (node.choices ?? []).map((choice) => ({
                choiceId: choice.id,
                label: choice.label,
                share: (here.find((row) => row.choiceId === choice.id)?.n ?? 0) / total,
              })),
      };
    });
    return c.json({ minimumRuns: OTHERS_MINIMUM_RUNS, decisions: result }, 200);
  });
