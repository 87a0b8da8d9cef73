import { createRoute, z } from '@hono/zod-openapi';
import {
  authoredVersions,
  createDraftScenario,
  currentDraft,
  draftDto,
  insertDraftVersion,
  latestVersion,
  requireAuthoring,
  saveDraft,
  versionsToCopy,
} from '../db/queries/studio';
import { scenarioOwner, type Visibility } from '../db/queries/scenarios';
import { validateScenario } from '../engine/validator';
import { clipDepth, DEPTH, tooDeep } from '../engine';
import { checkScenarioSize } from '../lib/limits';
import { ApiError } from '../lib/errors';
import { createRouter } from '../lib/router';
import { sha256Hex } from '../lib/tokens';
import { requireUser } from '../middleware/auth';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import { slugParams, visibilitySchema } from '../schemas/scenarios';
import { contentSchema, draftSchema } from '../schemas/studio';

const listRoute = createRoute({
  method: 'get',
  path: '/scenarios',
  tags: ['Studio'],
  summary: 'Scenarios the caller authors, with their versions',
  middleware: [requireUser('instructor', 'admin')] as const,
  responses: {
    200: jsonResponse(
      z.array(
        z.object({
          slug: z.string(),
          title: z.string(),
          visibility: visibilitySchema,
          versions: z.array(z.object({ version: z.number(), status: z.string(), revision: z.number() })),
        }),
      ),
      'Scenarios.',
    ),
    ...errorResponses(401, 403),
  },
});
const createScenarioRoute = createRoute({
  method: 'post',
  path: '/scenarios',
  tags: ['Studio'],
  summary: 'Create a scenario as a draft: blank, or a copy of a published one or of one the caller authors',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: {
    body: jsonBody(
      z
        .object({
          slug: z
            .string()
            .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Use lower-case letters, digits, "-" and "_".')
            .max(64),
          title: z.string().trim().min(1).max(200),
          from: z.string().max(64).optional().openapi({
            description:
              'Duplicate this scenario: its published version, or the latest version of one the caller authors.',
          }),
        })
        .openapi('CreateScenario'),
    ),
  },
  responses: { 201: jsonResponse(draftSchema, 'The new draft.'), ...errorResponses(400, 401, 403, 404, 409) },
});
const openRoute = createRoute({
  method: 'get',
  path: '/scenarios/{slug}',
  tags: ['Studio'],
  summary: 'The draft, or the latest version with revision 0 when there is no draft (nothing is created)',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: slugParams },
  responses: {
    200: jsonResponse(
      draftSchema.extend({ status: z.enum(['draft', 'published', 'retired']) }).openapi('OpenedScenario'),
      'The draft (status "draft"), or the latest version; saving a version that is not a draft starts one with POST …/edit.',
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});
const editRoute = createRoute({
  method: 'post',
  path: '/scenarios/{slug}/edit',
  tags: ['Studio'],
  summary: 'Open the draft, starting one from the latest version if there is none',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: slugParams },
  responses: { 200: jsonResponse(draftSchema, 'The draft.'), ...errorResponses(400, 401, 403, 404) },
});
const saveRoute = createRoute({
  method: 'put',
  path: '/scenarios/{slug}/draft',
  tags: ['Studio'],
  summary: 'Save the draft; a stale revision gets 409 with the current one',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: {
    params: slugParams,
    body: jsonBody(z.object({ revision: z.number().int(), content: contentSchema }).openapi('SaveDraft')),
  },
  responses: {
    // Not the content: the editor has it, and echoing a large draft back on every autosave costs both ends.
    200: jsonResponse(
      draftSchema.omit({ content: true }).openapi('SavedDraft'),
      'Saved: the new revision and the problems the validator found.',
    ),
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});
const exportRoute = createRoute({
  method: 'get',
  path: '/scenarios/{slug}/export',
  tags: ['Studio'],
  summary: 'Download the scenario file (the draft if there is one)',
  middleware: [requireUser('instructor', 'admin')] as const,
  request: { params: slugParams },
  responses: {
    200: { description: 'The scenario file.', content: { 'application/json': { schema: contentSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** `/api/studio`: authoring drafts (list, create, open, edit, save, export); publishing is in studio-publishing.ts. */
export const studioRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const user = c.var.user;
    const rows = await authoredVersions(c.var.db, user);
    const bySlug = new Map<
      string,
      {
        slug: string;
        title: string;
        visibility: Visibility;
        versions: { version: number; status: string; revision: number }[];
      }
    >();
    for (const row of rows) {
      const entry = bySlug.get(row.slug) ?? {
        slug: row.slug,
        title: row.title,
        visibility: row.visibility,
        versions: [],
      };
      entry.versions.push({ version: row.version, status: row.status, revision: row.revision });
      bySlug.set(row.slug, entry);
    }
    return c.json([...bySlug.values()], 200);
  })
  .openapi(createScenarioRoute, async (c) => {
    const { slug, title, from } = c.req.valid('json');
    if ((await scenarioOwner(c.var.db, slug)) !== undefined)
      throw new ApiError(409, 'slug_taken', `The slug "${slug}" is taken; choose another.`);
    let content: Record<string, unknown>;
    if (from) {
      const user = c.var.user;
      const versions = await versionsToCopy(c.var.db, from, user);
      // Any published version the caller may see; an author's own scenario (admins: any) from its latest version, draft included.
      const authored = versions[0] && (versions[0].ownerId === user.id || user.role === 'admin');
      const source = authored ? versions[0] : versions.find((v) => v.status === 'published');
      if (!source) throw new ApiError(404, 'not_found', `No published scenario "${from}" to duplicate.`);
      content = {
        ...clipDepth(JSON.parse(source.content) as Record<string, unknown>, DEPTH.json),
        slug,
        title,
      };
    } else {
      content = {
        formatVersion: 1,
        slug,
        title,
        summary: '',
        estimatedMinutes: 10,
        start: '',
        sides: [],
        metrics: [],
        scoring: {},
        nodes: [],
        endings: [],
        sources: [],
      };
    }
    const scenarioId = crypto.randomUUID();
    const text = JSON.stringify(content);
    const draft = {
      id: crypto.randomUUID(),
      scenarioId,
      version: 1,
      status: 'draft' as const,
      title,
      content: text,
      contentHash: await sha256Hex(text),
    };
    await createDraftScenario(c.var.db, { id: scenarioId, slug, ownerId: c.var.user.id }, draft);
    return c.json(draftDto(slug, { ...draft, revision: 1 }), 201);
  })
  .openapi(openRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    // Looking at a published scenario must not leave a draft behind; the editor opens one on the first save.
    const latest = await latestVersion(c.var.db, scenario.id);
    const dto = draftDto(slug, latest);
    return c.json(
      { ...dto, revision: latest.status === 'draft' ? dto.revision : 0, status: latest.status },
      200,
    );
  })
  .openapi(editRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    const draft = await currentDraft(c.var.db, scenario.id);
    if (draft) return c.json(draftDto(slug, draft), 200);
    // Editing a published scenario starts a new draft; the published version itself never changes.
    const latest = await latestVersion(c.var.db, scenario.id);
    const next = {
      ...latest,
      id: crypto.randomUUID(),
      version: latest.version + 1,
      status: 'draft' as const,
      revision: 1,
      publishedAt: null,
      createdAt: new Date(),
    };
    // Two tabs opening the editor at once both try version n + 1: the loser takes the winner's draft.
    if (await insertDraftVersion(c.var.db, next)) return c.json(draftDto(slug, next), 200);
    return c.json(draftDto(slug, (await currentDraft(c.var.db, scenario.id))!), 200);
  })
  .openapi(saveRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { revision, content } = c.req.valid('json');
    // A draft may be unfinished but not deeper than any scenario can be: every later walk over it recurses.
    const deep = tooDeep(content, DEPTH.json);
    if (deep !== null) {
      throw new ApiError(
        400,
        'too_deep',
        `The draft nests more than ${DEPTH.json} levels deep at ${deep.slice(0, 200)}; nothing was saved.`,
        [{ path: deep, rule: 'depth', message: `Nested more than ${DEPTH.json} levels deep.` }],
      );
    }
    // Stringified once (up to 1.5 MB): the size check, the stored text and the validator's size all use it.
    const text = JSON.stringify(content);
    const bytes = checkScenarioSize(text);
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    // The slug is the scenario's identity (its address, its runs, its file name); a copy under another slug is a duplicate.
    if (content.slug !== slug) {
      throw new ApiError(
        400,
        'slug_mismatch',
        `This draft belongs to "${slug}"; its slug cannot change. Duplicate the scenario to give it another.`,
        [{ path: 'slug', rule: 'slug-fixed', message: `Must be "${slug}".` }],
      );
    }
    const title =
      typeof content.title === 'string' && content.title.trim() ? content.title.trim().slice(0, 200) : slug;
    const saved = await saveDraft(c.var.db, scenario.id, revision, {
      content: text,
      title,
      contentHash: await sha256Hex(text),
    });
    if (!saved) {
      const current = await currentDraft(c.var.db, scenario.id);
      if (!current)
        throw new ApiError(
          409,
          'no_draft',
          'There is no draft to save; open the scenario for editing first.',
        );
      throw new ApiError(
        409,
        'stale_revision',
        'Someone saved this draft after you opened it; your copy was not saved.',
        draftDto(slug, current),
      );
    }
    return c.json(
      {
        slug,
        version: saved.version,
        revision: saved.revision,
        problems: validateScenario(content, { bytes }).problems,
      },
      200,
    );
  })
  .openapi(exportRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    const latest = await latestVersion(c.var.db, scenario.id);
    c.header('Content-Disposition', `attachment; filename="${slug}.json"`);
    return c.json(clipDepth(JSON.parse(latest.content) as Record<string, unknown>, DEPTH.json), 200);
  });
