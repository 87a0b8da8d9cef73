import { createMiddleware } from 'hono/factory';
import { createDb } from '../db';
import { countingD1 } from '../db/counting';
import type { AppEnv } from '../env';

/**
 * Puts the Drizzle client on `c.var.db`. In development a request with `X-D1-Counts: 1` gets its D1 statements and
 * round trips counted and answered in the same header (for `npm run bench`'s profile).
 */
export const dbMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT !== 'development' || !c.req.header('X-D1-Counts')) {
    c.set('db', createDb(c.env.DB));
    return next();
  }
  const { d1, counts } = countingD1(c.env.DB);
  c.set('db', createDb(d1));
  await next();
  c.res.headers.set(
    'X-D1-Counts',
    `statements=${counts.statements}; trips=${counts.trips}; sequential=${counts.sequential}; ms=${counts.ms}`,
  );
});
