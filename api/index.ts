import { app } from './app';
import { pruneGuestRuns, pruneRateLimits } from './db/queries/maintenance';
import { pruneLtiLogins } from './db/queries/lti-launch';
import { retryGrades } from './lti/grades';
import { resealToolKeys } from './lti/keys';
import { resealLrsSecrets, retryStatements } from './xapi/queue';
import { createDb } from './db';

export { LiveSession } from './live/live-session';
export { LiveShard } from './live/live-shard';

export default {
  fetch: app.fetch,
  // The cron in wrangler.toml: housekeeping that no request should pay for.
  scheduled: (controller, env, ctx) => {
    const now = new Date(controller.scheduledTime);
    ctx.waitUntil(pruneRateLimits(createDb(env.DB), controller.scheduledTime));
    ctx.waitUntil(pruneGuestRuns(createDb(env.DB), controller.scheduledTime));
    ctx.waitUntil(pruneLtiLogins(createDb(env.DB), now));
    ctx.waitUntil(retryGrades(env.DB, now));
    ctx.waitUntil(retryStatements(env.DB, now));
    // Secrets in plain text (from before encryption) or under SECRETS_KEY_PREVIOUS are sealed under SECRETS_KEY.
    ctx.waitUntil(resealToolKeys(createDb(env.DB)).then(() => resealLrsSecrets(createDb(env.DB))));
  },
} satisfies ExportedHandler<Env>;
