import { beforeAll, describe, expect, it } from 'vitest';
import { cast, Client, publishShipped, signedUp } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
let colleague: Awaited<ReturnType<typeof signedUp>>;
let classmate: Awaited<ReturnType<typeof signedUp>>;
const slug = 'our-class-copy';

const catalogSlugs = async (client: Client) =>
  ((await client.api.scenarios.$get()).body as { slug: string }[]).map((s) => s.slug);
const briefing = (client: Client) =>
  client.api.scenarios[':slug'].sides[':side'].briefing.$get({ param: { slug, side: 'islamabad' } });
const startRun = (client: Client) => client.api.runs.$post({ json: { scenario: slug, side: 'islamabad' } });
const setVisibility = (client: Client, visibility: 'private' | 'cohorts' | 'public') =>
  client.api.studio.scenarios[':slug'].visibility.$put({ param: { slug }, json: { visibility } });

beforeAll(async () => {
  await publishShipped();
  people = await cast();
  colleague = await signedUp('colleague');
  await people.admin.client.api.users[':id'].role.$put({
    param: { id: colleague.user.id },
    json: { role: 'instructor' },
  });
  classmate = await signedUp('classmate');
  // The instructor's "my class" copy of a shipped scenario, published.
  const draft = await people.instructor.client.api.studio.scenarios.$post({
    json: {
      slug,
      title: 'Our class copy',
      from: 'islamabad-48-hours',
    },
  });
  expect(draft.status).toBe(201);
  expect(
    (
      await people.instructor.client.api.studio.scenarios[':slug'].publish.$post({
        param: { slug },
        json: {
          revision: draft.body.revision,
        },
      })
    ).status,
  ).toBe(200);
  // classmate is in one of the instructor's cohorts, which has no assignment of the copy.
  const cohort = (await people.instructor.client.api.cohorts.$post({ json: { name: 'Seminar' } })).body;
  expect((await classmate.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } })).status).toBe(
    200,
  );
});

