import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { studentOfCohortRun } from '../db/queries/assignments';
import { assignmentDto, requireTeaching, resultsAssignment, resultsStamp } from '../db/queries/cohorts';
import { exportBatch, resultAggregates, STUDENT_PAGE_SIZE, studentPage } from '../db/queries/results';
import { requireRun, runDto } from '../db/queries/runs';
import { checksPayload, view } from '../engine';
import { ApiError } from '../lib/errors';
import { resultsCsv } from '../lib/results-csv';
import { sha256Hex } from '../lib/tokens';
import { createRouter } from '../lib/router';
import { requireTeacher, type SignedIn } from '../middleware/auth';
import { logDamagedRun } from '../middleware/logging';
import {
  assignmentParams,
  cohortRunParams,
  resultsSchema,
  studentPageQuery,
  studentPageSchema,
} from '../schemas/cohorts';
import { errorResponses, jsonResponse } from '../schemas/common';
import { runWithViewSchema } from '../schemas/runs';

/** Changes when the results' shape does, so a deploy never answers 304 to a body of the old shape. */
const RESULTS_FORMAT = 'results-2';

/** The tag of a response drawn from the results at `stamp`; `variant` tells apart the pages of the student list. */
const resultsEtag = async (stamp: string, variant: string) =>
  `W/"${(await sha256Hex(`${RESULTS_FORMAT}|${variant}|${stamp}`)).slice(0, 32)}"`;

/** Which page of students a request asks for: the path and the query, as sent. */
const variantOf = (url: string) => {
  const { pathname, search } = new URL(url);
  return `${pathname.endsWith('/students') ? 'students' : 'results'}${search}`;
};

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
  const etag = await resultsEtag(
    await resultsStamp(c.var.db, id, assignmentId, c.var.user),
    variantOf(c.req.url),
  );
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
const studentsRoute = createRoute({
  method: 'get',
  path: '/{id}/assignments/{assignmentId}/students',
  tags: ['Cohorts'],
  summary: "A page of an assignment's students with their status, score and grade (its cohort's instructors)",
  middleware: [requireTeacher(), unchangedResults] as const,
  request: { params: assignmentParams, query: studentPageQuery },
  responses: {
    200: jsonResponse(studentPageSchema, 'The page, with an ETag (304 when If-None-Match names it).'),
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

/** Runs per batch of the export: about 200 × 20 decisions × a paragraph each, well under a megabyte. */
const EXPORT_BATCH = 200;

/** `/api/cohorts/:id/...`: an assignment's results and exports, and a student's run, for the cohort's instructors. */
export const cohortResultRoutes = createRouter()
  .openapi(resultsRoute, async (c) => {
    const { id, assignmentId } = c.req.valid('param');
    const { assignment, scenario } = await resultsAssignment(c.var.db, id, assignmentId, c.var.user);
    // The class figures, the first page of students and the stamp in one round trip after the teaching check.
    const args = { cohortId: id, assignmentId, scenario, dueAt: assignment.dueAt };
    const [aggregates, page, stamp] = await Promise.all([
      resultAggregates(c.var.db, args),
      studentPage(c.var.db, { ...args, grade: assignment.grade, page: 1, pageSize: STUDENT_PAGE_SIZE }),
      resultsStamp(c.var.db, id, assignmentId, c.var.user),
    ]);
    c.header('ETag', await resultsEtag(stamp, variantOf(c.req.url)));
    c.header('Cache-Control', 'private, no-cache');
    const sides = scenario.sides.map(({ id, label }) => ({ id, label }));
    return c.json(
      {
        assignment: assignmentDto(assignment),
        sides,
        students: page.students.map(({ knowledge: _, ...s }) => s),
        studentPage: { page: page.page, pageSize: page.pageSize, total: page.total },
        ...aggregates,
        knowledge: {
          ...aggregates.knowledge,
          students: page.students.flatMap((s) => (s.knowledge ? [{ id: s.id, ...s.knowledge }] : [])),
        },
      },
      200,
    );
  })
  .openapi(studentsRoute, async (c) => {
    const { id, assignmentId } = c.req.valid('param');
    const query = c.req.valid('query');
    const { assignment, scenario } = await resultsAssignment(c.var.db, id, assignmentId, c.var.user);
    const [page, stamp] = await Promise.all([
      studentPage(c.var.db, {
        cohortId: id,
        assignmentId,
        scenario,
        dueAt: assignment.dueAt,
        grade: assignment.grade,
        ...query,
      }),
      resultsStamp(c.var.db, id, assignmentId, c.var.user),
    ]);
    c.header('ETag', await resultsEtag(stamp, variantOf(c.req.url)));
    c.header('Cache-Control', 'private, no-cache');
    return c.json({ ...page, students: page.students.map(({ knowledge: _, ...s }) => s) }, 200);
  })
  .openapi(exportRoute, async (c) => {
    const { id, assignmentId } = c.req.valid('param');
    const { rows } = c.req.valid('query');
    const { assignment, scenario } = await resultsAssignment(c.var.db, id, assignmentId, c.var.user);
    // Runs are read a batch at a time as the download proceeds: the first bytes leave at once, and the Worker holds
    // one batch (a few hundred runs) however large the cohort.
    const body = resultsCsv(rows, assignment, scenario, (after) =>
      exportBatch(c.var.db, {
        cohortId: id,
        assignmentId,
        after,
        limit: EXPORT_BATCH,
        justifications: rows === 'decisions',
      }),
    );
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${assignment.slug}-${rows}.csv"`,
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
