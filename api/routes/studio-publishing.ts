import { createRoute, z } from '@hono/zod-openapi';
import { setVisibility } from '../db/queries/scenarios';
import {
  currentDraft,
  discardDraft,
  draftDto,
  publishDraft,
  requireAuthoring,
  unpublish,
} from '../db/queries/studio';
import { validateScenario } from '../engine/validator';
import { ApiError } from '../lib/errors';
import { createRouter } from '../lib/router';
import { requireUser } from '../middleware/auth';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import { slugParams, visibilitySchema } from '../schemas/scenarios';

const publishRoute = createRoute({
  method: 'post',
  path: '/scenarios/{slug}/publish',
  tags: ['Studio'],
  summary: 'Publish the draft if the validator passes; the published version never changes',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: slugParams, body: jsonBody(z.object({ revision: z.number().int() })) },
  responses: {
    200: jsonResponse(z.object({ slug: z.string(), version: z.number() }), 'Published.'),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const unpublishRoute = createRoute({
  method: 'post',
  path: '/scenarios/{slug}/unpublish',
  tags: ['Studio'],
  summary: 'Hide the scenario from the catalog; runs keep their version',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: slugParams },
  responses: { 204: { description: 'Unpublished.' }, ...errorResponses(400, 401, 403, 404, 409) },
});
const discardRoute = createRoute({
  method: 'delete',
  path: '/scenarios/{slug}/draft',
  tags: ['Studio'],
  summary: 'Discard the draft; a scenario never published goes with it',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: {
    params: slugParams,
    query: z.object({
      revision: z.coerce
        .number()
        .int()
        .openapi({ description: 'The revision being discarded; a newer one gets 409.' }),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ slug: z.string(), deleted: z.enum(['draft', 'scenario']) }),
      'Discarded: the draft alone, or the whole scenario when it had no other version.',
    ),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const visibilityRoute = createRoute({
  method: 'put',
  path: '/scenarios/{slug}/visibility',
  tags: ['Studio'],
  summary:
    "Who sees and plays the scenario: its authors, also the authors' cohorts, or everyone in the catalog",
  middleware: [requireUser('instructor', 'admin')] as const,
  request: {
    params: slugParams,
    body: jsonBody(z.object({ visibility: visibilitySchema }).openapi('SetVisibility')),
  },
  responses: {
    200: jsonResponse(z.object({ slug: z.string(), visibility: visibilitySchema }), 'Changed.'),
    ...errorResponses(400, 401, 403, 404),
  },
});

/** `/api/studio/scenarios/:slug/...`: publishing, unpublishing and discarding a draft, and who sees a scenario. */
export const studioPublishingRoutes = createRouter()
  .openapi(publishRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { revision } = c.req.valid('json');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    const draft = await currentDraft(c.var.db, scenario.id);
    if (!draft) throw new ApiError(409, 'no_draft', 'There is no draft to publish.');
    if (draft.revision !== revision)
      throw new ApiError(
        409,
        'stale_revision',
        'The draft changed since you checked it.',
        draftDto(slug, draft),
      );
    const result = validateScenario(JSON.parse(draft.content));
    if (!result.ok)
      throw new ApiError(
        400,
        'invalid_scenario',
        `The draft has ${result.problems.length} problem(s); fix them to publish.`,
        result.problems,
      );
    // Published only if still at the revision just validated: a save landing meanwhile makes it a 409.
    if (!(await publishDraft(c.var.db, draft, revision))) {
      const current = await currentDraft(c.var.db, scenario.id);
      throw new ApiError(
        409,
        'stale_revision',
        'The draft changed while it was being published; nothing was published.',
        current ? draftDto(slug, current) : undefined,
      );
    }
    return c.json({ slug, version: draft.version }, 200);
  })
  .openapi(unpublishRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    if (!(await unpublish(c.var.db, scenario.id)))
      throw new ApiError(409, 'not_published', 'This scenario is not published.');
    return c.body(null, 204);
  })
  .openapi(discardRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { revision } = c.req.valid('query');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    const { discarded, scenarioDeleted } = await discardDraft(c.var.db, scenario.id, revision);
    if (!discarded) {
      const current = await currentDraft(c.var.db, scenario.id);
      if (!current) throw new ApiError(409, 'no_draft', 'There is no draft to discard.');
      throw new ApiError(
        409,
        'stale_revision',
        'The draft was saved again after you opened it; nothing was discarded.',
        draftDto(slug, current),
      );
    }
    return c.json({ slug, deleted: scenarioDeleted ? ('scenario' as const) : ('draft' as const) }, 200);
  })
  .openapi(visibilityRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { visibility } = c.req.valid('json');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    await setVisibility(c.var.db, scenario.slug, visibility);
    return c.json({ slug, visibility }, 200);
  });
