import { createRoute } from '@hono/zod-openapi';
import { requireTeaching } from '../db/queries/cohorts';
import { deleteLrs, INSTANCE_SCOPE, lrsSummary, setLrs } from '../db/queries/xapi';
import { ApiError } from '../lib/errors';
import { outboundUrlProblem } from '../lib/outbound-url';
import { createRouter } from '../lib/router';
import { sealLrsSecret } from '../xapi/queue';
import { requireTeacher, requireUser } from '../middleware/auth';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import { lrsCohortParams, lrsInputSchema, lrsSchema } from '../schemas/xapi';

const getInstance = createRoute({
  method: 'get',
  path: '/lrs',
  tags: ['xAPI'],
  summary: 'The instance-wide LRS (admin): endpoint and key, never the secret, and what is pending',
  middleware: [requireUser('admin')] as const,
  responses: { 200: jsonResponse(lrsSchema, 'The LRS, or null.'), ...errorResponses(401, 403) },
});
const putInstance = createRoute({
  method: 'put',
  path: '/lrs',
  tags: ['xAPI'],
  summary: 'Set the instance-wide LRS (admin): every run without a cohort LRS sends its statements there',
  middleware: [requireUser('admin')] as const,
  request: { body: jsonBody(lrsInputSchema) },
  responses: { 200: jsonResponse(lrsSchema, 'The LRS.'), ...errorResponses(400, 401, 403) },
});
const deleteInstance = createRoute({
  method: 'delete',
  path: '/lrs',
  tags: ['xAPI'],
  summary: 'Stop sending statements to the instance-wide LRS (admin)',
  middleware: [requireUser('admin')] as const,
  responses: { 204: { description: 'Removed.' }, ...errorResponses(401, 403, 404) },
});
const getCohort = createRoute({
  method: 'get',
  path: '/cohorts/{id}/lrs',
  tags: ['xAPI'],
  summary: "A cohort's own LRS (its instructors)",
  middleware: [requireTeacher()] as const,
  request: { params: lrsCohortParams },
  responses: { 200: jsonResponse(lrsSchema, 'The LRS, or null.'), ...errorResponses(400, 401, 403, 404) },
});
const putCohort = createRoute({
  method: 'put',
  path: '/cohorts/{id}/lrs',
  tags: ['xAPI'],
  summary: "Set a cohort's own LRS (its instructors): its assignments' statements go there instead",
  middleware: [requireTeacher()] as const,
  request: { params: lrsCohortParams, body: jsonBody(lrsInputSchema) },
  responses: { 200: jsonResponse(lrsSchema, 'The LRS.'), ...errorResponses(400, 401, 403, 404) },
});
const deleteCohort = createRoute({
  method: 'delete',
  path: '/cohorts/{id}/lrs',
  tags: ['xAPI'],
  summary: "Remove a cohort's own LRS (its instructors)",
  middleware: [requireTeacher()] as const,
  request: { params: lrsCohortParams },
  responses: { 204: { description: 'Removed.' }, ...errorResponses(400, 401, 403, 404) },
});

/**
 * The LRS settings as stored, the secret sealed; refused (400) when the endpoint would make the Worker post to a
 * non-public address.
 */
async function safeLrs(env: Env, scope: string, lrs: { endpoint: string; key: string; secret: string }) {
  const problem = outboundUrlProblem(lrs.endpoint, { development: env.ENVIRONMENT === 'development' });
  if (problem)
    throw new ApiError(400, 'invalid_request', `The LRS endpoint is refused: ${problem}`, [
      { path: 'endpoint', message: problem },
    ]);
  return { endpoint: lrs.endpoint, key: lrs.key, ...(await sealLrsSecret(scope, lrs.secret)) };
}

export const xapiRoutes = createRouter()
  .openapi(getInstance, async (c) => c.json(await lrsSummary(c.var.db, INSTANCE_SCOPE), 200))
  .openapi(putInstance, async (c) => {
    await setLrs(c.var.db, INSTANCE_SCOPE, await safeLrs(c.env, INSTANCE_SCOPE, c.req.valid('json')));
    return c.json(await lrsSummary(c.var.db, INSTANCE_SCOPE), 200);
  })
  .openapi(deleteInstance, async (c) => {
    if (!(await deleteLrs(c.var.db, INSTANCE_SCOPE)))
      throw new ApiError(404, 'not_found', 'No instance-wide LRS is set.');
    return c.body(null, 204);
  })
  .openapi(getCohort, async (c) => {
    const { id } = c.req.valid('param');
    await requireTeaching(c.var.db, id, c.var.user);
    return c.json(await lrsSummary(c.var.db, id), 200);
  })
  .openapi(putCohort, async (c) => {
    const { id } = c.req.valid('param');
    await requireTeaching(c.var.db, id, c.var.user);
    await setLrs(c.var.db, id, await safeLrs(c.env, id, c.req.valid('json')));
    return c.json(await lrsSummary(c.var.db, id), 200);
  })
  .openapi(deleteCohort, async (c) => {
    const { id } = c.req.valid('param');
    await requireTeaching(c.var.db, id, c.var.user);
    if (!(await deleteLrs(c.var.db, id)))
      throw new ApiError(404, 'not_found', 'This cohort has no LRS of its own.');
    return c.body(null, 204);
  });
