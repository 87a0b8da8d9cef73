import { beforeAll, describe, expect, it } from 'vitest';
import { cast, Client, publishShipped } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
let runId: string;

beforeAll(async () => {
  await publishShipped();
  people = await cast();
  runId = (
    await people.student.client.api.runs.$post({ json: { scenario: 'tehran-after-rask', side: 'tehran' } })
  ).body.run.id;
});

/** Every route that takes input, with input it must refuse: a 4xx in the one error shape, nothing changed. */
const cases: { name: string; call: () => Promise<{ status: number; body: unknown }>; status: number }[] = [
  {
    name: 'sign-up without a body',
    call: () => new Client().call('POST', '/api/auth/signup', '', { 'Content-Type': 'application/json' }),
    status: 400,
  },
  {
    name: 'sign-up with an array body',
    call: () => new Client().call('POST', '/api/auth/signup', []),
    status: 400,
  },
  {
    name: 'sign-up with a huge name',
    call: () =>
      new Client().call('POST', '/api/auth/signup', {
        email: 'a@b.co',
        password: 'long enough pw',
        displayName: 'x'.repeat(81),
      }),
    status: 400,
  },
  {
    name: 'sign-in with a number for email',
    call: () => new Client().call('POST', '/api/auth/signin', { email: 42, password: 'x' }),
    status: 400,
  },
  {
    name: 'role with a bad id',
    call: () => people.admin.client.call('PUT', '/api/users/not-a-uuid/role', { role: 'student' }),
    status: 400,
  },
  {
    name: 'role with no body',
    call: () => people.admin.client.call('PUT', `/api/users/${people.student.user.id}/role`, {}),
    status: 400,
  },
  {
    name: 'assignment grade with a bad assignment id',
    call: () =>
      people.instructor.client.put(`/api/cohorts/${crypto.randomUUID()}/assignments/nope/grade`, {
        grade: 'score',
      }),
    status: 400,
  },
  {
    name: 'LMS grading question without a side',
    call: () => people.student.client.call('GET', '/api/assignments/graded?scenario=islamabad-48-hours'),
    status: 400,
  },
  {
    name: 'briefing with a bad slug',
    call: () => new Client().call('GET', '/api/scenarios/Bad%20Slug!/sides/tehran/briefing'),
    status: 400,
  },
  {
    name: 'briefing of a missing scenario',
    call: () => new Client().call('GET', '/api/scenarios/nope/sides/tehran/briefing'),
    status: 404,
  },
  {
    name: 'import a scenario that is not an object',
    call: () => people.admin.client.call('POST', '/api/scenarios/import', ['not', 'a', 'scenario']),
    status: 400,
  },
  {
    name: 'import an empty object',
    call: () => people.admin.client.call('POST', '/api/scenarios/import', {}),
    status: 400,
  },
  {
    name: 'create a cohort without a name',
    call: () => people.instructor.client.call('POST', '/api/cohorts', { name: '  ' }),
    status: 400,
  },
  {
    name: 'join with a malformed code',
    call: () => people.student.client.call('POST', '/api/cohorts/join', { code: 'no!' }),
    status: 400,
  },
  {
    name: 'read a cohort with a bad id',
    call: () => people.instructor.client.call('GET', '/api/cohorts/xyz'),
    status: 400,
  },
  {
    name: 'a code action that does not exist',
    call: () =>
      people.instructor.client.call('POST', `/api/cohorts/${crypto.randomUUID()}/code`, {
        action: 'explode',
      }),
    status: 400,
  },
  {
    name: 'a co-instructor without an email',
    call: () =>
      people.instructor.client.call('POST', `/api/cohorts/${crypto.randomUUID()}/instructors`, {
        email: 'nope',
      }),
    status: 400,
  },
  {
    name: 'an invitation to answer that is not an id',
    call: () => people.instructor.client.call('POST', '/api/cohorts/invitations/not-an-id/accept'),
    status: 400,
  },
  {
    name: 'an invitation to withdraw that is not an id',
    call: () =>
      people.instructor.client.call('DELETE', `/api/cohorts/${crypto.randomUUID()}/invitations/nope`),
    status: 400,
  },
  {
    name: 'export in an unknown shape',
    call: () =>
      people.instructor.client.call(
        'GET',
        `/api/cohorts/${crypto.randomUUID()}/assignments/${crypto.randomUUID()}/export?rows=pdf`,
      ),
    status: 400,
  },
  {
    name: 'a page of students numbered 0',
    call: () =>
      people.instructor.client.call(
        'GET',
        `/api/cohorts/${crypto.randomUUID()}/assignments/${crypto.randomUUID()}/students?page=0`,
      ),
    status: 400,
  },
  {
    name: 'results of a missing assignment',
    call: () =>
      people.instructor.client.call(
        'GET',
        `/api/cohorts/${crypto.randomUUID()}/assignments/${crypto.randomUUID()}/results`,
      ),
    status: 404,
  },
  {
    name: 'a studio scenario with a bad slug',
    call: () =>
      people.instructor.client.call('POST', '/api/studio/scenarios', { slug: 'Bad Slug', title: 'X' }),
    status: 400,
  },
  {
    name: 'a draft save without a revision',
    call: () => people.instructor.client.call('PUT', '/api/studio/scenarios/anything/draft', { content: {} }),
    status: 400,
  },
  {
    name: 'a draft save of an array',
    call: () =>
      people.instructor.client.call('PUT', '/api/studio/scenarios/anything/draft', {
        revision: 1,
        content: [],
      }),
    status: 400,
  },
  {
    name: 'a draft discard without a revision',
    call: () => people.instructor.client.call('DELETE', '/api/studio/scenarios/anything/draft'),
    status: 400,
  },
  {
    name: 'a duplicate of a scenario that does not exist',
    call: () =>
      people.instructor.client.call('POST', '/api/studio/scenarios', {
        slug: 'copy-of-nothing',
        title: 'X',
        from: 'nothing-here',
      }),
    status: 404,
  },
  {
    name: 'a visibility that is not one of the three',
    call: () =>
      people.instructor.client.call('PUT', '/api/studio/scenarios/anything/visibility', {
        visibility: 'friends',
      }),
    status: 400,
  },
  {
    name: 'an import with an unknown visibility',
    call: () => people.instructor.client.call('POST', '/api/scenarios/import?visibility=friends', {}),
    status: 400,
  },
  {
    name: 'start with no side',
    call: () => people.student.client.call('POST', '/api/runs', { scenario: 'tehran-after-rask' }),
    status: 400,
  },
  {
    name: 'start as an unplayable side',
    call: () =>
      people.student.client.call('POST', '/api/runs', { scenario: 'tehran-after-rask', side: 'islamabad' }),
    status: 400,
  },
  {
    name: 'start a missing scenario',
    call: () => people.student.client.call('POST', '/api/runs', { scenario: 'nope', side: 'tehran' }),
    status: 404,
  },
  {
    name: 'read a run with a bad id',
    call: () => people.student.client.call('GET', '/api/runs/123'),
    status: 400,
  },
  {
    name: 'read a missing run',
    call: () => people.student.client.call('GET', `/api/runs/${crypto.randomUUID()}`),
    status: 404,
  },
  {
    name: 'choose with a negative step',
    call: () => people.student.client.call('POST', `/api/runs/${runId}/choices`, { step: -1, choiceId: 'x' }),
    status: 400,
  },
  {
    name: 'choose with a fractional step',
    call: () =>
      people.student.client.call('POST', `/api/runs/${runId}/choices`, { step: 0.5, choiceId: 'x' }),
    status: 400,
  },
  {
    name: 'choose with a long justification',
    call: () =>
      people.student.client.call('POST', `/api/runs/${runId}/choices`, {
        step: 0,
        choiceId: 'response-sweep',
        justification: 'x'.repeat(501),
      }),
    status: 400,
  },
  {
    name: 'choose with text/plain',
    call: () =>
      people.student.client.call('POST', `/api/runs/${runId}/choices`, 'step=0', {
        'Content-Type': 'text/plain',
      }),
    status: 415,
  },
  {
    name: 'step back with a bad id',
    call: () => people.student.client.call('POST', '/api/runs/zzz/step-back'),
    status: 400,
  },
  {
    name: 'abandon with a bad id',
    call: () => people.student.client.call('POST', '/api/runs/zzz/abandon'),
    status: 400,
  },
  {
    name: 'others with a bad id',
    call: () => people.student.client.call('GET', '/api/runs/zzz/others'),
    status: 400,
  },
  { name: 'live with a bad code', call: () => new Client().call('GET', '/api/live/abc/ws'), status: 400 },
];

