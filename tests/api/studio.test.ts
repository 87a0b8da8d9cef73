import { beforeAll, describe, expect, it } from 'vitest';
import { cast, Client, publishShipped, signedUp } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
let rival: Awaited<ReturnType<typeof signedUp>>;
beforeAll(async () => {
  await publishShipped();
  people = await cast();
  rival = await signedUp('rival');
  await people.admin.client.api.users[':id'].role.$put({
    param: { id: rival.user.id },
    json: { role: 'instructor' },
  });
});

describe('the authoring API', () => {
  it('duplicates a scenario as a draft, saves with conflict detection, publishes only when valid, and pins runs to their version', async () => {
    const me = people.instructor.client;
    const created = await me.api.studio.scenarios.$post({
      json: {
        slug: 'my-strikes',
        title: 'My strikes',
        from: 'strikes-across-the-border',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'my-strikes', version: 1, revision: 1, problems: [] });
    expect(
      (await me.api.studio.scenarios.$post({ json: { slug: 'my-strikes', title: 'Again' } })).status,
    ).toBe(409);

    // A dead end: a new decision nobody can leave.
    // The test edits the draft's content freely, as the editor's forms do.
    const content: any = structuredClone(created.body.content);
    content.nodes.push({
      id: 'new-node',
      side: 'tehran',
      title: 'A new decision',
      body: 'New.',
      sources: [{ source: 's1' }],
      choices: [],
    });
    content.nodes[1].choices[0].next = 'new-node';
    const saved = await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'my-strikes' },
      json: { revision: 1, content },
    });
    expect(saved.body.revision).toBe(2);
    expect(saved.body.problems.map((p: { rule: string }) => p.rule)).toContain('dead-end');

    // A second tab still holding revision 1 cannot overwrite it.
    const stale = await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'my-strikes' },
      json: {
        revision: 1,
        content: created.body.content,
      },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');
    expect(stale.body.error.details.revision).toBe(2);

    const refused = await me.api.studio.scenarios[':slug'].publish.$post({
      param: { slug: 'my-strikes' },
      json: { revision: 2 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_scenario');

    content.nodes.pop();
    content.nodes[1].choices[0].next = (created.body.content as any).nodes[1].choices[0].next;
    content.title = 'My strikes, revised';
    await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'my-strikes' },
      json: { revision: 2, content },
    });
    expect(
      (
        await me.api.studio.scenarios[':slug'].publish.$post({
          param: { slug: 'my-strikes' },
          json: { revision: 3 },
        })
      ).body,
    ).toEqual({
      slug: 'my-strikes',
      version: 1,
    });
    // Published but private until the author shares it.
    expect(
      (await new Client().api.scenarios.$get()).body.some((s: { slug: string }) => s.slug === 'my-strikes'),
    ).toBe(false);
    expect(
      (
        await me.api.studio.scenarios[':slug'].visibility.$put({
          param: { slug: 'my-strikes' },
          json: { visibility: 'public' },
        })
      ).status,
    ).toBe(200);
    const catalog = await new Client().api.scenarios.$get();
    expect(catalog.body.find((s: { slug: string }) => s.slug === 'my-strikes')).toMatchObject({
      title: 'My strikes, revised',
      version: 1,
    });

    // A student starts on version 1; the author edits and publishes version 2; the run stays on 1.
    const run = await people.student.client.api.runs.$post({
      json: { scenario: 'my-strikes', side: 'tehran' },
    });
    // Opening it to look creates nothing: the latest version comes with revision 0 (no draft yet).
    const looked = await me.api.studio.scenarios[':slug'].$get({ param: { slug: 'my-strikes' } });
    expect(looked.body).toMatchObject({
      slug: 'my-strikes',
      version: 1,
      revision: 0,
      status: 'published',
      problems: [],
    });
    expect(
      (await me.api.studio.scenarios.$get()).body.find((s: { slug: string }) => s.slug === 'my-strikes')!
        .versions,
    ).toHaveLength(1);
    const draft = await me.api.studio.scenarios[':slug'].edit.$post({ param: { slug: 'my-strikes' } });
    expect(
      (await me.api.studio.scenarios[':slug'].$get({ param: { slug: 'my-strikes' } })).body,
    ).toMatchObject({
      version: 2,
      revision: 1,
      status: 'draft',
    });
    expect(draft.body).toMatchObject({ version: 2, revision: 1 });
    const v2 = { ...draft.body.content, summary: 'Second edition.' };
    await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'my-strikes' },
      json: { revision: 1, content: v2 },
    });
    expect(
      (
        await me.api.studio.scenarios[':slug'].publish.$post({
          param: { slug: 'my-strikes' },
          json: { revision: 2 },
        })
      ).body.version,
    ).toBe(2);
    expect(
      (await people.student.client.api.runs[':id'].$get({ param: { id: run.body.run.id } })).body.run.scenario
        .version,
    ).toBe(1);
    expect(
      (await people.student.client.api.runs.$post({ json: { scenario: 'my-strikes', side: 'tehran' } })).body
        .run.scenario.version,
    ).toBe(2);

    // Unpublishing hides it from the catalog and loses no run.
    expect(
      (await me.api.studio.scenarios[':slug'].unpublish.$post({ param: { slug: 'my-strikes' } })).status,
    ).toBe(204);
    expect(
      (await new Client().api.scenarios.$get()).body.some((s: { slug: string }) => s.slug === 'my-strikes'),
    ).toBe(false);
    expect(
      (await people.student.client.api.runs[':id'].$get({ param: { id: run.body.run.id } })).status,
    ).toBe(200);

    const exported = await me.api.studio.scenarios[':slug'].export.$get({ param: { slug: 'my-strikes' } });
    expect(exported.headers.get('content-disposition')).toContain('my-strikes.json');
    expect(exported.body.summary).toBe('Second edition.');
    const mine = await me.api.studio.scenarios.$get();
    expect(
      mine.body
        .find((s: { slug: string }) => s.slug === 'my-strikes')!
        .versions.map((v: { status: string }) => v.status),
    ).toEqual(['retired', 'retired']);
  });

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

  it('gives two tabs opening a published scenario at once the same new draft', async () => {
    const me = people.instructor.client;
    const created = await me.api.studio.scenarios.$post({
      json: {
        slug: 'two-tabs',
        title: 'Two tabs',
        from: 'islamabad-48-hours',
      },
    });
    expect(
      (
        await me.api.studio.scenarios[':slug'].publish.$post({
          param: { slug: 'two-tabs' },
          json: { revision: created.body.revision },
        })
      ).status,
    ).toBe(200);
    const opened = await Promise.all(
      [1, 2, 3].map(() => me.api.studio.scenarios[':slug'].edit.$post({ param: { slug: 'two-tabs' } })),
    );
    expect(opened.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(opened.map((r) => `${r.body.version}/${r.body.revision}`))).toEqual(new Set(['2/1']));
    const versions = (await me.api.studio.scenarios.$get()).body.find(
      (s: { slug: string }) => s.slug === 'two-tabs',
    )!.versions;
    expect(versions.map((v: { status: string }) => v.status)).toEqual(['draft', 'published']);
  });

  it('publishes only the revision it was asked to, and a stale publish changes nothing', async () => {
    const me = people.instructor.client;
    const created = await me.api.studio.scenarios.$post({
      json: {
        slug: 'stale-publish',
        title: 'Stale publish',
        from: 'tehran-after-rask',
      },
    });
    const broken = { ...created.body.content, start: 'nowhere' };
    expect(
      (
        await me.api.studio.scenarios[':slug'].draft.$put({
          param: { slug: 'stale-publish' },
          json: { revision: 1, content: broken },
        })
      ).body.revision,
    ).toBe(2);
    // The tab that checked revision 1 (valid) must not publish revision 2 (invalid).
    const stale = await me.api.studio.scenarios[':slug'].publish.$post({
      param: { slug: 'stale-publish' },
      json: { revision: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_revision', details: { revision: 2 } });
    expect(
      (await me.api.scenarios.$get()).body.some((s: { slug: string }) => s.slug === 'stale-publish'),
    ).toBe(false);
    expect(
      (await me.api.studio.scenarios[':slug'].$get({ param: { slug: 'stale-publish' } })).body,
    ).toMatchObject({
      status: 'draft',
      revision: 2,
    });
  });

  it("refuses a save that changes the draft's slug, and keeps the draft", async () => {
    const me = people.instructor.client;
    const created = await me.api.studio.scenarios.$post({
      json: { slug: 'fixed-slug', title: 'Fixed slug' },
    });
    const reply = await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'fixed-slug' },
      json: {
        revision: 1,
        content: { ...created.body.content, slug: 'strikes-across-the-border' },
      },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('slug_mismatch');
    expect(reply.body.error.details[0].path).toBe('slug');
    expect(
      (await me.api.studio.scenarios[':slug'].$get({ param: { slug: 'fixed-slug' } })).body,
    ).toMatchObject({
      revision: 1,
      content: { slug: 'fixed-slug' },
    });
  });

  it("duplicates an author's own unpublished draft, but not another instructor's", async () => {
    const me = people.instructor.client;
    const created = await me.api.studio.scenarios.$post({
      json: {
        slug: 'draft-original',
        title: 'Original',
        from: 'strikes-across-the-border',
      },
    });
    await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'draft-original' },
      json: {
        revision: 1,
        content: { ...created.body.content, summary: 'Work in progress.' },
      },
    });
    const copy = await me.api.studio.scenarios.$post({
      json: {
        slug: 'draft-copy',
        title: 'Copy',
        from: 'draft-original',
      },
    });
    expect(copy.status).toBe(201);
    expect(copy.body.content).toMatchObject({
      slug: 'draft-copy',
      title: 'Copy',
      summary: 'Work in progress.',
    });
    const theirs = await rival.client.api.studio.scenarios.$post({
      json: {
        slug: 'draft-stolen',
        title: 'Stolen',
        from: 'draft-original',
      },
    });
    expect(theirs.status).toBe(404);
    expect(
      (await rival.client.api.studio.scenarios.$get()).body.some(
        (s: { slug: string }) => s.slug === 'draft-stolen',
      ),
    ).toBe(false);
  });

  it("discards a draft: the next version's alone, or a never-published scenario with it; a stale discard changes nothing", async () => {
    const me = people.instructor.client;
    const created = await me.api.studio.scenarios.$post({
      json: {
        slug: 'discard-me',
        title: 'Discard me',
        from: 'islamabad-48-hours',
      },
    });
    await me.api.studio.scenarios[':slug'].publish.$post({
      param: { slug: 'discard-me' },
      json: { revision: created.body.revision },
    });
    const draft = await me.api.studio.scenarios[':slug'].edit.$post({ param: { slug: 'discard-me' } });
    await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'discard-me' },
      json: {
        revision: draft.body.revision,
        content: { ...draft.body.content, summary: 'Changed my mind.' },
      },
    });

    const stale = await me.api.studio.scenarios[':slug'].draft.$delete({
      param: { slug: 'discard-me' },
      query: { revision: '1' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_revision', details: { revision: 2 } });
    expect(
      (
        await me.api.studio.scenarios[':slug'].draft.$delete({
          param: { slug: 'discard-me' },
          query: { revision: 'two' },
        })
      ).status,
    ).toBe(400);

    const discarded = await me.api.studio.scenarios[':slug'].draft.$delete({
      param: { slug: 'discard-me' },
      query: { revision: '2' },
    });
    expect(discarded.body).toEqual({ slug: 'discard-me', deleted: 'draft' });
    expect(
      (await me.api.studio.scenarios[':slug'].$get({ param: { slug: 'discard-me' } })).body,
    ).toMatchObject({
      version: 1,
      status: 'published',
      revision: 0,
    });
    expect((await me.api.scenarios.$get()).body.some((s: { slug: string }) => s.slug === 'discard-me')).toBe(
      true,
    );
    expect(
      (
        await me.api.studio.scenarios[':slug'].draft.$delete({
          param: { slug: 'discard-me' },
          query: { revision: '2' },
        })
      ).body.error.code,
    ).toBe('no_draft');

    const scratch = await me.api.studio.scenarios.$post({ json: { slug: 'scratch', title: 'Scratch' } });
    expect(
      (
        await me.api.studio.scenarios[':slug'].draft.$delete({
          param: { slug: 'scratch' },
          query: { revision: scratch.body.revision },
        })
      ).body.deleted,
    ).toBe('scenario');
    expect((await me.api.studio.scenarios[':slug'].$get({ param: { slug: 'scratch' } })).status).toBe(404);
    // Its slug is free again.
    expect(
      (await me.api.studio.scenarios.$post({ json: { slug: 'scratch', title: 'Scratch again' } })).status,
    ).toBe(201);
  });

  it('refuses a draft over the size limit and changes nothing', async () => {
    const created = await people.instructor.client.api.studio.scenarios.$post({
      json: {
        slug: 'huge',
        title: 'Huge',
      },
    });
    const content = { ...created.body.content, summary: 'x'.repeat(1_600_000) };
    const reply = await people.instructor.client.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'huge' },
      json: {
        revision: 1,
        content,
      },
    });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('too_large');
    expect(
      (await people.instructor.client.api.studio.scenarios[':slug'].edit.$post({ param: { slug: 'huge' } }))
        .body.revision,
    ).toBe(1);
  });
});
