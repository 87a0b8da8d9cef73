import { beforeAll, describe, expect, it } from 'vitest';
import { castWithRival, Client } from './helpers';

let people: Awaited<ReturnType<typeof castWithRival>>['people'];
beforeAll(async () => {
  ({ people } = await castWithRival());
});

describe('the authoring API: from a copy to a published version', () => {
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
});
