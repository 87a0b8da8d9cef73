import type { Context } from 'hono';
import { bumpCounter } from '../db/queries/rate-limits';
import type { AppEnv } from '../env';
import { ApiError } from '../lib/errors';

/** The caller's address as Cloudflare reports it ("local" in development, where there is none). */
export const clientAddress = (c: Context<AppEnv>) => c.req.header('CF-Connecting-IP') ?? 'local';

/** The 429 for a counter past its limit, with Retry-After until its window ends. */
export function tooManyAttempts(windowStart: number, windowMs: number, now = Date.now()): ApiError {
  const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
  return new ApiError(
    429,
    'rate_limited',
    `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
    { retryAfterSeconds: retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
}

/**
 * Counts one attempt against `key` in a fixed window, and refuses with 429 and Retry-After past `limit`.
 * @example await rateLimit(c, `signin:ip:${clientAddress(c)}`, 20, 15 * 60_000)
 */
export async function rateLimit(
  c: Context<AppEnv>,
  key: string,
  limit: number,
  windowMs: number,
): Promise<void> {
  const now = Date.now();
  const [row] = await bumpCounter(c.var.db, key, windowMs, now);
  if (row && row.count > limit) throw tooManyAttempts(row.windowStart, windowMs, now);
}
