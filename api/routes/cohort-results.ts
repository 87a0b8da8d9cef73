import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { stream } from 'hono/streaming';
import { studentOfCohortRun } from '../db/queries/assignments';
import {
  assignmentDto,
  completionOf,
  computeResults,
  loadResults,
  requireTeaching,
  resultsStamp,
} from '../db/queries/cohorts';
import { assignmentAnswers, computeKnowledgeResults, runKnowledge } from '../db/queries/cohort-checks';
import { requireRun, runDto } from '../db/queries/runs';
import { checksPayload, historicalNodeIds, view, type CheckAnswer } from '../engine';
import { choicesById, exportLabels } from '../lib/choices';
import { csvField } from '../lib/csv';
import { ApiError } from '../lib/errors';
import { gradeOf } from '../lib/grade';
import { sha256Hex } from '../lib/tokens';
import { createRouter } from '../lib/router';
import { requireTeacher, type SignedIn } from '../middleware/auth';
import { logDamagedRun } from '../middleware/logging';
import { assignmentParams, cohortRunParams, resultsSchema } from '../schemas/cohorts';
import { errorResponses, jsonResponse } from '../schemas/common';
import { runWithViewSchema } from '../schemas/runs';

/** Changes when the results' shape does, so a deploy never answers 304 to a body of the old shape. */
const RESULTS_FORMAT = 'results-1';

const resultsEtag = async (stamp: string) =>
  `W/"${(await sha256Hex(`${RESULTS_FORMAT}|${stamp}`)).slice(0, 32)}"`;

/**
 * The dashboard polls every 10 s: a poll naming the current ETag in If-None-Match costs one small query (which
 * carries the teaching check) and gets 304, and the browser's cache gives the page the body it has. The header is
 * read as is: declared in the route's schema it would become a required input of the typed client, and anything
 * but the exact current ETag is simply a miss.
 */
const unchangedResults = createMiddleware<SignedIn>(async (c, next) => {
  const known = c.req.header('If-None-Match');
  if (!known) return next();
  const { id, assignmentId } = c.req.param() as { id: string; assignmentId: string };
  const etag = await resultsEtag(await resultsStamp(c.var.db, id, assignmentId, c.var.user));
  if (known !== etag) return next();
  return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': 'private, no-cache' } });
});

