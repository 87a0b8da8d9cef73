import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { GUEST_RUN_RETENTION } from '../../api/db/queries/maintenance';
import worker from '../../api/index';
import { Client, playToEnd, publishShipped, signedUp } from './helpers';

beforeAll(publishShipped);

type Row = { version: string; side: string; node: string; choice: string; n: number };
const order = (rows: Row[]) => rows.map((r) => `${r.version} ${r.side} ${r.node} ${r.choice} ${r.n}`).sort();

/** "How others chose" counted from the finished runs' decisions, as the route did on every call before. */
const counted = async () =>
  order(
    (
      await env.DB.prepare(
        `SELECT r.scenario_version_id AS version, r.side, d.node_id AS node, d.choice_id AS choice, count(*) AS n
         FROM decisions d JOIN runs r ON r.id = d.run_id WHERE r.status = 'finished'
         GROUP BY r.scenario_version_id, r.side, d.node_id, d.choice_id`,
      ).all<Row>()
    ).results,
  );
/** The aggregate the route reads now. */
const stored = async () =>
  order(
    (
      await env.DB.prepare(
        `SELECT scenario_version_id AS version, side, node_id AS node, choice_id AS choice, n
         FROM choice_tallies WHERE n > 0`,
      ).all<Row>()
    ).results,
  );

describe('how others chose, kept as an aggregate (issue 25: it counted every finished run on each call)', () => {
  it('equals counting the finished runs, whatever the players chose, and leaves unfinished runs out', async () => {
    const players = await Promise.all(Array.from({ length: 4 }, (_, i) => signedUp(`tally${i}`)));
    for (const [i, { client }] of players.entries()) {
      await playToEnd(client, 'islamabad-48-hours', 'islamabad', (v) => {
        const choices = v.decision!.choices;
        return choices[(i + v.step) % choices.length]!.id;
      });
    }
    // Unfinished: one decision made, never counted.
    const idle = await players[0]!.client.api.runs.$post({
      json: { scenario: 'islamabad-48-hours', side: 'islamabad' },
    });
    await players[0]!.client.api.runs[':id'].choices.$post({
      param: { id: idle.body.run.id },
      json: { step: 0, choiceId: idle.body.view.decision!.choices[0]!.id },
    });
    expect((await stored()).length).toBeGreaterThan(0);
    expect(await stored()).toEqual(await counted());
  });

  it('counts a run once when two finishing choices race', async () => {
    const { client } = await signedUp('racer');
    let reply = await client.api.runs.$post({ json: { scenario: 'islamabad-48-hours', side: 'islamabad' } });
    const runId = reply.body.run.id;
    // Play to the last decision.
    for (;;) {
      const view = reply.body.view;
      const step = view.step;
      const choiceId = view.decision!.choices[0]!.id;
      const next = await client.api.runs[':id'].choices.$post({
        param: { id: runId },
        json: { step, choiceId },
      });
      if (next.body.view.status !== 'deciding') {
        // That choice ended the run: now the number of decisions to an ending on this path is known.
        break;
      }
      reply = next;
    }
    // A fresh run played to its last decision, then the final choice sent twice at once.
    let again = await client.api.runs.$post({ json: { scenario: 'islamabad-48-hours', side: 'islamabad' } });
    const raceId = again.body.run.id;
    const finalSteps = (await client.api.runs[':id'].$get({ param: { id: runId } })).body.view.step;
    while (again.body.view.step < finalSteps - 1) {
      again = await client.api.runs[':id'].choices.$post({
        param: { id: raceId },
        json: { step: again.body.view.step, choiceId: again.body.view.decision!.choices[0]!.id },
      });
      expect(again.status).toBe(200);
    }
    const last = { step: again.body.view.step, choiceId: again.body.view.decision!.choices[0]!.id };
    const both = await Promise.all([
      client.api.runs[':id'].choices.$post({ param: { id: raceId }, json: last }),
      client.api.runs[':id'].choices.$post({ param: { id: raceId }, json: last }),
    ]);
    // One is stored; the other is refused (409) or answered as the same choice replayed (200), never stored again.
    for (const reply of both) expect([200, 409]).toContain(reply.status);
    const decided = await env.DB.prepare('SELECT count(*) AS n FROM decisions WHERE run_id = ?')
      .bind(raceId)
      .first<{ n: number }>();
    expect(decided?.n).toBe(finalSteps);
    expect(await stored()).toEqual(await counted());
  });

  it('takes finished guest runs out when the cron deletes them', async () => {
    const guest = new Client();
    const { runId } = await playToEnd(
      guest,
      'islamabad-48-hours',
      'islamabad',
      (v) => v.decision!.choices.at(-1)!.id,
    );
    const before = await stored();
    await env.DB.prepare('UPDATE runs SET updated_at = ? WHERE id = ?')
      .bind(Date.now() - (GUEST_RUN_RETENTION.anyDays + 1) * 24 * 60 * 60_000, runId)
      .run();
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '17 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await env.DB.prepare('SELECT id FROM runs WHERE id = ?').bind(runId).first()).toBeNull();
    const after = await stored();
    expect(after).not.toEqual(before);
    expect(after).toEqual(await counted());
  });
});
