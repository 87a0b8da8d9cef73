import { drizzle } from 'drizzle-orm/d1';
import { createMiddleware } from 'hono/factory';
import * as schema from '../db/schema';
import type { AppEnv } from '../env';

/** Creates the Drizzle client for a D1 binding (snake_case columns, camelCase fields). */
export const createDb = (d1: D1Database) => drizzle(d1, { schema, casing: 'snake_case' });
export type Db = ReturnType<typeof createDb>;

/** Puts the Drizzle client on `c.var.db`. */
export const dbMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set('db', createDb(c.env.DB));
  await next();
});
