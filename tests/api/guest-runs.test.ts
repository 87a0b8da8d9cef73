import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { GUEST_RUN_RETENTION } from '../../api/db/queries/maintenance';
import { GUEST_START_LIMIT } from '../../api/routes/runs';
import worker from '../../api/index';
import { Client, publishShipped, signedUp } from './helpers';

beforeAll(publishShipped);

const startAs = (client: Client) =>
  client.api.runs.$post({ json: { scenario: 'islamabad-48-hours', side: 'islamabad' } });

/** A guest at `address` with no cookie yet, as a script that never keeps cookies would be. */
const freshGuestAt = (address: string): Client => Object.assign(new Client(), { address });

describe('guest run starts per address (issue 25: 1,500 anonymous starts from one address all got 201)', () => {
  it(`starts ${GUEST_START_LIMIT.perAddress} guest runs an hour from one address, then answers 429 with the error shape`, async () => {
    const address = '198.51.100.25';
    for (let i = 0; i < GUEST_START_LIMIT.perAddress; i++) {
      expect((await startAs(freshGuestAt(address))).status, `start ${i + 1}`).toBe(201);
    }
    const refused = await startAs(freshGuestAt(address));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(refused.headers.get('Set-Cookie') ?? '').not.toContain('cd-guest');
    // A guest who already has a cookie is refused too: the limit is the address's, not the cookie's.
    // Signed-in players and other addresses are not held back by it.
    const { client } = await signedUp('behind-the-nat');
    Object.assign(client, { address });
    expect((await startAs(client)).status).toBe(201);
    expect((await startAs(freshGuestAt('198.51.100.26'))).status).toBe(201);
  }, 120_000);
});

describe('the hourly cron clears abandoned guest runs', () => {
  it(`deletes guest runs left unfinished for ${GUEST_RUN_RETENTION.unfinishedDays} days and any guest run past ${GUEST_RUN_RETENTION.anyDays}, with their decisions`, async () => {
    const now = Date.now();
    const day = 24 * 60 * 60_000;
    const ids: Record<string, string> = {};
    for (const name of ['stale', 'recent', 'finishedOld', 'finishedAncient', 'account']) {
      const client = name === 'account' ? (await signedUp('keeper')).client : new Client();
      const started = await startAs(client);
      expect(started.status).toBe(201);
      ids[name] = started.body.run.id;
      const view = started.body.view;
      // One decision each, so the cascade to decisions is seen.
      expect(
        (
          await client.api.runs[':id'].choices.$post({
            param: { id: ids[name] },
            json: { step: 0, choiceId: view.decision!.choices[0]!.id },
          })
        ).status,
      ).toBe(200);
    }
    const age = (name: string, days: number, status?: string) =>
      env.DB.prepare(`UPDATE runs SET updated_at = ?, status = coalesce(?, status) WHERE id = ?`)
        .bind(now - days * day, status ?? null, ids[name])
        .run();
    await age('stale', GUEST_RUN_RETENTION.unfinishedDays + 1);
    await age('recent', GUEST_RUN_RETENTION.unfinishedDays - 1);
    await age('finishedOld', GUEST_RUN_RETENTION.unfinishedDays + 1, 'finished');
    await age('finishedAncient', GUEST_RUN_RETENTION.anyDays + 1, 'finished');
    await age('account', GUEST_RUN_RETENTION.anyDays + 1);

    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ scheduledTime: now, cron: '17 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    const left = await env.DB.prepare(
      `SELECT id FROM runs WHERE id IN (${Object.keys(ids)
        .map(() => '?')
        .join(',')})`,
    )
      .bind(...Object.values(ids))
      .all<{ id: string }>();
    const kept = new Set(left.results.map((r) => r.id));
    expect(Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, kept.has(id)]))).toEqual({
      stale: false,
      recent: true,
      finishedOld: true,
      finishedAncient: false,
      account: true,
    });
    const orphans = await env.DB.prepare(`SELECT count(*) AS n FROM decisions WHERE run_id IN (?, ?)`)
      .bind(ids.stale, ids.finishedAncient)
      .first<{ n: number }>();
    expect(orphans?.n).toBe(0);
  });
});