const resultsRoute = createRoute({
  method: 'get',
  path: '/{id}/assignments/{assignmentId}/results',
  tags: ['Cohorts'],
  summary: "An assignment's results dashboard (its cohort's instructors)",
  middleware: [requireTeacher(), unchangedResults] as const,
  request: { params: assignmentParams },
  responses: {
    // Also 304 with no body when If-None-Match names the current ETag; not declared, so the typed client's success
    // type stays the results (the browser's cache turns a 304 into the body it has).
    200: jsonResponse(resultsSchema, 'Results, with an ETag (304 when If-None-Match names it).'),
    ...errorResponses(400, 401, 403, 404),
  },
});
const exportRoute = createRoute({
  method: 'get',
  path: '/{id}/assignments/{assignmentId}/export',
  tags: ['Cohorts'],
  summary: 'CSV for a gradebook: one row per decision, or per run',
  middleware: [requireTeacher()] as const,
  request: {
    params: assignmentParams,
    query: z.object({ rows: z.enum(['decisions', 'runs']).default('decisions') }),
  },
  responses: {
    200: { description: 'CSV, streamed.', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
const studentRunRoute = createRoute({
  method: 'get',
  path: '/{id}/runs/{runId}',
  tags: ['Cohorts'],
  summary: "One student's run on an assignment of this cohort, as a timeline",
  middleware: [requireTeacher()] as const,
  request: { params: cohortRunParams },
  responses: { 200: jsonResponse(runWithViewSchema, 'The run.'), ...errorResponses(400, 401, 403, 404) },
});

type LoadedResults = Awaited<ReturnType<typeof loadResults>>;

/** One CSV row per run: ready for a gradebook. */
function* runLines(
  { assignment, members, runs: studentRuns, scenario }: LoadedResults,
  answers: ReadonlyMap<string, CheckAnswer[]>,
) {
  const names = new Map(members.map((m) => [m.id, m]));
  const label = exportLabels(scenario);
  // Knowledge score and gain as 0–100 and −100–100; `grade` is the figure the assignment's grade names. Sides and
  // endings by their labels for a gradebook's reader, their ids in columns of their own.
  yield [
    'student',
    'email',
    'run',
    'scenario_version',
    'side',
    'side_id',
    'status',
    'completion',
    'score',
    'ending',
    'ending_id',
    'decisions',
    'knowledge_score',
    'learning_gain',
    'grade',
  ];
  for (const run of studentRuns) {
    const student = names.get(run.userId);
    const version = `${assignment.slug} v${assignment.version}`;
    const k = runKnowledge(scenario, run, answers.get(run.runId));
    const knowledgeScore = k.score === null ? null : Math.round(k.score * 100);
    const grade = gradeOf(assignment.grade, { ...run, knowledgeScore: k.score });
    yield [
      student?.displayName,
      student?.email,
      run.runId,
      version,
      label.side(run.side),
      run.side,
      run.status,
      completionOf(run, assignment.dueAt),
      run.score,
      label.ending(run.endingId),
      run.endingId,
      run.decisions.length,
      knowledgeScore,
      k.gain === null ? null : Math.round(k.gain * 100),
      grade,
    ];
  }
}

/**
 * One CSV row per decision (its title, the node id beside it), with the choice, whether it was historical, whether the decision really arose (only
 * those count toward alignment), the time taken and the justification.
 */
function* decisionLines({ assignment, members, runs: studentRuns, scenario }: LoadedResults) {
  const names = new Map(members.map((m) => [m.id, m]));
  const choices = choicesById(scenario);
  const onPath = historicalNodeIds(scenario);
  const label = exportLabels(scenario);
  yield [
    'student',
    'email',
    'run',
    'scenario_version',
    'side',
    'side_id',
    'step',
    'decision',
    'node',
    'choice',
    'choice_id',
    'historical',
    'on_historical_path',
    'time_taken_ms',
    'justification',
  ];
  for (const run of studentRuns) {
    const student = names.get(run.userId);
    for (const [step, d] of run.decisions.entries()) {
      const choice = choices.get(d.choiceId);
      yield [
        student?.displayName,
        student?.email,
        run.runId,
        `${assignment.slug} v${assignment.version}`,
        label.side(run.side),
        run.side,
        step,
        label.node(d.nodeId),
        d.nodeId,
        choice?.label ?? d.choiceId,
        d.choiceId,
        choice?.historical ? 'yes' : 'no',
        onPath.has(d.nodeId) ? 'yes' : 'no',
        d.timeTakenMs,
        d.justification,
      ];
    }
  }
}

/** `/api/cohorts/:id/...`: an assignment's results and exports, and a student's run, for the cohort's instructors. */
export const cohortResultRoutes = createRouter()
  .openapi(resultsRoute, async (c) => {
    const { id, assignmentId } = c.req.valid('param');
    // The answers and the stamp are read beside the results (one round trip); loadResults' teaching check still
    // gates the reply.
    const [loaded, answers, stamp] = await Promise.all([
      loadResults(c.var.db, id, assignmentId, c.var.user),
      assignmentAnswers(c.var.db, assignmentId),
      resultsStamp(c.var.db, id, assignmentId, c.var.user),
    ]);
    c.header('ETag', await resultsEtag(stamp));
    c.header('Cache-Control', 'private, no-cache');
    const results = computeResults(loaded.scenario, loaded.assignment.dueAt, loaded.members, loaded.runs);
    const knowledge = computeKnowledgeResults(loaded.scenario, results.students, loaded.runs, answers);
    const sides = loaded.scenario.sides.map(({ id, label }) => ({ id, label }));
    // Each student's grade as the gradebook gets it, from the same counted run.
    const runsById = new Map(loaded.runs.map((r) => [r.runId, r]));
    const knowledgeOf = new Map(knowledge.students.map((s) => [s.id, s.score]));
    const students = results.students.map((s) => {
      const run = s.runId ? runsById.get(s.runId) : undefined;
      const grade = run
        ? gradeOf(loaded.assignment.grade, { ...run, knowledgeScore: knowledgeOf.get(s.id) ?? null })
        : null;
      return { ...s, grade };
    });
    return c.json(
      { assignment: assignmentDto(loaded.assignment), sides, ...results, students, knowledge },
      200,
    );
  })
  .openapi(exportRoute, async (c) => {
    const { id, assignmentId } = c.req.valid('param');
    const { rows } = c.req.valid('query');
    const loaded = await loadResults(c.var.db, id, assignmentId, c.var.user);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${loaded.assignment.slug}-${rows}.csv"`);
    // Rows go out in chunks of a few hundred as they are formed, so a large cohort's export starts arriving at once.
    const lines =
      rows === 'runs'
        ? runLines(loaded, await assignmentAnswers(c.var.db, assignmentId))
        : decisionLines(loaded);
    return stream(c, async (out) => {
      let chunk: string[] = [];
      for (const line of lines) {
        chunk.push(`${line.map(csvField).join(',')}\n`);
        if (chunk.length === 500) {
          await out.write(chunk.join(''));
          chunk = [];
        }
      }
      if (chunk.length) await out.write(chunk.join(''));
    });
  })
  .openapi(studentRunRoute, async (c) => {
    const { id, runId } = c.req.valid('param');
    await requireTeaching(c.var.db, id, c.var.user);
    const userId = await studentOfCohortRun(c.var.db, id, runId);
    if (!userId) throw new ApiError(404, 'not_found', "No such run on this cohort's assignments.");
    const loaded = await requireRun(c.var.db, runId, { userId, guestId: null });
    logDamagedRun(c.get('requestId'), runId, loaded.damage);
    return c.json(
      {
        run: runDto(loaded.run, loaded),
        view: view(loaded.state),
        checks: checksPayload(loaded.state, loaded.answers),
        ...(loaded.damage ? { damage: loaded.damage } : {}),
      },
      200,
    );
  });
