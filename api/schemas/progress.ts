import { z } from '@hono/zod-openapi';
import { runSchema } from './runs';

export const progressSchema = z
  .object({
    inProgress: z.array(runSchema),
    finished: z.array(runSchema),
    scenarios: z.array(
      z.object({
        slug: z.string(),
        title: z.string(),
        best: z.record(z.string(), z.number()).openapi({ description: 'Best score per side.' }),
        endingsDiscovered: z.array(z.string()),
        endingsTotal: z.number().int(),
      }),
    ),
    historicalAlignment: z.number().nullable().openapi({ description: 'Mean over finished runs, 0–1.' }),
    timeSpentMs: z.number().int(),
  })
  .openapi('Progress');
