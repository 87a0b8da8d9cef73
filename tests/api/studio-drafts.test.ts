import { beforeAll, describe, expect, it } from 'vitest';
import { castWithRival } from './helpers';

let people: Awaited<ReturnType<typeof castWithRival>>['people'];
let rival: Awaited<ReturnType<typeof castWithRival>>['rival'];
beforeAll(async () => {
  ({ people, rival } = await castWithRival());
});

describe('the authoring API: drafts, versions and discarding', () => {
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
