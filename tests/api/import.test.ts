import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { cast, Client, shipped } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  people = await cast();
});

const flagship = () => structuredClone(shipped.find((s) => s.slug === 'strikes-across-the-border')!);

describe('POST /api/scenarios/import', () => {
  it('publishes a valid file once, and a changed file as a new version', async () => {
    // As `npm run scenarios:publish` does on a fresh deploy: the shipped file, into the public catalog.
    const first = await people.admin.client.api.scenarios.import.$post({
      query: { visibility: 'public' },
      json: flagship(),
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ slug: 'strikes-across-the-border', version: 1, outcome: 'published' });
    expect(
      (await people.admin.client.api.scenarios.import.$post({ query: {}, json: flagship() })).body.outcome,
    ).toBe('unchanged');
    const changed = flagship();
    changed.summary = 'A revised summary.';
    expect(
      (await people.admin.client.api.scenarios.import.$post({ query: {}, json: changed })).body,
    ).toMatchObject({
      version: 2,
      outcome: 'published',
    });
    const catalog = await new Client().api.scenarios.$get();
    expect(catalog.body.find((s: { slug: string }) => s.slug === 'strikes-across-the-border')!.summary).toBe(
      'A revised summary.',
    );
  });

  it("keeps an author's open draft as the newest version when a file for the same scenario is imported", async () => {
    const me = people.instructor.client;
    const file = { ...flagship(), slug: 'draft-then-import', title: 'Draft then import' };
    expect((await me.api.scenarios.import.$post({ query: {}, json: file })).body).toMatchObject({
      version: 1,
      outcome: 'published',
    });
    const draft = await me.api.studio.scenarios[':slug'].edit.$post({ param: { slug: 'draft-then-import' } });
    expect(draft.body).toMatchObject({ version: 2, revision: 1 });
    await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'draft-then-import' },
      json: {
        revision: 1,
        content: { ...draft.body.content, summary: 'Draft work.' },
      },
    });

    expect(
      (await me.api.scenarios.import.$post({ query: {}, json: { ...file, summary: 'From the file.' } })).body,
    ).toMatchObject({ version: 2, outcome: 'published' });
    const opened = await me.api.studio.scenarios[':slug'].$get({ param: { slug: 'draft-then-import' } });
    expect(opened.body).toMatchObject({
      status: 'draft',
      version: 3,
      revision: 2,
      content: { summary: 'Draft work.' },
    });
    // The editor's next save lands in it and learns its new number.
    const saved = await me.api.studio.scenarios[':slug'].draft.$put({
      param: { slug: 'draft-then-import' },
      json: {
        revision: 2,
        content: opened.body.content,
      },
    });
    expect(saved.body).toMatchObject({ version: 3, revision: 3 });
    const versions = (await me.api.studio.scenarios.$get()).body.find(
      (s: { slug: string }) => s.slug === 'draft-then-import',
    )!.versions;
    expect(versions.map((v: { version: number; status: string }) => `${v.version} ${v.status}`)).toEqual([
      '3 draft',
      '2 published',
      '1 retired',
    ]);
  });

  it('refuses an invalid file with every problem listed, and changes nothing', async () => {
    const broken = flagship();
    broken.slug = 'broken-import';
    broken.start = 'nowhere';
    broken.nodes[1]!.sources = [];
    const reply = await people.instructor.client.api.scenarios.import.$post({ query: {}, json: broken });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_scenario');
    expect(reply.body.error.details.map((p: { rule: string }) => p.rule)).toEqual(
      expect.arrayContaining(['missing-reference', 'uncited']),
    );
    const row = await env.DB.prepare(
      "SELECT count(*) AS n FROM scenarios WHERE slug = 'broken-import'",
    ).first<{ n: number }>();
    expect(row!.n).toBe(0);
  });

  it("lets instructors publish their own scenarios but not overwrite another's or a shipped one", async () => {
    const mine = flagship();
    mine.slug = 'instructor-copy';
    expect(
      (await people.instructor.client.api.scenarios.import.$post({ query: {}, json: mine })).status,
    ).toBe(201);
    const owner = await env.DB.prepare(
      "SELECT owner_id FROM scenarios WHERE slug = 'instructor-copy'",
    ).first<{ owner_id: string }>();
    expect(owner!.owner_id).toBe(people.instructor.user.id);
    const reply = await people.instructor.client.api.scenarios.import.$post({ query: {}, json: flagship() });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('slug_taken');
  });

  it('is only for instructors and admins', async () => {
    expect((await new Client().api.scenarios.import.$post({ query: {}, json: flagship() })).status).toBe(401);
    expect(
      (await people.student.client.api.scenarios.import.$post({ query: {}, json: flagship() })).status,
    ).toBe(403);
  });
});
