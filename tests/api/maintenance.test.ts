import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { RATE_LIMIT_RETENTION_MS } from '../../api/db/queries/maintenance';
import { rateLimits } from '../../api/db/schema';
import worker from '../../api/index';
import { createDb } from '../../api/db';

describe('the hourly cron', () => {
  it('prunes rate-limit counters whose window ended long ago and keeps current ones', async () => {
    const db = createDb(env.DB);
    const now = Date.UTC(2026, 10, 25, 12);
    await db.insert(rateLimits).values([
      { key: 'signin:ip:old', windowStart: now - RATE_LIMIT_RETENTION_MS - 1, count: 3 },
      { key: 'signin:ip:recent', windowStart: now - 60_000, count: 1 },
    ]);
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ scheduledTime: now, cron: '17 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key)).toEqual([
      'signin:ip:recent',
    ]);
  });
});
