import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { replay, score, type View } from '../../api/engine';
import { cast, Client, publishShipped, shipped, type Reply } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  await publishShipped();
  people = await cast();
});

const SLUG = 'islamabad-48-hours';
type RunReply = Reply<{
  run: { id: string; step: number; status: string };
  view: View;
  damage?: { step: number; message: string };
}>;

/** A second tab of the same person: the same cookies, its own address. */
function secondTab(client: Client): Client {
  const tab = new Client();
  for (const [name, value] of client.cookies) tab.cookies.set(name, value);
  return tab;
}

/**
 * Fails unless the run loads sound, its log is steps 0..n-1, and replaying the log gives the stored step, status,
 * score and ending.
 */
async function expectSound(client: Client, runId: string) {
  const loaded: RunReply = await client.api.runs[':id'].$get({ param: { id: runId } });
  expect(loaded.status).toBe(200);
  expect(loaded.body.damage).toBeUndefined();
  const row = (await env.DB.prepare(
    'SELECT side, seed, step, status, ending_id, score FROM runs WHERE id = ?',
  )
    .bind(runId)
    .first<{
      side: string;
      seed: string;
      step: number;
      status: string;
      ending_id: string | null;
      score: number | null;
    }>())!;
  const { results: log } = await env.DB.prepare(
    'SELECT step, choice_id, justification FROM decisions WHERE run_id = ? ORDER BY step',
  )
    .bind(runId)
    .all<{ step: number; choice_id: string; justification: string | null }>();
  expect(log.map((d) => d.step)).toEqual(log.map((_, i) => i));
  expect(row.step).toBe(log.length);
  const scenario = shipped.find((s) => s.slug === SLUG)!;
  const state = replay(
    scenario,
    row.side,
    row.seed,
    log.map((d) => d.choice_id),
  );
  expect(state.ok).toBe(true);
  if (!state.ok) return;
  expect(state.value.endingId).toBe(row.ending_id);
  expect(row.score).toBe(state.value.endingId ? score(state.value).score : null);
  if (row.status !== 'abandoned') expect(row.status).toBe(state.value.endingId ? 'finished' : 'in_progress');
  expect(loaded.body.view.step).toBe(log.length);
  return loaded.body;
}

async function startRun(client: Client) {
  const started: RunReply = await client.api.runs.$post({ json: { scenario: SLUG, side: 'islamabad' } });
  expect(started.status).toBe(201);
  return started.body;
}

