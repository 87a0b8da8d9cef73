import { app } from './app';
import { pruneRateLimits } from './db/queries/maintenance';
import { createDb } from './middleware/db';

export { LiveSession } from './live/live-session';
export { LiveBaseline } from './live/baseline';

export default {
  fetch: app.fetch,
  // The cron in wrangler.toml: housekeeping that no request should pay for.
  scheduled: async (controller, env, ctx) => {
    ctx.waitUntil(pruneRateLimits(createDb(env.DB), controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
