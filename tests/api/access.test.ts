import { beforeAll, describe, expect, it } from 'vitest';
import { cast, Client, publishShipped, shipped } from './helpers';

type Cast = Awaited<ReturnType<typeof cast>>;
type Caller = 'guest' | 'owner' | 'otherStudent' | 'instructor' | 'admin';

let people: Cast;
let runId: string;
let finishedRunId: string;

const clientOf = (who: Caller): Client =>
  who === 'guest' ? new Client() : who === 'owner' ? people.student.client : people[who].client;

beforeAll(async () => {
  await publishShipped();
  people = await cast();
  const started = await people.student.client.post('/api/runs', {
    scenario: 'tehran-after-rask',
    side: 'tehran',
  });
  runId = started.body.run.id;
  // An instructor's published copy, private to its author (and admins).
  const draft = await people.instructor.client.post('/api/studio/scenarios', {
    slug: 'private-copy',
    title: 'Private copy',
    from: 'islamabad-48-hours',
  });
  await people.instructor.client.post('/api/studio/scenarios/private-copy/publish', {
    revision: draft.body.revision,
  });
  const other = await people.student.client.post('/api/runs', {
    scenario: 'tehran-after-rask',
    side: 'tehran',
  });
  finishedRunId = other.body.run.id;
  let view = other.body.view;
  while (view.status === 'deciding') {
    view = (
      await people.student.client.post(`/api/runs/${finishedRunId}/choices`, {
        step: view.step,
        choiceId: view.decision.choices[0].id,
      })
    ).body.view;
  }
});