describe('bad input on every route', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s → a clear 4xx error', async (_name, c) => {
    const reply = await c.call();
    expect(reply.status).toBe(c.status);
    expect(reply.body).toMatchObject({
      error: { code: expect.any(String) as unknown, message: expect.any(String) as unknown },
    });
    expect((reply.body as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
  });

  it('changes nothing: the run is still at step 0', async () => {
    const reply = await people.student.client.api.runs[':id'].$get({ param: { id: runId } });
    expect(reply.body.run.step).toBe(0);
  });
});

/** The parts of the OpenAPI document the test reads. */
type OpenApiDocument = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { requestBody: { content: Record<string, { schema: { $ref: string } }> }; responses: object }
    >
  >;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document covering every route, generated from the schemas', async () => {
    const reply = await new Client().call<OpenApiDocument>('GET', '/api/openapi.json');
    expect(reply.body.openapi).toBe('3.1.0');
    expect(Object.keys(reply.body.paths).sort()).toEqual(
      [
        '/api/assignments',
        '/api/assignments/graded',
        '/api/auth/me',
        '/api/auth/signin',
        '/api/auth/signout',
        '/api/auth/signup',
        '/api/cohorts',
        '/api/cohorts/join',
        '/api/cohorts/{id}',
        '/api/cohorts/{id}/assignments',
        '/api/cohorts/{id}/assignments/{assignmentId}/export',
        '/api/cohorts/{id}/assignments/{assignmentId}/grade',
        '/api/cohorts/{id}/assignments/{assignmentId}/results',
        '/api/cohorts/{id}/assignments/{assignmentId}/students',
        '/api/cohorts/{id}/code',
        '/api/cohorts/{id}/instructors',
        '/api/cohorts/{id}/invitations/{invitationId}',
        '/api/cohorts/invitations/{invitationId}/accept',
        '/api/cohorts/invitations/{invitationId}/decline',
        '/api/cohorts/{id}/members/{userId}',
        '/api/cohorts/{id}/runs/{runId}',
        '/api/health',
        '/api/live',
        '/api/live/{code}',
        '/api/live/{code}/results',
        '/api/live/{code}/ws',
        '/api/lti/assignments/{id}/grading',
        '/api/lti/assignments/{id}/grading/{runId}/retry',
        '/api/lti/cohorts/{id}',
        '/api/lti/cohorts/{id}/roster',
        '/api/lti/continue',
        '/api/lti/deep-link',
        '/api/lti/jwks',
        '/api/lti/keys/rotate',
        '/api/lti/launch',
        '/api/lti/login',
        '/api/lti/platforms',
        '/api/lti/platforms/{id}',
        '/api/lti/register',
        '/api/lti/registrations',
        '/api/progress',
        '/api/runs',
        '/api/runs/{id}',
        '/api/runs/{id}/abandon',
        '/api/runs/{id}/answers',
        '/api/runs/{id}/choices',
        '/api/runs/{id}/others',
        '/api/runs/{id}/step-back',
        '/api/scenarios',
        '/api/scenarios/import',
        '/api/scenarios/{slug}/sides/{side}/briefing',
        '/api/studio/scenarios',
        '/api/studio/scenarios/{slug}',
        '/api/studio/scenarios/{slug}/draft',
        '/api/studio/scenarios/{slug}/edit',
        '/api/studio/scenarios/{slug}/export',
        '/api/studio/scenarios/{slug}/publish',
        '/api/studio/scenarios/{slug}/unpublish',
        '/api/studio/scenarios/{slug}/visibility',
        '/api/users',
        '/api/users/me/locale',
        '/api/users/{id}/role',
        '/api/xapi/cohorts/{id}/lrs',
        '/api/xapi/lrs',
      ].sort(),
    );
    const choose = reply.body.paths['/api/runs/{id}/choices']!.post!;
    expect(choose.requestBody.content['application/json']!.schema.$ref).toBe('#/components/schemas/Choose');
    expect(Object.keys(choose.responses).sort()).toEqual(['200', '400', '404', '409']);
    expect(reply.body.components.schemas.View!.properties.decision).toBeDefined();
  });
});
