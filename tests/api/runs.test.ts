import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { View } from '../../api/engine';
import { Client, playToEnd, publishShipped, shipped, signedUp, type Reply } from './helpers';

beforeAll(publishShipped);

const historicalPick = (slug: string) => (view: View) => {
  const scenario = shipped.find((s) => s.slug === slug)!;
  const node = scenario.nodes.find((n) => n.id === view.decision!.nodeId)!;
  return node.choices!.find((c) => c.historical)!.id;
};

/** Fails if a response reveals anything of a choice before it is made. */
function expectNothingHidden(reply: Reply<{ view: View }>) {
  const { view } = reply.body;
  if (view.status === 'ended') return;
  for (const secret of ['"effects"', '"feedback"', '"historical"', '"next"', '"seenByOthers"'])
    expect(reply.text).not.toContain(secret);
  const scenario = shipped.find((s) => s.slug === view.scenario.slug)!;
  const chosen = new Set(view.timeline.filter((t) => t.kind === 'decision').map((t) => t.choice!.id));
  for (const node of scenario.nodes)
    for (const choice of node.choices ?? []) {
      if (!chosen.has(choice.id) && choice.feedback.length > 30)
        expect(reply.text).not.toContain(choice.feedback);
    }
}

const countDecisions = async (runId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM decisions WHERE run_id = ?')
    .bind(runId)
    .first<{ n: number }>())!.n;

describe('a full playthrough over HTTP', () => {
  const cases = shipped.flatMap((s) =>
    s.sides.filter((side) => side.playable).map((side) => [s.slug, side.id] as const),
  );
  it.each(cases)('%s as %s reaches the historical ending, revealing nothing early', async (slug, side) => {
    const { client } = await signedUp('player');
    const { runId, reply } = await playToEnd(client, slug, side, historicalPick(slug), expectNothingHidden);
    expect(reply.body.view.status).toBe('ended');
    expect(reply.body.run).toMatchObject({
      id: runId,
      status: 'finished',
      score: reply.body.view.ending!.score,
    });
    expect(reply.body.view.ending!.debrief).not.toBeNull();
    expect(await countDecisions(runId)).toBe(reply.body.view.step);
    // Resume reads the same state back from the log.
    const resumed = await client.api.runs[':id'].$get({ param: { id: runId } });
    expect(resumed.body.view).toEqual(reply.body.view);
  });
});

describe('POST /api/runs/:id/choices', () => {
  async function begin() {
    const { client } = await signedUp('chooser');
    const started = await client.api.runs.$post({
      json: {
        scenario: 'strikes-across-the-border',
        side: 'islamabad',
      },
    });
    return { client, runId: started.body.run.id as string, view: started.body.view as View };
  }

  it('records a retried step once and answers it the same', async () => {
    const { client, runId, view } = await begin();
    const body = {
      step: view.step,
      choiceId: view.decision!.choices[1]!.id,
      justification: 'Keeps channels open.',
    };
    const first = await client.api.runs[':id'].choices.$post({ param: { id: runId }, json: body });
    const retry = await client.api.runs[':id'].choices.$post({ param: { id: runId }, json: body });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.view).toEqual(first.body.view);
    expect(await countDecisions(runId)).toBe(1);
    const row = await env.DB.prepare('SELECT justification, time_taken_ms FROM decisions WHERE run_id = ?')
      .bind(runId)
      .first();
    expect(row).toMatchObject({ justification: 'Keeps channels open.' });
    expect(row!.time_taken_ms).toBeGreaterThanOrEqual(0);
  });

  it('lets only one of two concurrent different choices through; the other gets 409 with the current view', async () => {
    const { client, runId, view } = await begin();
    const [a, b] = await Promise.all(
      [0, 2].map((i) =>
        client.api.runs[':id'].choices.$post({
          param: { id: runId },
          json: {
            step: view.step,
            choiceId: view.decision!.choices[i]!.id,
          },
        }),
      ),
    );
    expect([a!.status, b!.status].sort()).toEqual([200, 409]);
    const loser = a!.status === 409 ? a! : b!;
    const winner = a!.status === 200 ? a! : b!;
    expect(loser.body.error.code).toBe('stale_step');
    expect(loser.body.error.details.view.step).toBe(1);
    expect(loser.body.error.details.view).toEqual(winner.body.view);
    expect(await countDecisions(runId)).toBe(1);
  });

  it('answers a stale or future step with 409 and the current view', async () => {
    const { client, runId, view } = await begin();
    await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: 0, choiceId: view.decision!.choices[0]!.id },
    });
    const stale = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: {
        step: 0,
        choiceId: view.decision!.choices[2]!.id,
      },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.view.step).toBe(1);
    const future = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: 5, choiceId: 'x' },
    });
    expect(future.status).toBe(409);
  });

  it('refuses a choice that is not on offer with a 400 naming choiceId', async () => {
    const { client, runId } = await begin();
    const reply = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: 0, choiceId: 't-strike-yes' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('choiceId');
    expect(await countDecisions(runId)).toBe(0);
  });

  it('refuses choices on a finished or abandoned run with 409', async () => {
    const { client } = await signedUp('ender');
    const { runId, reply } = await playToEnd(
      client,
      'tehran-after-rask',
      'tehran',
      (v) => v.decision!.choices[0]!.id,
    );
    const after = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: {
        step: reply.body.view.step,
        choiceId: 'anything',
      },
    });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('run_finished');
    const started = await client.api.runs.$post({ json: { scenario: 'tehran-after-rask', side: 'tehran' } });
    expect(
      (await client.api.runs[':id'].abandon.$post({ param: { id: started.body.run.id } })).body.status,
    ).toBe('abandoned');
    const onAbandoned = await client.api.runs[':id'].choices.$post({
      param: { id: started.body.run.id },
      json: {
        step: 0,
        choiceId: 'response-sweep',
      },
    });
    expect(onAbandoned.body.error.code).toBe('run_abandoned');
    expect((await client.api.runs[':id'].abandon.$post({ param: { id: started.body.run.id } })).status).toBe(
      409,
    );
  });
});