describe('scenario visibility', () => {
  it('keeps a published copy private to its author: not in the catalog, its briefing and runs 404 for everyone else', async () => {
    const mine = (await people.instructor.client.api.studio.scenarios.$get()).body.find(
      (s: { slug: string }) => s.slug === slug,
    );
    expect(mine!.visibility).toBe('private');
    expect(await catalogSlugs(people.instructor.client)).toContain(slug);
    expect(
      (await people.instructor.client.api.scenarios.$get()).body.find(
        (s: { slug: string }) => s.slug === slug,
      )!.visibility,
    ).toBe('private');
    expect((await briefing(people.instructor.client)).status).toBe(200);
    expect((await startRun(people.instructor.client)).status).toBe(201);
    for (const client of [new Client(), people.student.client, classmate.client, colleague.client]) {
      expect(await catalogSlugs(client)).not.toContain(slug);
      expect(await catalogSlugs(client)).toContain('islamabad-48-hours');
      const refused = await briefing(client);
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('not_found');
      expect((await startRun(client)).status).toBe(404);
    }
    // Admins see everything.
    expect(await catalogSlugs(people.admin.client)).toContain(slug);
  });

  it('lets no one else copy, assign or run a live session of a private scenario', async () => {
    expect(
      (
        await colleague.client.api.studio.scenarios.$post({
          json: { slug: 'lifted', title: 'Lifted', from: slug },
        })
      ).status,
    ).toBe(404);
    const theirs = (await colleague.client.api.cohorts.$post({ json: { name: 'Theirs' } })).body;
    expect(
      (
        await colleague.client.api.cohorts[':id'].assignments.$post({
          param: { id: theirs.id },
          json: { scenario: slug },
        })
      ).status,
    ).toBe(404);
    expect(
      (await colleague.client.api.live.$post({ json: { scenario: slug, mode: 'room', side: 'islamabad' } }))
        .status,
    ).toBe(404);
    // The author may do all three.
    expect(
      (
        await people.instructor.client.api.studio.scenarios.$post({
          json: {
            slug: 'our-copy-2',
            title: 'Copy 2',
            from: slug,
          },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await people.instructor.client.api.live.$post({
          json: { scenario: slug, mode: 'room', side: 'islamabad' },
        })
      ).status,
    ).toBe(201);
  });

  it('opens a private scenario to the students it is assigned to, and only to them', async () => {
    const cohort = (await people.instructor.client.api.cohorts.$post({ json: { name: 'Assigned' } })).body;
    const assigned = await people.instructor.client.api.cohorts[':id'].assignments.$post({
      param: { id: cohort.id },
      json: {
        scenario: slug,
        side: 'islamabad',
      },
    });
    expect(assigned.status).toBe(201);
    const student = await signedUp('assigned');
    expect(await catalogSlugs(student.client)).not.toContain(slug);
    await student.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    expect((await briefing(student.client)).status).toBe(200);
    expect(
      (
        await student.client.api.runs.$post({
          json: {
            scenario: slug,
            side: 'islamabad',
            assignmentId: assigned.body.id,
          },
        })
      ).status,
    ).toBe(201);
    expect((await briefing(people.student.client)).status).toBe(404);
  });

  it("shares with the author's cohorts, then with everyone, only when the author says so", async () => {
    expect((await setVisibility(people.instructor.client, 'cohorts')).body).toEqual({
      slug,
      visibility: 'cohorts',
    });
    expect(await catalogSlugs(classmate.client)).toContain(slug);
    expect((await startRun(classmate.client)).status).toBe(201);
    // A student in none of the author's cohorts, and a guest, still cannot see it.
    expect(await catalogSlugs(people.student.client)).not.toContain(slug);
    expect((await startRun(people.student.client)).status).toBe(404);
    expect((await briefing(new Client())).status).toBe(404);

    expect((await setVisibility(people.instructor.client, 'public')).status).toBe(200);
    expect(await catalogSlugs(new Client())).toContain(slug);
    expect((await startRun(new Client())).status).toBe(201);
    expect((await setVisibility(people.instructor.client, 'private')).status).toBe(200);
    expect(await catalogSlugs(new Client())).not.toContain(slug);
  });

  it('lets only the author (or an admin) change who sees it, and checks the value', async () => {
    expect((await setVisibility(colleague.client, 'public')).status).toBe(404);
    expect((await setVisibility(people.student.client, 'public')).status).toBe(403);
    expect((await setVisibility(new Client(), 'public')).status).toBe(401);
    const bad = await people.instructor.client.call('PUT', `/api/studio/scenarios/${slug}/visibility`, {
      visibility: 'everyone',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(
      (
        await people.instructor.client.api.studio.scenarios[':slug'].visibility.$put({
          param: { slug: 'no-such-one' },
          json: {
            visibility: 'public',
          },
        })
      ).status,
    ).toBe(404);
    expect((await setVisibility(people.admin.client, 'private')).status).toBe(200);
  });

  it('imports a new scenario as private unless asked otherwise; the shipped ones stay public', async () => {
    const file = {
      ...(await import('../../scenarios/islamabad-48-hours.json')).default,
      slug: 'imported-copy',
    };
    expect(
      (await people.instructor.client.api.scenarios.import.$post({ query: {}, json: file })).status,
    ).toBe(201);
    expect(await catalogSlugs(people.student.client)).not.toContain('imported-copy');
    expect(
      (
        await people.instructor.client.api.scenarios.import.$post({
          query: { visibility: 'public' },
          json: file,
        })
      ).status,
    ).toBe(201);
    expect(await catalogSlugs(people.student.client)).toContain('imported-copy');
    expect(
      (await people.instructor.client.call('POST', '/api/scenarios/import?visibility=nobody', file)).status,
    ).toBe(400);
    const catalog = (await new Client().api.scenarios.$get()).body as { slug: string; visibility: string }[];
    expect(
      catalog
        .filter((s) =>
          ['strikes-across-the-border', 'islamabad-48-hours', 'tehran-after-rask'].includes(s.slug),
        )
        .map((s) => s.visibility),
    ).toEqual(['public', 'public', 'public']);
  });
});