describe('concurrent writes to one run', () => {
  it('keeps a run sound when step back races the next choice (the reported race)', async () => {
    const { client } = people.student;
    const tab = secondTab(client);
    // Each round lets one request start a few turns (microtasks) ahead of the other, so between them the rounds
    // cover every order of the two handlers' reads and writes; on the unguarded code a few of them lose the log.
    for (let lead = -12; lead <= 12; lead++) {
      const started = await startRun(client);
      const runId = started.run.id;
      const first: RunReply = await client.api.runs[':id'].choices.$post({
        param: { id: runId },
        json: {
          step: 0,
          choiceId: started.view.decision!.choices[0]!.id,
        },
      });
      expect(first.status).toBe(200);
      const ticks = async (n: number) => {
        for (let i = 0; i < n; i++) await Promise.resolve();
      };
      const [back, chose] = await Promise.all([
        ticks(Math.max(0, lead)).then(() => tab.api.runs[':id']['step-back'].$post({ param: { id: runId } })),
        ticks(Math.max(0, -lead)).then(() =>
          client.api.runs[':id'].choices.$post({
            param: { id: runId },
            json: {
              step: 1,
              choiceId: first.body.view.decision!.choices[0]!.id,
            },
          }),
        ),
      ]);
      for (const reply of [back, chose]) {
        expect([200, 409]).toContain(reply.status);
        // A refused write names the run as it is now, so the tab can catch up.
        if (reply.status === 409) expect(reply.body.error.details.view.step).toBeTypeOf('number');
      }
      const now = await expectSound(client, runId);
      // Both may apply (choice, then step back): then the run is back at step 1.
      if (back.status === 200 && chose.status === 200) expect(now!.run.step).toBe(1);
      else if (back.status === 200) expect(now!.run.step).toBe(0);
      else expect(now!.run.step).toBe(2);
    }
  }, 60_000);

  it('keeps every run sound under random interleavings of choose, retry, step back and abandon from two tabs', async () => {
    const { client } = people.student;
    const tab = secondTab(client);
    type Action =
      { kind: 'choose'; pick: number } | { kind: 'retry' } | { kind: 'stepBack' } | { kind: 'abandon' };
    const action: fc.Arbitrary<Action> = fc.oneof(
      { weight: 5, arbitrary: fc.nat(3).map((pick) => ({ kind: 'choose' as const, pick })) },
      { weight: 2, arbitrary: fc.constant({ kind: 'retry' as const }) },
      { weight: 3, arbitrary: fc.constant({ kind: 'stepBack' as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'abandon' as const }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(action, action), { minLength: 1, maxLength: 8 }), async (rounds) => {
        let current = await startRun(client);
        // What each tab last saw and sent, as a real tab would.
        const seen = new Map<Client, { view: View; sent?: unknown }>([
          [client, { view: current.view }],
          [tab, { view: current.view }],
        ]);
        const act = async (who: Client, what: Action): Promise<RunReply> => {
          const mine = seen.get(who)!;
          const path = `/api/runs/${current.run.id}`;
          if (what.kind === 'stepBack') return who.post(`${path}/step-back`);
          if (what.kind === 'abandon') return who.post(`${path}/abandon`);
          if (what.kind === 'retry' && mine.sent) return who.post(`${path}/choices`, mine.sent);
          const choices = mine.view.decision?.choices ?? [];
          const choiceId =
            choices[('pick' in what ? what.pick : 0) % Math.max(1, choices.length)]?.id ??
            'no-choice-on-offer';
          mine.sent = { step: mine.view.step, choiceId };
          return who.post(`${path}/choices`, mine.sent);
        };
        for (const [a, b] of rounds) {
          const replies = await Promise.all([act(client, a), act(tab, b)]);
          for (const [i, reply] of replies.entries()) {
            expect(reply.status, reply.text).toBeLessThan(500);
            const who = i === 0 ? client : tab;
            const view =
              reply.status === 200
                ? reply.body.view
                : (reply.body as { error?: { details?: { view?: View } } }).error?.details?.view;
            if (view) seen.get(who)!.view = view;
          }
          const sound = await expectSound(client, current.run.id);
          if (sound!.run.status === 'abandoned') {
            current = await startRun(client);
            for (const mine of seen.values()) mine.view = current.view;
          }
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe('a run whose log does not replay', () => {
  /** A run with the gap the old race left; on an assignment (which forbids stepping back) or in free play. */
  async function damagedRun(onAssignment: boolean) {
    const { instructor, student } = people;
    const cohort = (await instructor.client.api.cohorts.$post({ json: { name: 'Damage control' } })).body;
    expect((await student.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } })).status).toBe(
      200,
    );
    const assignment = (
      await instructor.client.api.cohorts[':id'].assignments.$post({
        param: { id: cohort.id },
        json: {
          scenario: SLUG,
          side: 'islamabad',
        },
      })
    ).body;
    let reply: RunReply = await student.client.api.runs.$post({
      json: {
        scenario: SLUG,
        side: 'islamabad',
        ...(onAssignment ? { assignmentId: assignment.id } : {}),
      },
    });
    const runId = reply.body.run.id;
    for (let i = 0; i < 2; i++) {
      reply = await student.client.api.runs[':id'].choices.$post({
        param: { id: runId },
        json: {
          step: i,
          choiceId: reply.body.view.decision!.choices[0]!.id,
        },
      });
      expect(reply.status).toBe(200);
    }
    // The gap the old race left: the first decision gone, the second still there.
    await env.DB.prepare('DELETE FROM decisions WHERE run_id = ? AND step = 0').bind(runId).run();
    return { cohort, runId };
  }

  it('still loads, flagged damaged at the first bad step, for the player and the instructor', async () => {
    const { cohort, runId } = await damagedRun(true);
    const loaded: RunReply = await people.student.client.api.runs[':id'].$get({ param: { id: runId } });
    expect(loaded.status).toBe(200);
    expect(loaded.body.damage).toMatchObject({ step: 0 });
    expect(loaded.body.view.step).toBe(0);
    const drillDown: RunReply = await people.instructor.client.api.cohorts[':id'].runs[':runId'].$get({
      param: { id: cohort.id, runId },
    });
    expect(drillDown.status).toBe(200);
    expect(drillDown.body.damage).toMatchObject({ step: 0 });
    // Still nobody else's business.
    expect((await people.otherStudent.client.api.runs[':id'].$get({ param: { id: runId } })).status).toBe(
      404,
    );
  });

  it('refuses to play on with 409 run_damaged and the run, and can be abandoned', async () => {
    const { runId } = await damagedRun(false);
    const { client } = people.student;
    const view = (await client.api.runs[':id'].$get({ param: { id: runId } })).body.view as View;
    const chose = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: {
        step: view.step,
        choiceId: view.decision!.choices[0]!.id,
      },
    });
    expect(chose.status).toBe(409);
    expect(chose.body.error.code).toBe('run_damaged');
    expect(chose.body.error.details.damage.step).toBe(0);
    const back = await client.api.runs[':id']['step-back'].$post({ param: { id: runId } });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('run_damaged');
    const abandoned = await client.api.runs[':id'].abandon.$post({ param: { id: runId } });
    expect(abandoned.status).toBe(200);
    expect(abandoned.body.status).toBe('abandoned');
  });
});
