import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/** One JSON log line per request, carrying the request id so a user's report can be traced. */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  await next();
  if (c.env.LOG_REQUESTS === 'false') return;
  console.log(
    JSON.stringify({
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
    }),
  );
});
