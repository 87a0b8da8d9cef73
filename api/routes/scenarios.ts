import { createRoute, z } from '@hono/zod-openapi';
import { finishedScores, publishedVersion, scenarioOfVersion } from '../db/queries/runs';
import { ApiError } from '../lib/errors';
import { checkScenarioSize } from '../lib/limits';
import { createRouter } from '../lib/router';
import { validateScenario } from '../engine/validator';
import { catalogVersions, publishScenarioFile, scenarioOwner, setVisibility } from '../db/queries/scenarios';
import { ownerForRead, requireUser } from '../middleware/auth';
import {
  briefingParams,
  briefingSchema,
  catalogEntrySchema,
  importQuery,
  importResultSchema,
} from '../schemas/scenarios';
import { errorResponses, jsonResponse } from '../schemas/common';

const catalogRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Scenarios'],
  summary:
    "Published scenarios the caller may see (public ones; for instructors also their own and their cohorts'), with the caller's best result per side",
  responses: { 200: jsonResponse(z.array(catalogEntrySchema), 'The catalog.') },
});

const briefingRoute = createRoute({
  method: 'get',
  path: '/{slug}/sides/{side}/briefing',
  tags: ['Scenarios'],
  summary: "One side's briefing, for choosing a side",
  request: { params: briefingParams },
  responses: { 200: jsonResponse(briefingSchema, 'The briefing.'), ...errorResponses(400, 404) },
});

const importRoute = createRoute({
  method: 'post',
  path: '/import',
  tags: ['Scenarios'],
  summary:
    'Validate a scenario file and publish it (instructors and admins); a failed import changes nothing',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: {
    query: importQuery,
    body: {
      required: true,
      description: 'A scenario file (see docs/scenario-format.md); every validation problem is reported.',
      content: {
        'application/json': { schema: z.record(z.string(), z.unknown()).openapi({ type: 'object' }) },
      },
    },
  },
  responses: {
    201: jsonResponse(importResultSchema, 'Published (or already the published version).'),
    ...errorResponses(400, 401, 403, 409, 413),
  },
});

export const scenarioRoutes = createRouter()
  .openapi(catalogRoute, async (c) => {
    const [published, finished] = await Promise.all([
      catalogVersions(c.var.db, c.var.user),
      finishedScores(c.var.db, ownerForRead(c)),
    ]);
    const best = new Map<string, Record<string, { score: number; endingId: string }>>();
    for (const run of finished) {
      const forScenario = best.get(run.slug) ?? {};
      if (!forScenario[run.side] || forScenario[run.side]!.score < run.score!) {
        forScenario[run.side] = { score: run.score!, endingId: run.endingId! };
      }
      best.set(run.slug, forScenario);
    }
    const catalog = published.map((row) => {
      const scenario = scenarioOfVersion(row);
      return {
        slug: row.slug,
        title: scenario.title,
        summary: scenario.summary,
        estimatedMinutes: scenario.estimatedMinutes,
        version: row.version,
        visibility: row.visibility,
        sides: scenario.sides.filter((s) => s.playable).map(({ id, label, actor }) => ({ id, label, actor })),
        endingsTotal: scenario.endings.length,
        best: best.get(row.slug) ?? {},
      };
    });
    return c.json(catalog, 200);
  })
  .openapi(importRoute, async (c) => {
    const content = c.req.valid('json');
    const bytes = checkScenarioSize(JSON.stringify(content));
    const result = validateScenario(content, { bytes });
    if (!result.ok) {
      throw new ApiError(
        400,
        'invalid_scenario',
        `The scenario has ${result.problems.length} problem(s); nothing was changed.`,
        result.problems,
      );
    }
    const { slug, title } = result.scenario;
    const user = c.var.user;
    const owner = await scenarioOwner(c.var.db, slug);
    // Instructors publish only their own scenarios; the shipped ones and others' are changed by admins.
    if (owner !== undefined && owner !== user.id && user.role !== 'admin') {
      throw new ApiError(
        409,
        'slug_taken',
        `The slug "${slug}" belongs to another scenario; give yours another slug.`,
      );
    }
    const { visibility } = c.req.valid('query');
    const outcome = await publishScenarioFile(
      c.var.db,
      { slug, title, content: JSON.stringify(result.scenario) },
      owner === undefined ? user.id : owner,
      undefined,
      visibility,
    );
    // Re-importing may also change who sees it, but only when asked: an update keeps the scenario's visibility.
    if (owner !== undefined && visibility) await setVisibility(c.var.db, slug, visibility);
    const version = await publishedVersion(c.var.db, slug, c.var.user);
    return c.json({ slug, version: version!.version, outcome }, 201);
  })
  .openapi(briefingRoute, async (c) => {
    const { slug, side } = c.req.valid('param');
    const version = await publishedVersion(c.var.db, slug, c.var.user);
    if (!version) throw new ApiError(404, 'not_found', 'No such scenario.');
    const sideDef = scenarioOfVersion(version).sides.find((s) => s.id === side && s.playable);
    if (!sideDef) throw new ApiError(404, 'not_found', 'This scenario has no such playable side.');
    return c.json(
      { side: { id: sideDef.id, label: sideDef.label, actor: sideDef.actor }, briefing: sideDef.briefing },
      200,
    );
  });
