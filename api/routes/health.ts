import { createRoute, z } from '@hono/zod-openapi';
import { publishedVersionCount } from '../db/queries/scenarios';
import { createRouter } from '../lib/router';
import { jsonResponse } from '../schemas/common';

const healthRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['System'],
  summary: 'Reads D1 to prove the Worker and its database are up',
  responses: {
    200: jsonResponse(
      z
        .object({
          status: z.literal('ok'),
          database: z.literal('ok'),
          publishedScenarios: z.number().int(),
          environment: z.string(),
        })
        .openapi('Health'),
      'Up.',
    ),
  },
});

/** `GET /api/health`: proves the Worker can read D1, and how many public scenarios are published. */
export const healthRoutes = createRouter().openapi(healthRoute, async (c) => {
  const published = await publishedVersionCount(c.var.db);
  return c.json(
    {
      status: 'ok' as const,
      database: 'ok' as const,
      publishedScenarios: published,
      environment: c.env.ENVIRONMENT,
    },
    200,
  );
});
