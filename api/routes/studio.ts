import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { scenarioVersions, scenarios } from '../db/schema';
import { validateScenario } from '../engine/validation';
import { checkScenarioSize } from '../lib/limits';
import { ApiError } from '../lib/errors';
import { createRouter } from '../lib/router';
import { sha256Hex } from '../lib/tokens';
import { requireUser } from '../middleware/auth';
import type { SessionUser } from '../db/queries/sessions';
import type { Db } from '../db';
import { errorResponses, jsonBody, jsonResponse } from '../schemas/common';
import { visibleTo, type Visibility } from '../db/queries/scenarios';
import { problemSchema, slugParams, visibilitySchema } from '../schemas/scenarios';

const draftSchema = z
  .object({
    slug: z.string(),
    version: z.number().int(),
    revision: z.number().int(),
    content: z.record(z.string(), z.unknown()),
    problems: z.array(problemSchema),
  })
  .openapi('Draft');

const contentSchema = z
  .record(z.string(), z.unknown())
  .openapi({ type: 'object', description: 'A scenario file, possibly unfinished.' });

/** The scenario with this slug if the caller may author it: their own, or any for an admin. */
async function requireAuthoring(db: Db, slug: string, user: SessionUser) {
  const [row] = await db.select().from(scenarios).where(eq(scenarios.slug, slug));
  if (!row || (row.ownerId !== user.id && user.role !== 'admin')) {
    throw new ApiError(404, 'not_found', 'No such scenario among yours. To adapt one of ours, duplicate it.');
  }
  return row;
}

async function currentDraft(db: Db, scenarioId: string) {
  const [draft] = await db
    .select()
    .from(scenarioVersions)
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.status, 'draft')))
    .orderBy(desc(scenarioVersions.version));
  return draft ?? null;
}

/** The newest version of a scenario (the draft when there is one: drafts are always the newest). */
async function latestVersion(db: Db, scenarioId: string) {
  const [latest] = await db
    .select()
    .from(scenarioVersions)
    .where(eq(scenarioVersions.scenarioId, scenarioId))
    .orderBy(desc(scenarioVersions.version))
    .limit(1);
  // None only when the scenario was deleted (its last draft discarded) since it was looked up.
  if (!latest) throw new ApiError(404, 'not_found', 'This scenario was just deleted.');
  return latest;
}

const draftDto = (slug: string, draft: { version: number; revision: number; content: string }) => {
  const content = JSON.parse(draft.content) as Record<string, unknown>;
  return {
    slug,
    version: draft.version,
    revision: draft.revision,
    content,
    problems: validateScenario(content).problems,
  };
};

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

