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
    historicalAlignment: z.number().nullable().openapi({
      description:
        "Share of all the decisions in finished runs that matched history, 0–1 (historicalDecisions' matched over total); null before any.",
    }),
    historicalDecisions: z
      .object({ matched: z.number().int(), total: z.number().int() })
      .openapi({ description: 'Decisions in finished runs: how many matched history, of how many.' }),
    timeSpentMs: z.number().int(),
  })
  .openapi('Progress');
