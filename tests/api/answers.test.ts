import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishScenarioFile } from '../../api/db/queries/scenarios';
import { createDb } from '../../api/db';
import { scenarioWithChecks } from '../fixtures/scenarios';
import { Client, signedUp } from './helpers';

const scenario = scenarioWithChecks();

beforeAll(async () => {
  await publishScenarioFile(createDb(env.DB), {
    slug: scenario.slug,
    title: scenario.title,
    content: JSON.stringify(scenario),
  });
});

const answerRows = async (runId: string) =>
  (
    await env.DB.prepare(
      'SELECT check_id, slot, option_ids, correct, time_taken_ms FROM check_answers WHERE run_id = ? ORDER BY created_at',
    )
      .bind(runId)
      .all()
  ).results;

async function begin(client?: Client) {
  const player = client ?? (await signedUp('quizzer')).client;
  const started = await player.api.runs.$post({ json: { scenario: scenario.slug, side: 'alpha' } });
  expect(started.status).toBe(201);
  return { client: player, runId: started.body.run.id, started };
}

describe('POST /api/runs/:id/answers', () => {
  it('asks the "before" questions without their answers, and records one without saying whether it was right', async () => {
    const { client, runId, started } = await begin();
    expect(
      started.body.checks.items.map((c: { checkId: string; slot: string }) => `${c.checkId}@${c.slot}`),
    ).toEqual(['who@before', 'both@before']);
    expect(started.text).not.toContain('EXPLANATION');
    expect(started.text).not.toMatch(/"correct":(true|false)|correctOptionIds/);
    const reply = await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: {
        checkId: 'who',
        slot: 'before',
        optionIds: ['beta'],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.checks.items[0]!.answer).toEqual({ optionIds: ['beta'], revealed: false });
    expect(reply.body.checks.items[1]!.answer).toBeNull();
    expect(reply.text).not.toContain('EXPLANATION');
    expect(reply.text).not.toMatch(/"correct":(true|false)|correctOptionIds|"alpha"\]/);
    // The knowledge score does not tell either.
    expect(reply.body.checks.knowledge).toMatchObject({ answered: 0, correct: 0, score: null });
    // The decisions are untouched: same metrics, same step.
    expect(reply.body.view).toEqual(started.body.view);
    const rows = await answerRows(runId);
    expect(rows).toMatchObject([{ check_id: 'who', slot: 'before', option_ids: '["beta"]', correct: 0 }]);
    expect(rows[0]!.time_taken_ms).toBeGreaterThanOrEqual(0);
    // Resuming reads the answer back.
    expect((await client.api.runs[':id'].$get({ param: { id: runId } })).body.checks).toEqual(
      reply.body.checks,
    );
  });

  it("does not let a 'before' answer reveal the right one to copy after the ending (the tester's reproduction)", async () => {
    const { client, runId } = await begin();
    const before = await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: { checkId: 'who', slot: 'before', optionIds: ['beta'] },
    });
    // Nothing in the answer, the run, or a conflicting second answer tells which option is right.
    const again = await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: { checkId: 'who', slot: 'before', optionIds: ['alpha'] },
    });
    expect(again.status).toBe(409);
    const read = await client.api.runs[':id'].$get({ param: { id: runId } });
    for (const reply of [before, again, read]) {
      expect(reply.text).not.toMatch(/correctOptionIds|"correct":(true|false)|EXPLANATION-WHO/);
    }
    // Once the run has ended, the debrief shows the before answer marked, beside the after one.
    const ended = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: 0, choiceId: 'a1-hold' },
    });
    expect(ended.body.view.status).toBe('ended');
    const beforeItem = (items: { checkId: string; slot: string; answer: unknown }[]) =>
      items.find((c) => c.checkId === 'who' && c.slot === 'before')!.answer;
    expect(beforeItem(ended.body.checks.items)).toMatchObject({
      optionIds: ['beta'],
      revealed: true,
      correct: false,
      correctOptionIds: ['alpha'],
      explanation: 'EXPLANATION-WHO',
    });
  });

  it('records a retried answer once and answers it the same', async () => {
    const { client, runId } = await begin();
    const body = { checkId: 'who', slot: 'before' as const, optionIds: ['alpha'] };
    const first = await client.api.runs[':id'].answers.$post({ param: { id: runId }, json: body });
    const retry = await client.api.runs[':id'].answers.$post({ param: { id: runId }, json: body });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body.checks).toEqual(first.body.checks);
    expect(await answerRows(runId)).toHaveLength(1);
  });

  it('lets one of two concurrent different answers through; the other gets 409 with the current run', async () => {
    const { client, runId } = await begin();
    const [a, b] = await Promise.all(
      ['alpha', 'beta'].map((option) =>
        client.api.runs[':id'].answers.$post({
          param: { id: runId },
          json: { checkId: 'who', slot: 'before', optionIds: [option] },
        }),
      ),
    );
    expect([a!.status, b!.status].sort()).toEqual([200, 409]);
    const winner = a!.status === 200 ? a! : b!;
    const loser = a!.status === 409 ? a! : b!;
    expect(loser.body.error.code).toBe('already_answered');
    expect((loser.body.error.details as { checks: unknown }).checks).toEqual(winner.body.checks);
    expect(await answerRows(runId)).toHaveLength(1);
  });

  it('measures the learning gain when the question is asked again after the ending', async () => {
    const { client, runId } = await begin();
    await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: { checkId: 'who', slot: 'before', optionIds: ['beta'] },
    });
    const early = await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: {
        checkId: 'who',
        slot: 'after',
        optionIds: ['alpha'],
      },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('check_not_open');
    const ended = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: 0, choiceId: 'a1-hold' },
    });
    expect(ended.body.view.status).toBe('ended');
    const closed = await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: {
        checkId: 'both',
        slot: 'before',
        optionIds: ['a', 'b'],
      },
    });
    expect(closed.status).toBe(409);
    const after = await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: {
        checkId: 'who',
        slot: 'after',
        optionIds: ['alpha'],
      },
    });
    expect(after.status).toBe(200);
    // The run has ended: "what" (asked at a1) and "both" are unanswered and count as wrong.
    expect(after.body.checks.knowledge).toMatchObject({
      asked: 3,
      answered: 1,
      correct: 1,
      counted: 3,
      score: 1 / 3,
      gain: 1,
      changes: [{ checkId: 'who', before: false, after: true }],
    });
    expect(after.body.view.ending!.score).toBe(ended.body.view.ending!.score);
  });

  it('counts every question the run asked: an unanswered one waits while it is open and is wrong once the run ends', async () => {
    const { client, runId } = await begin();
    const answered = await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: { checkId: 'who', slot: 'before', optionIds: ['alpha'] },
    });
    // "both" is still open before play and asked again after the ending: it does not count yet; nor, while the run
    // goes on, does "who", whose answer before play is sealed (it would tell right or wrong).
    expect(answered.body.checks.knowledge).toMatchObject({ asked: 2, answered: 0, counted: 0, score: null });
    const ended = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: { step: 0, choiceId: 'a1-hold' },
    });
    // Ended: who (right), what (asked at a1, unanswered) and both (unanswered) all count.
    expect(ended.body.checks.knowledge).toMatchObject({
      asked: 3,
      answered: 1,
      correct: 1,
      counted: 3,
      score: 1 / 3,
    });
    // The debrief's questions can still be answered, and count once they are.
    const late = await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: { checkId: 'both', slot: 'after', optionIds: ['a', 'b'] },
    });
    expect(late.body.checks.knowledge).toMatchObject({ asked: 3, answered: 2, correct: 2, score: 2 / 3 });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const { client, runId } = await begin();
    const cases: [unknown, string][] = [
      [{ checkId: 'who', slot: 'before', optionIds: [] }, 'optionIds'],
      [{ checkId: 'who', slot: 'sometime', optionIds: ['alpha'] }, 'slot'],
      [{ checkId: 'ghost', slot: 'before', optionIds: ['alpha'] }, 'checkId'],
      [{ checkId: 'who', slot: 'before', optionIds: ['gamma'] }, 'optionIds'],
      [{ checkId: 'who', slot: 'before', optionIds: ['alpha', 'beta'] }, 'optionIds'],
    ];
    for (const [body, path] of cases) {
      const reply = await client.call<{
        error: { code: string; message: string; details: { path: string }[] };
      }>('POST', `/api/runs/${runId}/answers`, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.code).toBe('invalid_request');
      expect(reply.body.error.details.map((d) => d.path)).toContain(path);
    }
    expect((await client.call('POST', `/api/runs/${runId}/answers`, '{not json')).status).toBe(400);
    expect(
      (
        await client.api.runs[':id'].answers.$post({
          param: { id: 'not-a-uuid' },
          json: {
            checkId: 'who',
            slot: 'before',
            optionIds: ['alpha'],
          },
        })
      ).status,
    ).toBe(400);
    expect(await answerRows(runId)).toHaveLength(0);
  });

  it('answers 404 to another person, a guest, or a run that does not exist', async () => {
    const { runId } = await begin();
    const body = { checkId: 'who', slot: 'before' as const, optionIds: ['alpha'] };
    const other = (await signedUp('other')).client;
    for (const caller of [other, new Client()]) {
      const reply = await caller.api.runs[':id'].answers.$post({ param: { id: runId }, json: body });
      expect(reply.status).toBe(404);
      expect(reply.body.error.code).toBe('not_found');
    }
    expect(
      (await other.api.runs[':id'].answers.$post({ param: { id: crypto.randomUUID() }, json: body })).status,
    ).toBe(404);
    expect(await answerRows(runId)).toHaveLength(0);
  });

  it('lets a guest answer on their own run', async () => {
    const { client, runId } = await begin(new Client());
    const reply = await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: { checkId: 'both', slot: 'before', optionIds: ['a', 'b'] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.checks.items[1]!.answer).toEqual({ optionIds: ['a', 'b'], revealed: false });
    expect(await answerRows(runId)).toMatchObject([{ check_id: 'both', correct: 1 }]);
  });
});
