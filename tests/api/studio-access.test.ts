import { beforeAll, describe, expect, it } from 'vitest';
import { castWithRival, Client } from './helpers';

let people: Awaited<ReturnType<typeof castWithRival>>['people'];
let rival: Awaited<ReturnType<typeof castWithRival>>['rival'];
beforeAll(async () => {
  ({ people, rival } = await castWithRival());
});

describe('the authoring API: who may do what', () => {
  it('keeps each author to their own scenarios, and ours to admins', async () => {
    await people.instructor.client.api.studio.scenarios.$post({
      json: { slug: 'private-draft', title: 'Private' },
    });
    expect(
      (await rival.client.api.studio.scenarios[':slug'].edit.$post({ param: { slug: 'private-draft' } }))
        .status,
    ).toBe(404);
    expect(
      (
        await rival.client.api.studio.scenarios[':slug'].draft.$put({
          param: { slug: 'private-draft' },
          json: { revision: 1, content: {} },
        })
      ).status,
    ).toBe(404);
    expect((await people.student.client.api.studio.scenarios.$get()).status).toBe(403);
    expect((await new Client().api.studio.scenarios.$get()).status).toBe(401);
    expect(
      (
        await people.instructor.client.api.studio.scenarios[':slug'].edit.$post({
          param: { slug: 'strikes-across-the-border' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await people.admin.client.api.studio.scenarios[':slug'].edit.$post({
          param: { slug: 'private-draft' },
        })
      ).status,
    ).toBe(200);
  });

  it('answers every authoring route by role and owner: 401 anonymous, 403 student, 404 another instructor, allowed for the owner and admins', async () => {
    await people.instructor.client.api.studio.scenarios.$post({
      json: { slug: 'matrix-draft', title: 'Matrix' },
    });
    const routes: { method: 'get' | 'post' | 'put' | 'delete'; path: string; body?: unknown }[] = [
      { method: 'get', path: '/api/studio/scenarios/matrix-draft' },
      { method: 'post', path: '/api/studio/scenarios/matrix-draft/edit' },
      {
        method: 'put',
        path: '/api/studio/scenarios/matrix-draft/draft',
        body: { revision: 1, content: { title: 'x' } },
      },
      { method: 'post', path: '/api/studio/scenarios/matrix-draft/publish', body: { revision: 1 } },
      { method: 'post', path: '/api/studio/scenarios/matrix-draft/unpublish' },
      { method: 'get', path: '/api/studio/scenarios/matrix-draft/export' },
      // Last: for the owner it discards the draft, and with it this never-published scenario.
      { method: 'delete', path: '/api/studio/scenarios/matrix-draft/draft?revision=1' },
    ];
    const call = (client: Client, r: (typeof routes)[number]) =>
      r.method === 'get' || r.method === 'delete'
        ? client.call(r.method.toUpperCase(), r.path)
        : r.method === 'put'
          ? client.put(r.path, r.body)
          : client.post(r.path, r.body);
    for (const r of routes) {
      expect((await call(new Client(), r)).status, `${r.method} ${r.path} anonymous`).toBe(401);
      expect((await call(people.student.client, r)).status, `${r.method} ${r.path} student`).toBe(403);
      expect((await call(rival.client, r)).status, `${r.method} ${r.path} another instructor`).toBe(404);
    }
    // Nothing above changed the draft.
    expect(
      (
        await people.instructor.client.api.studio.scenarios[':slug'].edit.$post({
          param: { slug: 'matrix-draft' },
        })
      ).body,
    ).toMatchObject({ revision: 1, content: { title: 'Matrix' } });
    expect(
      (await rival.client.api.studio.scenarios.$get()).body.some(
        (s: { slug: string }) => s.slug === 'matrix-draft',
      ),
    ).toBe(false);
    expect(
      (await people.admin.client.api.studio.scenarios.$get()).body.some(
        (s: { slug: string }) => s.slug === 'matrix-draft',
      ),
    ).toBe(true);
    for (const caller of [people.admin.client, people.instructor.client]) {
      // The admin's pass ended by discarding the draft, and so the scenario; the owner's starts from a new one.
      if (caller === people.instructor.client)
        await people.instructor.client.api.studio.scenarios.$post({
          json: {
            slug: 'matrix-draft',
            title: 'Matrix',
          },
        });
      for (const r of routes)
        expect([401, 403, 404], `${r.method} ${r.path}`).not.toContain((await call(caller, r)).status);
    }
    expect(
      (
        await people.student.client.api.studio.scenarios.$post({
          json: { slug: 'student-draft', title: 'No' },
        })
      ).status,
    ).toBe(403);
  });
});
