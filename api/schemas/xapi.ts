import { z } from '@hono/zod-openapi';

export const lrsInputSchema = z
  .object({
    endpoint: z
      .url()
      .max(2_000)
      .refine(
        (u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(u),
        'Use an https URL.',
      )
      .openapi({ example: 'https://lrs.example.edu/data/xAPI/' }),
    key: z.string().min(1).max(500),
    secret: z.string().min(1).max(500),
  })
  .openapi('LrsInput');

export const lrsSchema = z
  .object({
    endpoint: z.string(),
    key: z.string(),
    updatedAt: z.number(),
    pending: z.number().openapi({ description: 'Statements waiting for a retry.' }),
    parked: z.number().openapi({ description: 'Statements the LRS refused (400), kept with its reason.' }),
  })
  .nullable()
  .openapi('Lrs');

export const lrsCohortParams = z.object({ id: z.uuid('Not a valid cohort id.') });