describe('POST /api/runs/:id/step-back', () => {
  it('drops the last decision and rewinds metrics and score exactly', async () => {
    const { client } = await signedUp('stepper');
    const started = await client.api.runs.$post({
      json: { scenario: 'islamabad-48-hours', side: 'islamabad' },
    });
    const runId = started.body.run.id;
    const first = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: 0, choiceId: 'first-loud' },
    });
    const second = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: 1, choiceId: 'measures-expel' },
    });
    expect(second.body.view.metrics).not.toEqual(first.body.view.metrics);
    const back = await client.api.runs[':id']['step-back'].$post({ param: { id: runId } });
    expect(back.status).toBe(200);
    expect(back.body.view).toEqual(first.body.view);
    expect(await countDecisions(runId)).toBe(1);
    // Back to the start, then nothing left to undo.
    await client.api.runs[':id']['step-back'].$post({ param: { id: runId } });
    expect((await client.api.runs[':id']['step-back'].$post({ param: { id: runId } })).body.error.code).toBe(
      'nothing_to_undo',
    );
  });

  it('reopens a finished run', async () => {
    const { client } = await signedUp('reopen');
    const { runId, reply } = await playToEnd(
      client,
      'tehran-after-rask',
      'tehran',
      (v) => v.decision!.choices[0]!.id,
    );
    const back = await client.api.runs[':id']['step-back'].$post({ param: { id: runId } });
    expect(back.body.run).toMatchObject({
      status: 'in_progress',
      score: null,
      endingId: null,
      step: reply.body.view.step - 1,
    });
  });

  it('is refused with 403 where the run forbids it', async () => {
    const { client } = await signedUp('assigned');
    const started = await client.api.runs.$post({ json: { scenario: 'tehran-after-rask', side: 'tehran' } });
    await client.api.runs[':id'].choices.$post({
      param: { id: started.body.run.id },
      json: { step: 0, choiceId: 'response-sweep' },
    });
    await env.DB.prepare('UPDATE runs SET allow_step_back = 0 WHERE id = ?').bind(started.body.run.id).run();
    const reply = await client.api.runs[':id']['step-back'].$post({ param: { id: started.body.run.id } });
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('step_back_forbidden');
  });
});

describe('GET /api/runs/:id/others', () => {
  it('shows anonymous shares per decision only where at least 5 finished runs exist', async () => {
    const players = await Promise.all(Array.from({ length: 5 }, () => signedUp('crowd')));
    const runIds: string[] = [];
    for (const [i, { client }] of players.entries()) {
      const { runId } = await playToEnd(
        client,
        'islamabad-48-hours',
        'islamabad',
        (v) => v.decision!.choices[v.step === 0 ? i % 2 : 0]!.id,
      );
      runIds.push(runId);
    }
    const reply = await players[0]!.client.api.runs[':id'].others.$get({ param: { id: runIds[0]! } });
    expect(reply.status).toBe(200);
    // Other tests in this file finish runs of the same version and side too: count them from the database.
    const tally = await env.DB.prepare(
      "SELECT d.choice_id AS choice, count(*) AS n FROM decisions d JOIN runs r ON r.id = d.run_id WHERE r.status = 'finished' AND r.side = 'islamabad' AND d.node_id = 'first-hours' GROUP BY d.choice_id",
    ).all<{ choice: string; n: number }>();
    const total = tally.results.reduce((sum, row) => sum + row.n, 0);
    const first = reply.body.decisions[0]!;
    expect(first.nodeId).toBe('first-hours');
    expect(first.runs).toBe(total);
    expect(total).toBeGreaterThanOrEqual(5);
    expect(
      first.shares!.find((s: { choiceId: string }) => s.choiceId === 'first-measured')!.share,
    ).toBeCloseTo((tally.results.find((r) => r.choice === 'first-measured')?.n ?? 0) / total);
    expect(first.shares!.reduce((sum: number, s: { share: number }) => sum + s.share, 0)).toBeCloseTo(1);
    expect(reply.text).not.toMatch(/crowd|@example/);
    // Shares appear exactly where at least 5 finished runs reached the decision.
    for (const decision of reply.body.decisions) expect(decision.shares === null).toBe(decision.runs < 5);
    const lonely = await playToEnd(
      players[0]!.client,
      'strikes-across-the-border',
      'tehran',
      (v) => v.decision!.choices[0]!.id,
    );
    const few = await players[0]!.client.api.runs[':id'].others.$get({ param: { id: lonely.runId } });
    expect(
      few.body.decisions.every((d: { runs: number; shares: unknown }) => d.runs < 5 && d.shares === null),
    ).toBe(true);
  });

  it('is refused until the run is finished', async () => {
    const { client } = await signedUp('early');
    const started = await client.api.runs.$post({
      json: { scenario: 'islamabad-48-hours', side: 'islamabad' },
    });
    const reply = await client.api.runs[':id'].others.$get({ param: { id: started.body.run.id } });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('run_not_finished');
  });
});

