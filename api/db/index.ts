import { drizzle } from 'drizzle-orm/d1';

/**
 * Creates the Drizzle client for a D1 binding (snake_case columns, camelCase fields).
 * @example const db = createDb(env.DB)
 */
export const createDb = (d1: D1Database) => drizzle(d1, { casing: 'snake_case' });
export type Db = ReturnType<typeof createDb>;
