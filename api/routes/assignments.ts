import { createRoute, z } from '@hono/zod-openapi';
import { runsOnAssignments } from '../db/queries/assignments';
import { membershipsOf } from '../db/queries/cohort-membership';
import { assignmentDto, assignmentsOf, completionOf } from '../db/queries/cohorts';
import { createRouter } from '../lib/router';
import { lmsAssignmentForRun } from '../lti/grades';
import { requireUser } from '../middleware/auth';
import { lmsGradingQuerySchema, lmsGradingSchema, myAssignmentSchema } from '../schemas/cohorts';
import { errorResponses, jsonResponse } from '../schemas/common';

const myAssignmentsRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Cohorts'],
  summary: "The caller's assignments across their cohorts, with status",
  middleware: [requireUser()] as const,
  responses: { 200: jsonResponse(z.array(myAssignmentSchema), 'Assignments.'), ...errorResponses(401) },
});

const lmsGradingRoute = createRoute({
  method: 'get',
  path: '/graded',
  tags: ['Cohorts'],
  summary:
    'Whether a run of this scenario and side, started now, would be graded in the LMS, and for which course',
  middleware: [requireUser()] as const,
  request: { query: lmsGradingQuerySchema },
  responses: {
    200: jsonResponse(lmsGradingSchema, 'The assignment it counts for, or why not.'),
    ...errorResponses(400, 401),
  },
});

/** `/api/assignments`: a student's view of what is assigned to them. */
export const assignmentRoutes = createRouter()
  .openapi(lmsGradingRoute, async (c) => {
    const found = await lmsAssignmentForRun(c.var.db, c.var.user.id, c.req.valid('query'));
    return c.json(
      {
        assignment: found.counts
          ? {
              id: found.counts.assignment.id,
              cohortName: found.counts.cohortName,
              dueAt: found.counts.assignment.dueAt?.getTime() ?? null,
            }
          : null,
        notGraded: found.notGraded,
      },
      200,
    );
  })
  .openapi(myAssignmentsRoute, async (c) => {
    const user = c.var.user;
    const memberships = await membershipsOf(c.var.db, user.id);
    const list = await assignmentsOf(
      c.var.db,
      memberships.map((m) => m.id),
    );
    const mine = await runsOnAssignments(
      c.var.db,
      user.id,
      list.map((a) => a.id),
    );
    const now = new Date();
    return c.json(
      list.map((a) => {
        const candidates = mine.filter((r) => r.assignmentId === a.id && r.status !== 'abandoned');
        const run = candidates.find((r) => r.status === 'finished') ?? candidates[0];
        return {
          ...assignmentDto(a),
          cohortName: memberships.find((m) => m.id === a.cohortId)!.name,
          status: a.opensAt && a.opensAt > now ? ('not_open' as const) : completionOf(run, a.dueAt),
          runId: run?.id ?? null,
        };
      }),
      200,
    );
  });