/** `/api/studio`: authoring drafts, with conflict detection, publishing and export. */
export const studioRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const user = c.var.user;
    const rows = await c.var.db
      .select({
        slug: scenarios.slug,
        visibility: scenarios.visibility,
        title: scenarioVersions.title,
        version: scenarioVersions.version,
        status: scenarioVersions.status,
        revision: scenarioVersions.revision,
      })
      .from(scenarios)
      .innerJoin(scenarioVersions, eq(scenarioVersions.scenarioId, scenarios.id))
      .where(user.role === 'admin' ? sql`1` : eq(scenarios.ownerId, user.id))
      .orderBy(asc(scenarios.slug), desc(scenarioVersions.version));
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
    const [taken] = await c.var.db
      .select({ id: scenarios.id })
      .from(scenarios)
      .where(eq(scenarios.slug, slug));
    if (taken) throw new ApiError(409, 'slug_taken', `The slug "${slug}" is taken; choose another.`);
    let content: Record<string, unknown>;
    if (from) {
      const user = c.var.user;
      const versions = await c.var.db
        .select({
          content: scenarioVersions.content,
          status: scenarioVersions.status,
          ownerId: scenarios.ownerId,
        })
        .from(scenarioVersions)
        .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
        .where(and(eq(scenarios.slug, from), visibleTo(user)))
        .orderBy(desc(scenarioVersions.version));
      // Any published version the caller may see; an author's own scenario (admins: any) from its latest version, draft included.
      const authored = versions[0] && (versions[0].ownerId === user.id || user.role === 'admin');
      const source = authored ? versions[0] : versions.find((v) => v.status === 'published');
      if (!source) throw new ApiError(404, 'not_found', `No published scenario "${from}" to duplicate.`);
      content = { ...(JSON.parse(source.content) as Record<string, unknown>), slug, title };
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
    await c.var.db.batch([
      c.var.db.insert(scenarios).values({ id: scenarioId, slug, ownerId: c.var.user.id }),
      c.var.db.insert(scenarioVersions).values(draft),
    ]);
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
    const [inserted] = await c.var.db
      .insert(scenarioVersions)
      .values(next)
      .onConflictDoNothing()
      .returning({ id: scenarioVersions.id });
    if (inserted) return c.json(draftDto(slug, next), 200);
    return c.json(draftDto(slug, (await currentDraft(c.var.db, scenario.id))!), 200);
  })
  .openapi(saveRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { revision, content } = c.req.valid('json');
    checkScenarioSize(content);
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
    const text = JSON.stringify(content);
    const title =
      typeof content.title === 'string' && content.title.trim() ? content.title.trim().slice(0, 200) : slug;
    // The revision check and the write are one statement, so two saves racing cannot both win.
    const [saved] = await c.var.db
      .update(scenarioVersions)
      .set({
        content: text,
        title,
        contentHash: await sha256Hex(text),
        revision: sql`${scenarioVersions.revision} + 1`,
      })
      .where(
        and(
          eq(scenarioVersions.scenarioId, scenario.id),
          eq(scenarioVersions.status, 'draft'),
          eq(scenarioVersions.revision, revision),
        ),
      )
      .returning();
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
        problems: validateScenario(content).problems,
      },
      200,
    );
  })
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
    // Both writes are conditional on the revision just validated, so a save landing meanwhile cannot be published
    // unchecked: then neither applies and the caller gets 409.
    const validatedRevision = sql`exists (select 1 from scenario_versions v where v.id = ${draft.id} and v.status = 'draft' and v.revision = ${revision})`;
    const [, published] = await c.var.db.batch([
      c.var.db
        .update(scenarioVersions)
        .set({ status: 'retired' })
        .where(
          and(
            eq(scenarioVersions.scenarioId, scenario.id),
            eq(scenarioVersions.status, 'published'),
            validatedRevision,
          ),
        ),
      c.var.db
        .update(scenarioVersions)
        .set({ status: 'published', publishedAt: new Date() })
        .where(
          and(
            eq(scenarioVersions.id, draft.id),
            eq(scenarioVersions.status, 'draft'),
            eq(scenarioVersions.revision, revision),
          ),
        )
        .returning({ id: scenarioVersions.id }),
    ]);
    if (published.length === 0) {
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
    const hidden = await c.var.db
      .update(scenarioVersions)
      .set({ status: 'retired' })
      .where(and(eq(scenarioVersions.scenarioId, scenario.id), eq(scenarioVersions.status, 'published')))
      .returning({ id: scenarioVersions.id });
    if (hidden.length === 0) throw new ApiError(409, 'not_published', 'This scenario is not published.');
    return c.body(null, 204);
  })
  .openapi(discardRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { revision } = c.req.valid('query');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    // Drafts are never played (runs, assignments and live sessions pin published versions), so nothing refers to one.
    const [discarded, emptied] = await c.var.db.batch([
      c.var.db
        .delete(scenarioVersions)
        .where(
          and(
            eq(scenarioVersions.scenarioId, scenario.id),
            eq(scenarioVersions.status, 'draft'),
            eq(scenarioVersions.revision, revision),
          ),
        )
        .returning({ id: scenarioVersions.id }),
      c.var.db
        .delete(scenarios)
        .where(
          and(
            eq(scenarios.id, scenario.id),
            sql`not exists (select 1 from scenario_versions v where v.scenario_id = ${scenario.id})`,
          ),
        )
        .returning({ id: scenarios.id }),
    ]);
    if (discarded.length === 0) {
      const current = await currentDraft(c.var.db, scenario.id);
      if (!current) throw new ApiError(409, 'no_draft', 'There is no draft to discard.');
      throw new ApiError(
        409,
        'stale_revision',
        'The draft was saved again after you opened it; nothing was discarded.',
        draftDto(slug, current),
      );
    }
    return c.json({ slug, deleted: emptied.length > 0 ? ('scenario' as const) : ('draft' as const) }, 200);
  })
  .openapi(visibilityRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { visibility } = c.req.valid('json');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    await c.var.db.update(scenarios).set({ visibility }).where(eq(scenarios.id, scenario.id));
    return c.json({ slug, visibility }, 200);
  })
  .openapi(exportRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const scenario = await requireAuthoring(c.var.db, slug, c.var.user);
    const latest = await latestVersion(c.var.db, scenario.id);
    c.header('Content-Disposition', `attachment; filename="${slug}.json"`);
    return c.json(JSON.parse(latest.content) as Record<string, unknown>, 200);
  });
