import { z } from '@hono/zod-openapi';

export const visibilitySchema = z.enum(['private', 'cohorts', 'public']).openapi({
  description:
    "Who sees and plays the scenario: its authors, also the authors' cohorts, or everyone (the public catalog).",
});

export const catalogEntrySchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    estimatedMinutes: z.number().int(),
    version: z.number().int(),
    visibility: visibilitySchema,
    sides: z.array(z.object({ id: z.string(), label: z.string(), actor: z.string() })),
    endingsTotal: z.number().int(),
    best: z
      .record(z.string(), z.object({ score: z.number(), endingId: z.string() }))
      .openapi({ description: "The caller's best finished result per side." }),
  })
  .openapi('CatalogEntry');

export const slugParams = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Not a valid scenario slug.')
    .max(64),
});
export const briefingParams = slugParams.extend({
  side: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Not a valid side.')
    .max(64),
});
export const briefingSchema = z
  .object({ side: z.object({ id: z.string(), label: z.string(), actor: z.string() }), briefing: z.string() })
  .openapi('Briefing');

export const problemSchema = z.object({
  path: z.string(),
  rule: z.string(),
  message: z.string(),
  at: z
    .object({
      nodeId: z.string().optional(),
      choiceId: z.string().optional(),
      endingId: z.string().optional(),
    })
    .optional(),
});

export const importResultSchema = z
  .object({ slug: z.string(), version: z.number().int(), outcome: z.enum(['published', 'unchanged']) })
  .openapi('ImportResult');

export const importQuery = z.object({
  visibility: visibilitySchema.optional().openapi({
    description: 'Who sees it; a new scenario is private unless given, an existing one keeps its own.',
  }),
});