/** Expected status per caller, for every route. Anything owned answers 404 to everyone but its owner. */
const matrix: {
  route: string;
  call: (c: Client) => Promise<{ status: number }>;
  expect: Record<Caller, number>;
}[] = [
  {
    route: 'GET /api/health',
    call: (c) => c.get('/api/health'),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/auth/me',
    call: (c) => c.get('/api/auth/me'),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/users',
    call: (c) => c.get('/api/users'),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  {
    route: 'PUT /api/users/:id/role',
    call: (c) => c.put(`/api/users/${people.otherStudent.user.id}/role`, { role: 'student' }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  {
    route: 'GET /api/scenarios',
    call: (c) => c.get('/api/scenarios'),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/scenarios/:slug/sides/:side/briefing',
    call: (c) => c.get('/api/scenarios/tehran-after-rask/sides/tehran/briefing'),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/scenarios/:slug/sides/:side/briefing (a private copy)',
    call: (c) => c.get('/api/scenarios/private-copy/sides/islamabad/briefing'),
    expect: { guest: 404, owner: 404, otherStudent: 404, instructor: 200, admin: 200 },
  },
  {
    route: 'POST /api/runs (a private copy)',
    call: (c) => c.post('/api/runs', { scenario: 'private-copy', side: 'islamabad' }),
    expect: { guest: 404, owner: 404, otherStudent: 404, instructor: 201, admin: 201 },
  },
  {
    route: 'PUT /api/studio/scenarios/:slug/visibility',
    call: (c) => c.put('/api/studio/scenarios/private-copy/visibility', { visibility: 'private' }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 200, admin: 200 },
  },
  {
    route: 'POST /api/scenarios/import',
    // The shipped scenario is not an instructor's to overwrite; an admin may (unchanged here).
    call: (c) =>
      c.post(
        '/api/scenarios/import',
        shipped.find((s) => s.slug === 'tehran-after-rask'),
      ),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 409, admin: 201 },
  },
  {
    route: 'POST /api/runs',
    call: (c) => c.post('/api/runs', { scenario: 'islamabad-48-hours', side: 'islamabad' }),
    expect: { guest: 201, owner: 201, otherStudent: 201, instructor: 201, admin: 201 },
  },
  {
    route: 'GET /api/runs',
    call: (c) => c.get('/api/runs'),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/runs/:id',
    call: (c) => c.get(`/api/runs/${runId}`),
    expect: { guest: 404, owner: 200, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/runs/:id/choices',
    // A choice at a step already passed: the owner gets 409 (stale), everyone else cannot see the run at all.
    call: (c) => c.post(`/api/runs/${finishedRunId}/choices`, { step: 0, choiceId: 'response-ultimatum' }),
    expect: { guest: 404, owner: 409, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/runs/:id/answers',
    // A question the scenario does not have: the owner gets 400, everyone else cannot see the run at all.
    call: (c) =>
      c.post(`/api/runs/${finishedRunId}/answers`, {
        checkId: 'no-such-question',
        slot: 'after',
        optionIds: ['x'],
      }),
    expect: { guest: 404, owner: 400, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/runs/:id/step-back',
    call: (c) => c.post(`/api/runs/${runId}/step-back`),
    expect: { guest: 404, owner: 409, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'GET /api/runs/:id/others',
    call: (c) => c.get(`/api/runs/${finishedRunId}/others`),
    expect: { guest: 404, owner: 200, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/runs/:id/abandon',
    call: (c) => c.post(`/api/runs/${runId}/abandon`),
    expect: { guest: 404, owner: 200, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'GET /api/progress',
    call: (c) => c.get('/api/progress'),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/openapi.json',
    call: (c) => c.get('/api/openapi.json'),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/lti/jwks',
    call: (c) => c.get('/api/lti/jwks'),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/lti/platforms',
    call: (c) => c.get('/api/lti/platforms'),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  {
    route: 'POST /api/lti/registrations',
    call: (c) => c.post('/api/lti/registrations'),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 201 },
  },
  {
    route: 'POST /api/lti/keys/rotate',
    call: (c) => c.post('/api/lti/keys/rotate'),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  {
    route: 'GET /api/xapi/lrs',
    call: (c) => c.get('/api/xapi/lrs'),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  // Nobody teaches these ids: instructors and admins alike get 404, never a hint that they exist.
  {
    route: 'GET /api/lti/assignments/:id/grading',
    call: (c) => c.get(`/api/lti/assignments/${crypto.randomUUID()}/grading`),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'PUT /api/cohorts/:id/assignments/:assignmentId/grade',
    call: (c) =>
      c.put(`/api/cohorts/${crypto.randomUUID()}/assignments/${crypto.randomUUID()}/grade`, {
        grade: 'knowledge',
      }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/lti/cohorts/:id/roster',
    call: (c) => c.post(`/api/lti/cohorts/${crypto.randomUUID()}/roster`),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'GET /api/xapi/cohorts/:id/lrs',
    call: (c) => c.get(`/api/xapi/cohorts/${crypto.randomUUID()}/lrs`),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/auth/signout',
    call: (c) => c.post('/api/auth/signout'),
    expect: { guest: 204, owner: 204, otherStudent: 204, instructor: 204, admin: 204 },
  },
];

describe('every route × caller', () => {
  // The owner's abandon and sign-out change state, so each row runs its callers in a fixed order, owner last.
  it.each(matrix.map((row) => [row.route, row] as const))('%s', async (_route, row) => {
    const order: Caller[] = ['guest', 'otherStudent', 'instructor', 'admin', 'owner'];
    const got: Record<string, number> = {};
    for (const who of order) {
      // Sign-out would end the shared sessions the later rows need: use fresh sign-ins for that row.
      const client =
        row.route.endsWith('signout') && who !== 'guest' ? await freshSession(who) : clientOf(who);
      got[who] = (await row.call(client)).status;
    }
    expect(got).toEqual(row.expect);
  });
});

describe('what the lists show', () => {
  it("never lists another person's runs or progress", async () => {
    for (const who of ['otherStudent', 'instructor', 'admin'] as const) {
      const runs = await clientOf(who).get('/api/runs');
      expect(runs.text).not.toContain(runId);
      expect(runs.text).not.toContain(finishedRunId);
      expect((await clientOf(who).get('/api/progress')).text).not.toContain(finishedRunId);
    }
    expect((await clientOf('owner').get('/api/runs')).text).toContain(finishedRunId);
  });
});

async function freshSession(who: Exclude<Caller, 'guest'>): Promise<Client> {
  const email = who === 'owner' ? people.student.user.email : people[who].user.email;
  const client = new Client();
  const reply = await client.post('/api/auth/signin', { email, password: 'a long enough password' });
  if (reply.status !== 200) throw new Error(`sign-in failed for ${who}`);
  return client;
}
