import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import worker from '../../api/index';
import { keyringOf, openSecret, sealSecret } from '../../api/lib/secrets';
import '../platform/lti-provided';
import { cast, Client, publishShipped } from './helpers';

// The LRS is a real HTTP server (tests/platform/lti-platform.ts) that validates every statement with Learning
// Locker's validator and refuses the batch on any problem.
const platform = inject('ltiPlatform');
const LRS = { key: 'lrs-key', secret: 'lrs-secret' };
const V = 'http://adlnet.gov/expapi/verbs/';

let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  await publishShipped();
  people = await cast();
});

/** The parts of an xAPI statement (api/xapi/statements.ts) that these tests read. */
type Statement = {
  verb: { id: string };
  actor: unknown;
  object: { id: string; definition: { choices: { id: string }[] } };
  result: { response: string; duration: string; extensions: Record<string, unknown> };
  context: { registration: string; contextActivities: { parent: unknown; grouping: unknown } };
};
type Stored = { lrs: string; statement: Statement };
const lrsState = async () =>
  await (
    await fetch(`${platform.url}/sim/state`)
  ).json<{
    statements: Stored[];
    lrsRejected: unknown[];
  }>();
const statementsOf = async (runId: string) =>
  (await lrsState()).statements.filter((s) => s.statement.context?.registration === runId);
const setDown = (down: boolean) =>
  fetch(`${platform.url}/sim/lrs-down`, { method: 'POST', body: JSON.stringify({ down }) });

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Plays to the end with the first choice, justifying each; returns the run id and the decisions made. */
async function play(
  client: Client,
  body: { scenario: string; side: string; assignmentId?: string } = {
    scenario: 'islamabad-48-hours',
    side: 'islamabad',
  },
) {
  let reply = await client.api.runs.$post({ json: body });
  expect(reply.status).toBe(201);
  const runId = reply.body.run.id;
  const made: { nodeId: string; choiceId: string; choices: string[] }[] = [];
  while (reply.body.view.status === 'deciding') {
    const view = reply.body.view;
    const choiceId = view.decision!.choices[0]!.id;
    made.push({
      nodeId: view.decision!.nodeId,
      choiceId,
      choices: view.decision!.choices.map((c: { id: string }) => c.id),
    });
    reply = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: {
        step: view.step,
        choiceId,
        justification: 'Restraint keeps the door open.',
      },
    });
    expect(reply.status).toBe(200);
  }
  return { runId, made, run: reply.body.run };
}

