import { createMiddleware } from 'hono/factory';
import type { Damage } from '../db/queries/runs';
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

/** Logs a run whose log does not replay (always, like errors), with the request id, so it can be found and repaired. */
export function logDamagedRun(requestId: string, runId: string, damage: Damage | null): void {
  if (!damage) return;
  console.error(JSON.stringify({ requestId, damagedRun: runId, step: damage.step, error: damage.message }));
}
