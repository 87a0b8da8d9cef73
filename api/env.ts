import type { RequestIdVariables } from 'hono/request-id';
import type { SessionUser } from './db/queries/sessions';
import type { Db } from './db';

/** Hono's environment for every route: the Worker's bindings and the per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables & { db: Db; user: SessionUser | null; guestId: string | null };
};

declare global {
  // Secrets and optional variables that `wrangler types` does not see (set with `wrangler secret put`).
  interface Env {
    AUTH_SECRET?: string;
    LIVE_MAX_PARTICIPANTS?: string;
    LIVE_SHARD_SIZE?: string;
  }
  namespace Cloudflare {
    interface Env {
      AUTH_SECRET?: string;
      LIVE_MAX_PARTICIPANTS?: string;
      LIVE_SHARD_SIZE?: string;
    }
  }
}
