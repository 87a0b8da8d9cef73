import type { RequestIdVariables } from 'hono/request-id';
import type { Db } from './middleware/db';

/** Hono's environment for every route: the Worker's bindings and the per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables & { db: Db };
};