describe('GET /api/progress', () => {
  it('sums runs, best scores, endings discovered, alignment and time', async () => {
    const { client } = await signedUp('progress');
    await playToEnd(client, 'islamabad-48-hours', 'islamabad', historicalPick('islamabad-48-hours'));
    // Never the historical choice: this run's alignment is 0, so the mean lies strictly between 0 and 1.
    const historical = historicalPick('islamabad-48-hours');
    await playToEnd(
      client,
      'islamabad-48-hours',
      'islamabad',
      (v) => v.decision!.choices.find((c) => c.id !== historical(v))!.id,
    );
    await client.api.runs.$post({ json: { scenario: 'tehran-after-rask', side: 'tehran' } });
    const reply = await client.api.progress.$get();
    expect(reply.status).toBe(200);
    expect(reply.body.inProgress).toHaveLength(1);
    expect(reply.body.finished).toHaveLength(2);
    const islamabad = reply.body.scenarios.find((s: { slug: string }) => s.slug === 'islamabad-48-hours')!;
    expect(islamabad.endingsTotal).toBe(shipped.find((s) => s.slug === 'islamabad-48-hours')!.endings.length);
    expect(islamabad.endingsDiscovered).toContain('de-escalation');
    expect(islamabad.best.islamabad).toBe(Math.max(...reply.body.finished.map((r) => r.score!)));
    expect(reply.body.historicalAlignment).toBeGreaterThan(0);
    expect(reply.body.historicalAlignment).toBeLessThan(1);
    expect(reply.body.timeSpentMs).toBeGreaterThanOrEqual(0);
  });

  it('is empty for a new visitor', async () => {
    const reply = await new Client().api.progress.$get();
    expect(reply.body).toEqual({
      inProgress: [],
      finished: [],
      scenarios: [],
      historicalAlignment: null,
      historicalDecisions: { matched: 0, total: 0 },
      timeSpentMs: 0,
    });
  });
});

describe('GET /api/scenarios', () => {
  it("lists the published scenarios with playable sides and the caller's best result", async () => {
    const { client } = await signedUp('catalog');
    await playToEnd(client, 'tehran-after-rask', 'tehran', historicalPick('tehran-after-rask'));
    const reply = await client.api.scenarios.$get();
    expect(reply.body.map((s: { slug: string }) => s.slug)).toEqual([
      'islamabad-48-hours',
      'strikes-across-the-border',
      'tehran-after-rask',
    ]);
    const tehran = reply.body.find((s: { slug: string }) => s.slug === 'tehran-after-rask')!;
    expect(tehran.sides.map((s: { id: string }) => s.id)).toEqual(['tehran']);
    expect(tehran.best.tehran!.endingId).toBe('de-escalation');
    expect(reply.text).not.toContain('briefing');
  });

  it("serves one side's briefing at a time", async () => {
    const reply = await new Client().api.scenarios[':slug'].sides[':side'].briefing.$get({
      param: { slug: 'strikes-across-the-border', side: 'islamabad' },
    });
    expect(reply.body.side.id).toBe('islamabad');
    expect(reply.body.briefing).toContain('caretaker');
    expect(reply.text).not.toContain(
      'Jaish al-Adl, a Sunni Baluch militant group, attacks your security forces',
    );
    expect(
      (
        await new Client().api.scenarios[':slug'].sides[':side'].briefing.$get({
          param: { slug: 'islamabad-48-hours', side: 'tehran' },
        })
      ).status,
    ).toBe(404);
  });
});
