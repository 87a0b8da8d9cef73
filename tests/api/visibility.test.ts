import { beforeAll, describe, expect, it } from 'vitest';
import { cast, Client, publishShipped, signedUp } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
let colleague: Awaited<ReturnType<typeof signedUp>>;
let classmate: Awaited<ReturnType<typeof signedUp>>;
const slug = 'our-class-copy';

const catalogSlugs = async (client: Client) =>
  ((await client.get('/api/scenarios')).body as { slug: string }[]).map((s) => s.slug);
const briefing = (client: Client) => client.get(`/api/scenarios/${slug}/sides/islamabad/briefing`);
const startRun = (client: Client) => client.post('/api/runs', { scenario: slug, side: 'islamabad' });
const setVisibility = (client: Client, visibility: string) =>
  client.put(`/api/studio/scenarios/${slug}/visibility`, { visibility });

beforeAll(async () => {
  await publishShipped();
  people = await cast();
  colleague = await signedUp('colleague');
  await people.admin.client.put(`/api/users/${colleague.user.id}/role`, { role: 'instructor' });
  classmate = await signedUp('classmate');
  // The instructor's "my class" copy of a shipped scenario, published.
  const draft = await people.instructor.client.post('/api/studio/scenarios', {
    slug,
    title: 'Our class copy',
    from: 'islamabad-48-hours',
  });
  expect(draft.status).toBe(201);
  expect(
    (
      await people.instructor.client.post(`/api/studio/scenarios/${slug}/publish`, {
        revision: draft.body.revision,
      })
    ).status,
  ).toBe(200);
  // classmate is in one of the instructor's cohorts, which has no assignment of the copy.
  const cohort = (await people.instructor.client.post('/api/cohorts', { name: 'Seminar' })).body;
  expect((await classmate.client.post('/api/cohorts/join', { code: cohort.joinCode })).status).toBe(200);
});

describe('scenario visibility', () => {
  it('keeps a published copy private to its author: not in the catalog, its briefing and runs 404 for everyone else', async () => {
    const mine = (await people.instructor.client.get('/api/studio/scenarios')).body.find(
      (s: { slug: string }) => s.slug === slug,
    );
    expect(mine.visibility).toBe('private');
    expect(await catalogSlugs(people.instructor.client)).toContain(slug);
    expect(
      (await people.instructor.client.get('/api/scenarios')).body.find(
        (s: { slug: string }) => s.slug === slug,
      ).visibility,
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
      (await colleague.client.post('/api/studio/scenarios', { slug: 'lifted', title: 'Lifted', from: slug }))
        .status,
    ).toBe(404);
    const theirs = (await colleague.client.post('/api/cohorts', { name: 'Theirs' })).body;
    expect(
      (await colleague.client.post(`/api/cohorts/${theirs.id}/assignments`, { scenario: slug })).status,
    ).toBe(404);
    expect(
      (await colleague.client.post('/api/live', { scenario: slug, mode: 'room', side: 'islamabad' })).status,
    ).toBe(404);
    // The author may do all three.
    expect(
      (
        await people.instructor.client.post('/api/studio/scenarios', {
          slug: 'our-copy-2',
          title: 'Copy 2',
          from: slug,
        })
      ).status,
    ).toBe(201);
    expect(
      (await people.instructor.client.post('/api/live', { scenario: slug, mode: 'room', side: 'islamabad' }))
        .status,
    ).toBe(201);
  });

  it('opens a private scenario to the students it is assigned to, and only to them', async () => {
    const cohort = (await people.instructor.client.post('/api/cohorts', { name: 'Assigned' })).body;
    const assigned = await people.instructor.client.post(`/api/cohorts/${cohort.id}/assignments`, {
      scenario: slug,
      side: 'islamabad',
    });
    expect(assigned.status).toBe(201);
    const student = await signedUp('assigned');
    expect(await catalogSlugs(student.client)).not.toContain(slug);
    await student.client.post('/api/cohorts/join', { code: cohort.joinCode });
    expect((await briefing(student.client)).status).toBe(200);
    expect(
      (
        await student.client.post('/api/runs', {
          scenario: slug,
          side: 'islamabad',
          assignmentId: assigned.body.id,
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
    const bad = await setVisibility(people.instructor.client, 'everyone');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(
      (
        await people.instructor.client.put('/api/studio/scenarios/no-such-one/visibility', {
          visibility: 'public',
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
    expect((await people.instructor.client.post('/api/scenarios/import', file)).status).toBe(201);
    expect(await catalogSlugs(people.student.client)).not.toContain('imported-copy');
    expect(
      (await people.instructor.client.post('/api/scenarios/import?visibility=public', file)).status,
    ).toBe(201);
    expect(await catalogSlugs(people.student.client)).toContain('imported-copy');
    expect(
      (await people.instructor.client.post('/api/scenarios/import?visibility=nobody', file)).status,
    ).toBe(400);
    const catalog = (await new Client().get('/api/scenarios')).body as { slug: string; visibility: string }[];
    expect(
      catalog
        .filter((s) =>
          ['strikes-across-the-border', 'islamabad-48-hours', 'tehran-after-rask'].includes(s.slug),
        )
        .map((s) => s.visibility),
    ).toEqual(['public', 'public', 'public']);
  });
});
