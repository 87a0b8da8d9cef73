import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { View } from '../../api/engine';
import { playToEnd, publishShipped, shipped, signedUp } from './helpers';

beforeAll(async () => {
  await publishShipped();
});

/** A finished run of the flagship with `step` decisions of which `matched` matched history, written straight to D1. */
async function finishedRun(userId: string, step: number, matched: number) {
  const version = await env.DB.prepare(
    "SELECT v.id FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id WHERE s.slug = 'strikes-across-the-border' AND v.status = 'published'",
  ).first<{ id: string }>();
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO runs (id, scenario_version_id, user_id, side, seed, status, step, ending_id, score, historical_alignment, time_spent_ms, updated_at, finished_at)
     VALUES (?, ?, ?, 'tehran', 'seed', 'finished', ?, 'de-escalation', 50, ?, 60000, ?, ?)`,
  )
    .bind(crypto.randomUUID(), version!.id, userId, step, matched / step, now, now)
    .run();
}

describe('GET /api/progress: matched history', () => {
  it('pools the decisions of all finished runs: 1 of 5 and 14 of 14 is 15 of 19, not the mean of the runs', async () => {
    const { client, user } = await signedUp('pooled');
    await finishedRun(user.id, 5, 1);
    await finishedRun(user.id, 14, 14);
    const reply = await client.api.progress.$get();
    expect(reply.status).toBe(200);
    expect(reply.body.historicalDecisions).toEqual({ matched: 15, total: 19 });
    expect(reply.body.historicalAlignment).toBeCloseTo(15 / 19);
  });

  it('counts runs in progress out, and says nothing before a finished run', async () => {
    const { client } = await signedUp('fresh');
    await client.api.runs.$post({ json: { scenario: 'islamabad-48-hours', side: 'islamabad' } });
    const reply = await client.api.progress.$get();
    expect(reply.body.historicalDecisions).toEqual({ matched: 0, total: 0 });
    expect(reply.body.historicalAlignment).toBeNull();
  });
});

describe('GET /api/progress: the decisions counted', () => {
  it('counts only the decisions the run counted against history, as its debrief does', async () => {
    const { client } = await signedUp('branches');
    // Choices history did not make take the run onto branches history never took (issue 31: "2 of 8 where the run
    // says 2 of 7").
    const flagship = shipped.find((s) => s.slug === 'strikes-across-the-border')!;
    const unhistorical = (v: View) => {
      const node = flagship.nodes.find((n) => n.id === v.decision!.nodeId)!;
      return (node.choices!.find((c) => !c.historical) ?? node.choices![0]!).id;
    };
    const { reply } = await playToEnd(client, flagship.slug, 'tehran', unhistorical);
    const ending = reply.body.view.ending!;
    const counted = ending.comparison.filter((r) => r.counted);
    expect(counted.length).toBeLessThan(ending.comparison.length);
    const progress = await client.api.progress.$get();
    expect(progress.body.historicalDecisions).toEqual({
      matched: counted.filter((r) => r.matched).length,
      total: counted.length,
    });
  });
});
