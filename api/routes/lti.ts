import { createRoute } from '@hono/zod-openapi';
import {
  createRegistrationCode,
  deletePlatform,
  gradePostsOf,
  insertPlatform,
  listPlatforms,
  platformDto,
  taughtAssignmentLink,
  updatePlatform,
} from '../db/queries/lti';
import { requireTeaching } from '../db/queries/cohorts';
import { contextOfCohort } from '../db/queries/lti-launch';
import type { SessionUser } from '../db/queries/sessions';
import type { Db } from '../db';
import { ApiError } from '../lib/errors';
import { createRouter } from '../lib/router';
import { randomToken, sha256Hex } from '../lib/tokens';
import { retryGrade } from '../lti/grades';
import { publicJwks, rotateKey } from '../lti/keys';
import { syncRoster } from '../lti/roster';
import { PlatformError } from '../lti/services';
import { requireTeacher, requireUser } from '../middleware/auth';
import { errorResponses, errorSchema, jsonBody, jsonResponse } from '../schemas/common';
import {
  cohortIdParams,
  lmsCourseSchema,
  rosterSyncSchema,
  gradingSchema,
  jwksSchema,
  gradePostParams,
  ltiAssignmentParams,
  platformIdParams,
  platformInputSchema,
  platformPatchSchema,
  removePlatformQuery,
  platformSchema,
  registrationUrlSchema,
} from '../schemas/lti';
import { z } from '@hono/zod-openapi';

const REGISTRATION_TTL_MS = 60 * 60_000;

const jwksRoute = createRoute({
  method: 'get',
  path: '/jwks',
  tags: ['LTI'],
  summary: 'Our public keys (JWKS), with which platforms verify our client-credentials assertions',
  responses: { 200: jsonResponse(jwksSchema, 'The JWKS.') },
});
const listPlatformsRoute = createRoute({
  method: 'get',
  path: '/platforms',
  tags: ['LTI'],
  summary: 'Registered LMS platforms (admin)',
  middleware: [requireUser('admin')] as const,
  responses: { 200: jsonResponse(z.array(platformSchema), 'Platforms.'), ...errorResponses(401, 403) },
});
const addPlatformRoute = createRoute({
  method: 'post',
  path: '/platforms',
  tags: ['LTI'],
  summary: 'Register an LMS platform by hand (admin)',
  middleware: [requireUser('admin')] as const,
  request: { body: jsonBody(platformInputSchema) },
  responses: { 201: jsonResponse(platformSchema, 'The platform.'), ...errorResponses(400, 401, 403, 409) },
});
const editPlatformRoute = createRoute({
  method: 'patch',
  path: '/platforms/{id}',
  tags: ['LTI'],
  summary: "Change a platform's name, endpoints or deployments (admin); its mappings are untouched",
  middleware: [requireUser('admin')] as const,
  request: { params: platformIdParams, body: jsonBody(platformPatchSchema) },
  responses: { 200: jsonResponse(platformSchema, 'The platform.'), ...errorResponses(400, 401, 403, 404) },
});
const removePlatformRoute = createRoute({
  method: 'delete',
  path: '/platforms/{id}',
  tags: ['LTI'],
  summary:
    "Remove a platform (admin): its launches and grade posts stop; its user, course and link mappings are kept (re-registering restores them) unless mappings=delete, which also ends its users' sessions",
  middleware: [requireUser('admin')] as const,
  request: { params: platformIdParams, query: removePlatformQuery },
  responses: { 204: { description: 'Removed.' }, ...errorResponses(400, 401, 403, 404) },
});
const rotateKeyRoute = createRoute({
  method: 'post',
  path: '/keys/rotate',
  tags: ['LTI'],
  summary: 'Replace our signing key (admin); the previous key stays published until the next rotation',
  middleware: [requireUser('admin')] as const,
  responses: {
    200: jsonResponse(z.object({ kid: z.string() }), 'The new key id.'),
    ...errorResponses(401, 403),
  },
});
const gradingRoute = createRoute({
  method: 'get',
  path: '/assignments/{id}/grading',
  tags: ['LTI'],
  summary:
    "An assignment's LMS grading (null without an LMS link): its grade and the grade posts (its instructors)",
  middleware: [requireTeacher()] as const,
  request: { params: ltiAssignmentParams },
  responses: {
    200: jsonResponse(gradingSchema.nullable(), 'Grading, or null.'),
    ...errorResponses(400, 401, 403, 404),
  },
});
const retryGradeRoute = createRoute({
  method: 'post',
  path: '/assignments/{id}/grading/{runId}/retry',
  tags: ['LTI'],
  summary: "Send a grade the LMS refused (or that waits) again now (the assignment's instructors)",
  middleware: [requireTeacher()] as const,
  request: { params: gradePostParams },
  responses: {
    200: jsonResponse(gradingSchema.nullable(), 'Queued; the grading as it stands.'),
    ...errorResponses(400, 401, 403, 404),
  },
});
const registrationUrlRoute = createRoute({
  method: 'post',
  path: '/registrations',
  tags: ['LTI'],
  summary: 'Make a single-use dynamic-registration URL to paste into an LMS (admin; valid for an hour)',
  middleware: [requireUser('admin')] as const,
  responses: { 201: jsonResponse(registrationUrlSchema, 'The URL.'), ...errorResponses(401, 403) },
});

