import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../api/app';
import { countingD1, type D1Counts } from '../../api/db/counting';
import type { View } from '../../api/engine';
import { Client, ORIGIN, publishShipped, signedUp } from './helpers';

beforeAll(publishShipped);

type RunReply = { run: { id: string; step: number; status: string }; view: View };

/**
 * Sends a request as `client` to the app with a counting D1 binding; the counts are taken when the response is
 * ready (work queued with waitUntil after it is not the player's wait).
 */
async function counted(client: Client, method: string, path: string, body?: unknown) {
  const { d1, counts } = countingD1(env.DB);
  const ctx = createExecutionContext();
  const response = await app.request(
    `${ORIGIN}${path}`,
    {
      method,
      headers: {
        Origin: ORIGIN,
        Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    },
    { ...env, DB: d1 },
    ctx,
  );
  const atResponse: D1Counts = { ...counts };
  const json = await response.json<RunReply>();
  await waitOnExecutionContext(ctx);
  return { status: response.status, body: json, counts: atResponse };
}

const firstChoice = (view: View) => view.decision!.choices[0]!.id;

async function startRun(client: Client) {
  const reply = await client.api.runs.$post({ json: { scenario: 'islamabad-48-hours', side: 'islamabad' } });
  expect(reply.status).toBe(201);
  return reply.body as unknown as RunReply;
}

describe('D1 round trips of the hot routes', () => {
  it("costs a signed-in player's choice one read batch and one write batch", async () => {
    const { client } = await signedUp('counted');
    const started = await startRun(client);
    const path = `/api/runs/${started.run.id}/choices`;
    // The first choice may fill this isolate's scenario cache; the second is the usual one.
    const first = await counted(client, 'POST', path, { step: 0, choiceId: firstChoice(started.view) });
    expect(first.status).toBe(200);
    const second = await counted(client, 'POST', path, { step: 1, choiceId: firstChoice(first.body.view) });
    expect(second.status).toBe(200);
    expect(second.body.run.step).toBe(2);
    expect(second.counts.sequential).toBeLessThanOrEqual(2);
    expect(second.counts.trips).toBeLessThanOrEqual(2);
  });

  it("costs a guest's choice, and the choice that ends the run, at most two round trips", async () => {
    const client = new Client();
    const started = await startRun(client);
    const path = `/api/runs/${started.run.id}/choices`;
    let reply = { status: 201, body: started, counts: { statements: 0, trips: 0, sequential: 0, ms: 0 } };
    const seen: number[] = [];
    while (reply.body.view.status === 'deciding') {
      reply = await counted(client, 'POST', path, {
        step: reply.body.view.step,
        choiceId: firstChoice(reply.body.view),
      });
      expect(reply.status).toBe(200);
      seen.push(reply.counts.sequential);
    }
    expect(reply.body.run.status).toBe('finished');
    // Every choice after the first (which may read the scenario into the isolate's cache), the last one included.
    expect(Math.max(...seen.slice(1))).toBeLessThanOrEqual(2);
  });

  it('costs a resume one round trip, and answers the right caller', async () => {
    const { client } = await signedUp('resumer');
    const started = await startRun(client);
    const resumed = await counted(client, 'GET', `/api/runs/${started.run.id}`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.run.id).toBe(started.run.id);
    expect(resumed.counts.sequential).toBe(1);
    const { client: other } = await signedUp('other');
    expect((await counted(other, 'GET', `/api/runs/${started.run.id}`)).status).toBe(404);
    expect((await counted(new Client(), 'GET', `/api/runs/${started.run.id}`)).status).toBe(404);
  });

  it("finds a guest's run after the guest signs in, and not with an expired session", async () => {
    const guest = new Client();
    const started = await startRun(guest);
    expect((await counted(guest, 'GET', `/api/runs/${started.run.id}`)).status).toBe(200);
    const reply = await guest.api.auth.signup.$post({
      json: {
        email: `moved-${crypto.randomUUID().slice(0, 6)}@example.edu`,
        password: 'a long enough password',
        displayName: 'moved',
      },
    });
    expect(reply.status).toBe(201);
    expect((await counted(guest, 'GET', `/api/runs/${started.run.id}`)).status).toBe(200);
    await env.DB.prepare('UPDATE sessions SET expires_at = 0').run();
    expect((await counted(guest, 'GET', `/api/runs/${started.run.id}`)).status).toBe(404);
  });
});
