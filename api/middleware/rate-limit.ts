import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { rateLimits } from '../db/schema';
import type { AppEnv } from '../env';
import { ApiError } from '../lib/errors';

/** The caller's address as Cloudflare reports it ("local" in development, where there is none). */
export const clientAddress = (c: Context<AppEnv>) => c.req.header('CF-Connecting-IP') ?? 'local';

/**
 * Counts one attempt against `key` in a fixed window, and refuses with 429 and Retry-After past `limit`.
 * One upsert per check; SQLite evaluates both SET expressions against the old row.
 * @example await rateLimit(c, `signin:ip:${clientAddress(c)}`, 20, 15 * 60_000)
 */
export async function rateLimit(c: Context<AppEnv>, key: string, limit: number, windowMs: number): Promise<void> {
  const now = Date.now();
  const expired = sql`${rateLimits.windowStart} <= ${now - windowMs}`;
  const [row] = await c.var.db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        windowStart: sql`CASE WHEN ${expired} THEN ${now} ELSE ${rateLimits.windowStart} END`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
  if (row && row.count > limit) {
    const retryAfter = Math.max(1, Math.ceil((row.windowStart + windowMs - now) / 1000));
    throw new ApiError(
      429,
      'rate_limited',
      `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
      { retryAfterSeconds: retryAfter },
      { 'Retry-After': String(retryAfter) },
    );
  }
}