const lmsCohortRoute = createRoute({
  method: 'get',
  path: '/cohorts/{id}',
  tags: ['LTI'],
  summary: 'The LMS course behind a cohort (null if none): its platform and roster sync (its instructors)',
  middleware: [requireTeacher()] as const,
  request: { params: cohortIdParams },
  responses: {
    200: jsonResponse(lmsCourseSchema.nullable(), 'The course, or null.'),
    ...errorResponses(400, 401, 403, 404),
  },
});
const syncRosterRoute = createRoute({
  method: 'post',
  path: '/cohorts/{id}/roster',
  tags: ['LTI'],
  summary: "Sync a cohort's roster from its LMS course (Names and Role Provisioning; its instructors)",
  middleware: [requireTeacher()] as const,
  request: { params: cohortIdParams },
  responses: {
    200: jsonResponse(rosterSyncSchema, 'Synced.'),
    ...errorResponses(400, 401, 403, 404),
    424: {
      description: 'The LMS refused or could not be reached.',
      content: { 'application/json': { schema: errorSchema } },
    },
  },
});

/** The LMS course of a cohort the caller teaches; 404 for others' cohorts and cohorts not made by a launch. */
async function lmsCourse(db: Db, cohortId: string, user: SessionUser) {
  await requireTeaching(db, cohortId, user);
  const context = await contextOfCohort(db, cohortId);
  if (!context) return null;
  return {
    platform: context.platform.name,
    roster: context.membershipsUrl !== null,
    rosterSyncedAt: context.rosterSyncedAt?.getTime() ?? null,
  };
}

/**
 * An assignment's grading, for one of its instructors: null when it has no LMS link; 404 for anyone who does not
 * teach it (so a page can ask about any assignment it shows without a failed request).
 */
async function grading(db: Db, assignmentId: string, user: SessionUser) {
  const link = await taughtAssignmentLink(db, assignmentId, user);
  if (!link) throw new ApiError(404, 'not_found', 'No assignment of yours with this id.');
  if (!link.linkedAssignmentId) return null;
  const posts = await gradePostsOf(db, assignmentId);
  return {
    grade: link.grade,
    lineItemUrl: link.lineItemUrl,
    posts: posts.map((p) => ({
      ...p,
      nextAttemptAt: p.nextAttemptAt.getTime(),
      sentAt: p.sentAt?.getTime() ?? null,
    })),
  };
}

/** `/api/lti/...` as JSON: platforms, keys, registration URLs, LMS courses and grading (admins and instructors). */
export const ltiRoutes = createRouter()
  .openapi(jwksRoute, async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await publicJwks(c.var.db), 200);
  })
  .openapi(listPlatformsRoute, async (c) => c.json((await listPlatforms(c.var.db)).map(platformDto), 200))
  .openapi(addPlatformRoute, async (c) => {
    const row = await insertPlatform(c.var.db, c.req.valid('json'));
    if (!row)
      throw new ApiError(
        409,
        'platform_exists',
        'A platform with this issuer and client id is already registered.',
      );
    return c.json(platformDto(row), 201);
  })
  .openapi(editPlatformRoute, async (c) => {
    const row = await updatePlatform(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!row) throw new ApiError(404, 'not_found', 'No such platform.');
    return c.json(platformDto(row), 200);
  })
  .openapi(removePlatformRoute, async (c) => {
    const forget = c.req.valid('query').mappings === 'delete';
    if (!(await deletePlatform(c.var.db, c.req.valid('param').id, forget)))
      throw new ApiError(404, 'not_found', 'No such platform.');
    return c.body(null, 204);
  })
  .openapi(registrationUrlRoute, async (c) => {
    const code = randomToken();
    const expiresAt = new Date(Date.now() + REGISTRATION_TTL_MS);
    await createRegistrationCode(c.var.db, {
      id: await sha256Hex(code),
      createdBy: c.var.user.id,
      expiresAt,
    });
    return c.json(
      { url: `${new URL(c.req.url).origin}/api/lti/register?code=${code}`, expiresAt: expiresAt.getTime() },
      201,
    );
  })
  .openapi(lmsCohortRoute, async (c) =>
    c.json(await lmsCourse(c.var.db, c.req.valid('param').id, c.var.user), 200),
  )
  .openapi(syncRosterRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await lmsCourse(c.var.db, id, c.var.user)))
      throw new ApiError(404, 'not_found', 'This cohort is not an LMS course.');
    try {
      const synced = (await syncRoster(c.var.db, id))!;
      return c.json({ ...synced, ...(await lmsCourse(c.var.db, id, c.var.user))! }, 200);
    } catch (error) {
      if (error instanceof PlatformError)
        throw new ApiError(424, 'lms_unavailable', `The roster could not be fetched: ${error.message}.`);
      throw error;
    }
  })
  .openapi(rotateKeyRoute, async (c) => c.json({ kid: await rotateKey(c.var.db) }, 200))
  .openapi(retryGradeRoute, async (c) => {
    const { id, runId } = c.req.valid('param');
    const link = await taughtAssignmentLink(c.var.db, id, c.var.user);
    if (!link) throw new ApiError(404, 'not_found', 'No assignment of yours with this id.');
    if (!(await retryGrade(c.var.db, id, runId, (p) => c.executionCtx.waitUntil(p))))
      throw new ApiError(404, 'not_found', 'No grade of this run waits or failed here.');
    return c.json(await grading(c.var.db, id, c.var.user), 200);
  })
  .openapi(gradingRoute, async (c) =>
    c.json(await grading(c.var.db, c.req.valid('param').id, c.var.user), 200),
  );