describe('xAPI statements', () => {
  it('refuses an LRS endpoint that would make the Worker post inside the network (SSRF)', async () => {
    const cohort = (await people.instructor.client.api.cohorts.$post({ json: { name: 'SSRF probe' } })).body;
    for (const endpoint of [
      'https://169.254.169.254/latest/',
      'https://10.0.0.5/xapi/',
      'https://192.168.1.1/xapi/',
      'https://[fe80::1]/xapi/',
      'https://intranet/xapi/',
    ]) {
      const reply = await people.instructor.client.api.xapi.cohorts[':id'].lrs.$put({
        param: { id: cohort.id },
        json: { endpoint, ...LRS },
      });
      expect(reply.status, endpoint).toBe(400);
      expect(reply.body.error.code).toBe('invalid_request');
      const admin = await people.admin.client.api.xapi.lrs.$put({ json: { endpoint, ...LRS } });
      expect(admin.status, endpoint).toBe(400);
    }
    expect(
      (await people.instructor.client.api.xapi.cohorts[':id'].lrs.$get({ param: { id: cohort.id } })).body,
    ).toBeNull();
  });

  it('lets only an admin set the instance-wide LRS, and never shows its secret', async () => {
    const input = { endpoint: `${platform.url}/lrs/`, ...LRS };
    expect((await people.instructor.client.api.xapi.lrs.$put({ json: input })).status).toBe(403);
    expect(
      (await people.admin.client.api.xapi.lrs.$put({ json: { ...input, endpoint: 'http://lrs.example/' } }))
        .status,
    ).toBe(400);
    const set = await people.admin.client.api.xapi.lrs.$put({ json: input });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ endpoint: input.endpoint, key: 'lrs-key', pending: 0 });
    expect(set.text).not.toContain('lrs-secret');
  });

  it('stores LRS secrets sealed with a key id beside them; plain-text and previous-key values still work and are sealed anew', async () => {
    const ring = await keyringOf(env.SECRETS_KEY, env.SECRETS_KEY_PREVIOUS);
    const stored = () =>
      env.DB.prepare("SELECT secret, secret_key_id AS keyId FROM xapi_lrs WHERE scope = 'instance'").first<{
        secret: string;
        keyId: string | null;
      }>();
    const sealed = (await stored())!;
    expect(sealed.secret).not.toContain('lrs-secret');
    expect(sealed.keyId).toBe(ring.current.id);
    expect(
      (await openSecret(ring, { value: sealed.secret, keyId: sealed.keyId }, 'xapi_lrs:instance')).plaintext,
    ).toBe('lrs-secret');
    // Sealed for its own row only: the same value in a cohort's row does not open.
    await expect(
      openSecret(ring, { value: sealed.secret, keyId: sealed.keyId }, 'xapi_lrs:another-cohort'),
    ).rejects.toThrow();
    for (const reply of [
      await people.admin.client.api.xapi.lrs.$get(),
      await people.admin.client.api.lti.platforms.$get(),
      await people.admin.client.api.health.$get(),
    ]) {
      expect(reply.text).not.toContain('lrs-secret');
      expect(reply.text).not.toContain(sealed.secret);
    }

    // A row from before encryption (plain text, no key id) still sends, and is sealed on that use.
    await env.DB.prepare(
      "UPDATE xapi_lrs SET secret = 'lrs-secret', secret_key_id = NULL WHERE scope = 'instance'",
    ).run();
    const first = await play(people.student.client);
    expect(
      await until(
        () => statementsOf(first.runId),
        (s) => s.length === first.made.length + 1,
      ),
    ).toHaveLength(first.made.length + 1);
    expect((await stored())!.keyId).toBe(ring.current.id);
    expect((await stored())!.secret).not.toContain('lrs-secret');

    // Rotation: a value sealed by the previous key is sealed anew under the current one by the hourly cron.
    const old = await sealSecret(
      await keyringOf(env.SECRETS_KEY_PREVIOUS!),
      'lrs-secret',
      'xapi_lrs:instance',
    );
    await env.DB.prepare("UPDATE xapi_lrs SET secret = ?, secret_key_id = ? WHERE scope = 'instance'")
      .bind(old.value, old.keyId)
      .run();
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '17 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const resealed = (await stored())!;
    expect(resealed.keyId).toBe(ring.current.id);
    expect(resealed.secret).not.toBe(old.value);
    const second = await play(people.student.client);
    expect(
      await until(
        () => statementsOf(second.runId),
        (s) => s.length === second.made.length + 1,
      ),
    ).toHaveLength(second.made.length + 1);
  });

  it("sends each decision as 'answered' and the finished run as 'completed', in valid xAPI", async () => {
    const { runId, made, run } = await play(people.student.client);
    const stored = await until(
      () => statementsOf(runId),
      (s) => s.length === made.length + 1,
    );
    expect((await lrsState()).lrsRejected).toEqual([]);
    const answered = stored.filter((s) => s.statement.verb.id === `${V}answered`).map((s) => s.statement);
    expect(answered).toHaveLength(made.length);
    const first = answered[0]!;
    expect(first.actor).toEqual({
      objectType: 'Agent',
      account: { homePage: 'http://crisis-desk.test', name: people.student.user.id },
    });
    expect(first.object.definition).toMatchObject({
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      interactionType: 'choice',
    });
    expect(first.object.definition.choices.map((c) => c.id)).toEqual(made[0]!.choices);
    expect(first.result.response).toBe(made[0]!.choiceId);
    expect(first.result.duration).toMatch(/^PT[\d.]+S$/);
    const ext = (name: string) => first.result.extensions[`http://crisis-desk.test/xapi/extensions/${name}`];
    expect(ext('justification')).toBe('Restraint keeps the door open.');
    expect(ext('side')).toBe('islamabad');
    expect((ext('score-parts') as unknown[])[0]).toEqual({
      metric: expect.any(String) as unknown,
      value: expect.any(Number) as unknown,
      weight: expect.any(Number) as unknown,
      points: expect.any(Number) as unknown,
    });
    expect(typeof ext('time-taken-ms')).toBe('number');
    expect(first.context.registration).toBe(runId);
    expect(first.context.contextActivities.parent).toEqual([
      expect.objectContaining({ id: 'http://crisis-desk.test/scenarios/islamabad-48-hours' }),
    ]);
    const completed = stored.find((s) => s.statement.verb.id === `${V}completed`)!.statement;
    expect(completed.object.id).toBe('http://crisis-desk.test/scenarios/islamabad-48-hours');
    expect(completed.result).toMatchObject({
      completion: true,
      score: { scaled: run.score! / 100, raw: run.score, min: 0, max: 100 },
    });
    expect(completed.result.extensions['http://crisis-desk.test/xapi/extensions/ending']).toBe(run.endingId);
  });

  it('keeps play going while the LRS is down, and the cron sends what waited', async () => {
    await setDown(true);
    const { runId, made } = await play(people.otherStudent.client);
    // Every choice was answered 200 (play asserts it); the statements wait with their error.
    const waiting = await until(
      () => people.admin.client.api.xapi.lrs.$get(),
      (r) => r.body.pending === made.length + 1,
    );
    expect(waiting.body.pending).toBe(made.length + 1);
    const row = await env.DB.prepare(
      "SELECT last_error, attempts FROM xapi_statements WHERE run_id = ? AND status = 'pending' LIMIT 1",
    )
      .bind(runId)
      .first<{ last_error: string; attempts: number }>();
    expect(row!.last_error).toBe('the LRS answered 503');
    expect(row!.attempts).toBeGreaterThanOrEqual(1);
    expect(await statementsOf(runId)).toEqual([]);
    await setDown(false);
    const ctx = createExecutionContext();
    worker.scheduled(
      createScheduledController({ scheduledTime: Date.now() + 10 * 60_000, cron: '17 * * * *' }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(await statementsOf(runId)).toHaveLength(made.length + 1);
    expect((await people.admin.client.api.xapi.lrs.$get()).body.pending).toBe(0);
  });

  it('splits a batch the LRS refuses: a 409 for one stored id loses nothing, a 400-refused statement is parked', async () => {
    await setDown(true);
    const { runId, made } = await play(people.otherStudent.client);
    await until(
      () => people.admin.client.api.xapi.lrs.$get(),
      (r) => r.body.pending === made.length + 1,
    );
    await setDown(false);
    // One of the waiting statements reached the LRS after all (a post that timed out after it was stored).
    const one = await env.DB.prepare(
      "SELECT statement FROM xapi_statements WHERE run_id = ? AND status = 'pending' LIMIT 1",
    )
      .bind(runId)
      .first<{ statement: string }>();
    const basic = `Basic ${btoa(`${LRS.key}:${LRS.secret}`)}`;
    const direct = await fetch(`${platform.url}/lrs/statements`, {
      method: 'POST',
      headers: {
        Authorization: basic,
        'X-Experience-API-Version': '1.0.3',
        'Content-Type': 'application/json',
      },
      body: one!.statement,
    });
    expect(direct.status).toBe(200);
    // And one statement the LRS will refuse (400) waits among them.
    const bad = crypto.randomUUID();
    await env.DB.prepare(
      "INSERT INTO xapi_statements (id, lrs_scope, run_id, statement, status, attempts, next_attempt_at) VALUES (?, 'instance', ?, ?, 'pending', 0, 0)",
    )
      .bind(bad, runId, JSON.stringify({ id: bad, actor: { mbox: 'not-an-email' }, verb: {}, object: {} }))
      .run();
    await fetch(`${platform.url}/sim/lrs-conflicts`, { method: 'POST', body: JSON.stringify({ on: true }) });
    try {
      const ctx = createExecutionContext();
      worker.scheduled(
        createScheduledController({ scheduledTime: Date.now() + 10 * 60_000, cron: '17 * * * *' }),
        env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
    } finally {
      await fetch(`${platform.url}/sim/lrs-conflicts`, {
        method: 'POST',
        body: JSON.stringify({ on: false }),
      });
    }
    expect(await statementsOf(runId)).toHaveLength(made.length + 1);
    const parked = await env.DB.prepare('SELECT status, last_error FROM xapi_statements WHERE id = ?')
      .bind(bad)
      .first<{ status: string; last_error: string }>();
    expect(parked).toMatchObject({ status: 'parked' });
    expect(parked!.last_error).toMatch(/^the LRS refused this statement \(400\)/);
    const summary = (await people.admin.client.api.xapi.lrs.$get()).body;
    expect(summary).toMatchObject({ pending: 0, parked: 1 });
    await env.DB.prepare('DELETE FROM xapi_statements WHERE id = ?').bind(bad).run();
  });

  it("sends an assignment's statements to its cohort's own LRS, grouped by the cohort; only its instructors set it", async () => {
    const cohort = (await people.instructor.client.api.cohorts.$post({ json: { name: 'xAPI seminar' } }))
      .body;
    const path = `/api/xapi/cohorts/${cohort.id}/lrs`;
    const input = { endpoint: `${platform.url}/lrs-cohort`, ...LRS };
    expect((await people.student.client.put(path, input)).status).toBe(403);
    expect(
      (
        await people.instructor.client.api.xapi.cohorts[':id'].lrs.$put({
          param: { id: 'nope' },
          json: input,
        })
      ).status,
    ).toBe(400);
    expect((await people.instructor.client.put(path, input)).status).toBe(200);
    const assignment = (
      await people.instructor.client.api.cohorts[':id'].assignments.$post({
        param: { id: cohort.id },
        json: {
          scenario: 'islamabad-48-hours',
          side: 'islamabad',
        },
      })
    ).body;
    await people.student.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    const { runId, made } = await play(people.student.client, {
      scenario: 'islamabad-48-hours',
      side: 'islamabad',
      assignmentId: assignment.id,
    });
    const stored = await until(
      () => statementsOf(runId),
      (s) => s.length === made.length + 1,
    );
    expect(new Set(stored.map((s) => s.lrs))).toEqual(new Set(['lrs-cohort']));
    expect(stored[0]!.statement.context.contextActivities.grouping).toEqual([
      expect.objectContaining({ id: `http://crisis-desk.test/cohorts/${cohort.id}` }),
    ]);
    expect((await people.instructor.client.get(path)).body).toMatchObject({
      endpoint: input.endpoint,
      pending: 0,
    });
    expect((await people.instructor.client.call('DELETE', path)).status).toBe(204);
    expect((await people.instructor.client.call('DELETE', path)).status).toBe(404);
  });
});
