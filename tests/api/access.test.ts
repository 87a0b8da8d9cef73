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
  const started = await people.student.client.api.runs.$post({
    json: {
      scenario: 'tehran-after-rask',
      side: 'tehran',
    },
  });
  runId = started.body.run.id;
  // An instructor's published copy, private to its author (and admins).
  const draft = await people.instructor.client.api.studio.scenarios.$post({
    json: {
      slug: 'private-copy',
      title: 'Private copy',
      from: 'islamabad-48-hours',
    },
  });
  await people.instructor.client.api.studio.scenarios[':slug'].publish.$post({
    param: { slug: 'private-copy' },
    json: {
      revision: draft.body.revision,
    },
  });
  const other = await people.student.client.api.runs.$post({
    json: {
      scenario: 'tehran-after-rask',
      side: 'tehran',
    },
  });
  finishedRunId = other.body.run.id;
  let view = other.body.view;
  while (view.status === 'deciding') {
    view = (
      await people.student.client.api.runs[':id'].choices.$post({
        param: { id: finishedRunId },
        json: {
          step: view.step,
          choiceId: view.decision!.choices[0]!.id,
        },
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
    call: (c) => c.api.health.$get(),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/auth/me',
    call: (c) => c.api.auth.me.$get(),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/assignments/graded',
    call: (c) =>
      c.api.assignments.graded.$get({ query: { scenario: 'islamabad-48-hours', side: 'islamabad' } }),
    expect: { guest: 401, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/users',
    call: (c) => c.api.users.$get(),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  {
    route: 'PUT /api/users/:id/role',
    call: (c) =>
      c.api.users[':id'].role.$put({ param: { id: people.otherStudent.user.id }, json: { role: 'student' } }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  {
    route: 'PUT /api/users/me/locale',
    call: (c) => c.api.users.me.locale.$put({ json: { locale: 'en' } }),
    expect: { guest: 401, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/scenarios',
    call: (c) => c.api.scenarios.$get(),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/scenarios/:slug/sides/:side/briefing',
    call: (c) =>
      c.api.scenarios[':slug'].sides[':side'].briefing.$get({
        param: { slug: 'tehran-after-rask', side: 'tehran' },
      }),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/scenarios/:slug/sides/:side/briefing (a private copy)',
    call: (c) =>
      c.api.scenarios[':slug'].sides[':side'].briefing.$get({
        param: { slug: 'private-copy', side: 'islamabad' },
      }),
    expect: { guest: 404, owner: 404, otherStudent: 404, instructor: 200, admin: 200 },
  },
  {
    route: 'POST /api/runs (a private copy)',
    call: (c) => c.api.runs.$post({ json: { scenario: 'private-copy', side: 'islamabad' } }),
    expect: { guest: 404, owner: 404, otherStudent: 404, instructor: 201, admin: 201 },
  },
  {
    route: 'PUT /api/studio/scenarios/:slug/visibility',
    call: (c) =>
      c.api.studio.scenarios[':slug'].visibility.$put({
        param: { slug: 'private-copy' },
        json: { visibility: 'private' },
      }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 200, admin: 200 },
  },
  {
    route: 'POST /api/scenarios/import',
    // The shipped scenario is not an instructor's to overwrite; an admin may (unchanged here).
    call: (c) =>
      c.api.scenarios.import.$post({ query: {}, json: shipped.find((s) => s.slug === 'tehran-after-rask')! }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 409, admin: 201 },
  },
  {
    route: 'POST /api/runs',
    call: (c) => c.api.runs.$post({ json: { scenario: 'islamabad-48-hours', side: 'islamabad' } }),
    expect: { guest: 201, owner: 201, otherStudent: 201, instructor: 201, admin: 201 },
  },
  {
    route: 'GET /api/runs',
    call: (c) => c.api.runs.$get(),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/runs/:id',
    call: (c) => c.api.runs[':id'].$get({ param: { id: runId } }),
    expect: { guest: 404, owner: 200, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/runs/:id/choices',
    // A choice at a step already passed: the owner gets 409 (stale), everyone else cannot see the run at all.
    call: (c) =>
      c.api.runs[':id'].choices.$post({
        param: { id: finishedRunId },
        json: { step: 0, choiceId: 'response-ultimatum' },
      }),
    expect: { guest: 404, owner: 409, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/runs/:id/answers',
    // A question the scenario does not have: the owner gets 400, everyone else cannot see the run at all.
    call: (c) =>
      c.api.runs[':id'].answers.$post({
        param: { id: finishedRunId },
        json: {
          checkId: 'no-such-question',
          slot: 'after',
          optionIds: ['x'],
        },
      }),
    expect: { guest: 404, owner: 400, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/runs/:id/step-back',
    call: (c) => c.api.runs[':id']['step-back'].$post({ param: { id: runId } }),
    expect: { guest: 404, owner: 409, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'GET /api/runs/:id/others',
    call: (c) => c.api.runs[':id'].others.$get({ param: { id: finishedRunId } }),
    expect: { guest: 404, owner: 200, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/runs/:id/abandon',
    call: (c) => c.api.runs[':id'].abandon.$post({ param: { id: runId } }),
    expect: { guest: 404, owner: 200, otherStudent: 404, instructor: 404, admin: 404 },
  },
  {
    route: 'GET /api/progress',
    call: (c) => c.api.progress.$get(),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/openapi.json',
    call: (c) => c.call('GET', '/api/openapi.json'),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/lti/jwks',
    call: (c) => c.api.lti.jwks.$get(),
    expect: { guest: 200, owner: 200, otherStudent: 200, instructor: 200, admin: 200 },
  },
  {
    route: 'GET /api/lti/platforms',
    call: (c) => c.api.lti.platforms.$get(),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  {
    route: 'POST /api/lti/registrations',
    call: (c) => c.api.lti.registrations.$post(),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 201 },
  },
  {
    route: 'POST /api/lti/keys/rotate',
    call: (c) => c.api.lti.keys.rotate.$post(),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  {
    route: 'GET /api/xapi/lrs',
    call: (c) => c.api.xapi.lrs.$get(),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 403, admin: 200 },
  },
  // Nobody teaches these ids: instructors and admins alike get 404, never a hint that they exist.
  {
    route: 'GET /api/lti/assignments/:id/grading',
    call: (c) => c.api.lti.assignments[':id'].grading.$get({ param: { id: crypto.randomUUID() } }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/lti/assignments/:id/grading/:runId/retry',
    call: (c) =>
      c.api.lti.assignments[':id'].grading[':runId'].retry.$post({
        param: { id: crypto.randomUUID(), runId: crypto.randomUUID() },
      }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  // Anyone may ask whether a typed code is a session (a join page does): an unknown code is a 404 to all.
  {
    route: 'GET /api/live/:code',
    call: (c) => c.api.live[':code'].$get({ param: { code: 'ZZZZZZ' } }),
    expect: { guest: 404, owner: 404, otherStudent: 404, instructor: 404, admin: 404 },
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
    route: 'GET /api/cohorts/:id/assignments/:assignmentId/students',
    call: (c) =>
      c.api.cohorts[':id'].assignments[':assignmentId'].students.$get({
        param: { id: crypto.randomUUID(), assignmentId: crypto.randomUUID() },
        query: { page: '2' },
      }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/cohorts/invitations/:invitationId/accept',
    call: (c) =>
      c.api.cohorts.invitations[':invitationId'].accept.$post({
        param: { invitationId: crypto.randomUUID() },
      }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'DELETE /api/cohorts/:id/invitations/:invitationId',
    call: (c) =>
      c.api.cohorts[':id'].invitations[':invitationId'].$delete({
        param: { id: crypto.randomUUID(), invitationId: crypto.randomUUID() },
      }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/lti/cohorts/:id/roster',
    call: (c) => c.api.lti.cohorts[':id'].roster.$post({ param: { id: crypto.randomUUID() } }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'GET /api/xapi/cohorts/:id/lrs',
    call: (c) => c.api.xapi.cohorts[':id'].lrs.$get({ param: { id: crypto.randomUUID() } }),
    expect: { guest: 401, owner: 403, otherStudent: 403, instructor: 404, admin: 404 },
  },
  {
    route: 'POST /api/auth/signout',
    call: (c) => c.api.auth.signout.$post(),
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
      const runs = await clientOf(who).api.runs.$get();
      expect(runs.text).not.toContain(runId);
      expect(runs.text).not.toContain(finishedRunId);
      expect((await clientOf(who).api.progress.$get()).text).not.toContain(finishedRunId);
    }
    expect((await clientOf('owner').api.runs.$get()).text).toContain(finishedRunId);
  });
});

async function freshSession(who: Exclude<Caller, 'guest'>): Promise<Client> {
  const email = who === 'owner' ? people.student.user.email : people[who].user.email;
  const client = new Client();
  const reply = await client.api.auth.signin.$post({ json: { email, password: 'a long enough password' } });
  if (reply.status !== 200) throw new Error(`sign-in failed for ${who}`);
  return client;
}
