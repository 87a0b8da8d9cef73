import { count, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { scenarioVersions } from '../db/schema';
import type { AppEnv } from '../env';

/** `GET /api/health`: proves the Worker can read D1, and how many scenarios are published. */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const [row] = await c.var.db
    .select({ published: count() })
    .from(scenarioVersions)
    .where(eq(scenarioVersions.status, 'published'));
  return c.json(
    {
      status: 'ok' as const,
      database: 'ok' as const,
      publishedScenarios: row?.published ?? 0,
      environment: c.env.ENVIRONMENT,
    },
    200,
  );
});
