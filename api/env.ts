import type { RequestIdVariables } from 'hono/request-id';
import type { Caller } from './db/queries/runs';
import type { SessionUser } from './db/queries/sessions';
import type { Db } from './db';

/** Hono's environment for every route: the Worker's bindings and the per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables & {
    db: Db;
    user: SessionUser | null;
    guestId: string | null;
    /** The cookies before the session lookup: for routes that batch it with their own reads. */
    caller: Caller;
  };
};

declare global {
  namespace Cloudflare {
    // Optional variables that `wrangler types` does not see. The required secrets (AUTH_SECRET, SECRETS_KEY) are
    // typed from wrangler.toml's [secrets].
    interface Env {
      SECRETS_KEY_PREVIOUS?: string;
      LIVE_MAX_PARTICIPANTS?: string;
      LIVE_SHARD_SIZE?: string;
    }
  }
  // The Worker's `Env` carries them too: the same interface as the `env` of `cloudflare:workers`.
  interface Env extends Cloudflare.Env {}
}
