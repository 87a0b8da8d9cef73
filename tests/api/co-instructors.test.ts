import { beforeAll, describe, expect, it } from 'vitest';
import { castWithRival, Client, signedUp } from './helpers';

// A is the author of a scenario shared with her cohorts; B is another instructor who wants it.
let people: Awaited<ReturnType<typeof castWithRival>>['people'];
let authorA: Client;
let rivalB: Awaited<ReturnType<typeof castWithRival>>['rival'];
let studentOfA: Awaited<ReturnType<typeof signedUp>>;
const slug = 'a-cohort-only';

const catalogSlugs = async (client: Client) =>
  ((await client.api.scenarios.$get()).body as { slug: string }[]).map((s) => s.slug);
const invite = (client: Client, cohortId: string, email: string) =>
  client.api.cohorts[':id'].instructors.$post({ param: { id: cohortId }, json: { email } });
const copy = (client: Client, to: string) =>
  client.api.studio.scenarios.$post({ json: { slug: to, title: 'Taken', from: slug } });
const assign = (client: Client, cohortId: string) =>
  client.api.cohorts[':id'].assignments.$post({ param: { id: cohortId }, json: { scenario: slug } });
const invitationsOf = async (client: Client) => (await client.api.cohorts.$get()).body.invitations;

beforeAll(async () => {
  ({ people, rival: rivalB } = await castWithRival());
  authorA = people.instructor.client;
  const draft = await authorA.api.studio.scenarios.$post({
    json: { slug, title: 'For my cohorts', from: 'islamabad-48-hours' },
  });
  await authorA.api.studio.scenarios[':slug'].publish.$post({
    param: { slug },
    json: { revision: draft.body.revision },
  });
  await authorA.api.studio.scenarios[':slug'].visibility.$put({
    param: { slug },
    json: { visibility: 'cohorts' },
  });
  // A's own cohort, with a student: the people it is shared with.
  const own = (await authorA.api.cohorts.$post({ json: { name: "A's seminar" } })).body;
  studentOfA = await signedUp('studentofa');
  await studentOfA.client.api.cohorts.join.$post({ json: { code: own.joinCode! } });
});

describe('co-instructors by invitation', () => {
  it("does not share the author's cohort scenarios with an instructor who merely invites her (the tester's reproduction)", async () => {
    const cohortB = (await rivalB.client.api.cohorts.$post({ json: { name: "B's cohort" } })).body;
    const studentOfB = await signedUp('studentofb');
    await studentOfB.client.api.cohorts.join.$post({ json: { code: cohortB.joinCode! } });
    expect((await invite(rivalB.client, cohortB.id, people.instructor.user.email)).status).toBe(202);

    // Until A accepts, B and B's students see, copy and assign nothing of A's.
    expect(await catalogSlugs(rivalB.client)).not.toContain(slug);
    expect((await copy(rivalB.client, 'taken-by-b')).status).toBe(404);
    expect((await assign(rivalB.client, cohortB.id)).status).toBe(404);
    expect(await catalogSlugs(studentOfB.client)).not.toContain(slug);
    // Nor is A made an instructor of B's cohort behind her back.
    expect((await authorA.api.cohorts[':id'].$get({ param: { id: cohortB.id } })).status).toBe(404);
    const detail = (await rivalB.client.api.cohorts[':id'].$get({ param: { id: cohortB.id } })).body;
    expect(detail.instructors.map((i: { id: string }) => i.id)).toEqual([rivalB.user.id]);
    expect(detail.invitations.map((i: { email: string }) => i.email)).toEqual([people.instructor.user.email]);

    // A declines: still nothing shared, and the invitation is gone.
    const [invitation] = await invitationsOf(authorA);
    expect(invitation).toMatchObject({ cohort: { id: cohortB.id, name: "B's cohort" }, invitedBy: 'rival' });
    const declined = await authorA.api.cohorts.invitations[':invitationId'].decline.$post({
      param: { invitationId: invitation!.id },
    });
    expect(declined.status).toBe(200);
    expect(await invitationsOf(authorA)).toEqual([]);
    expect((await copy(rivalB.client, 'taken-by-b')).status).toBe(404);
    expect(
      (await rivalB.client.api.cohorts[':id'].$get({ param: { id: cohortB.id } })).body.invitations,
    ).toEqual([]);
  });

  it('answers an invitation alike whether the address has an account, is a student, or teaches already', async () => {
    const cohortB = (await rivalB.client.api.cohorts.$post({ json: { name: 'Probe' } })).body;
    const answers = await Promise.all(
      [
        people.instructor.user.email,
        people.student.user.email,
        'nobody-here@example.edu',
        rivalB.user.email,
      ].map(async (email) => {
        const reply = await invite(rivalB.client, cohortB.id, email);
        return {
          status: reply.status,
          keys: Object.keys(reply.body),
          echoed: reply.body.email === email,
        };
      }),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({ status: 202, keys: ['email'], echoed: true });
    // Inviting twice is the same invitation.
    expect((await invite(rivalB.client, cohortB.id, 'NOBODY-here@example.edu')).status).toBe(202);
    const detail = (await rivalB.client.api.cohorts[':id'].$get({ param: { id: cohortB.id } })).body;
    expect(
      detail.invitations.filter((i: { email: string }) => i.email === 'nobody-here@example.edu'),
    ).toHaveLength(1);
    // A student is shown no invitations (only instructors can accept) and cannot accept one.
    expect(await invitationsOf(people.student.client)).toEqual([]);
    const forStudent = detail.invitations.find(
      (i: { email: string }) => i.email === people.student.user.email,
    )!;
    expect(
      (
        await people.student.client.api.cohorts.invitations[':invitationId'].accept.$post({
          param: { invitationId: forStudent.id },
        })
      ).status,
    ).toBe(403);
    // Only the cohort's instructors invite.
    expect((await invite(authorA, cohortB.id, 'x@example.edu')).status).toBe(404);
  });

  it('makes the invitee a co-instructor when she accepts, and only her', async () => {
    const cohortB = (await rivalB.client.api.cohorts.$post({ json: { name: 'Co-taught' } })).body;
    await invite(rivalB.client, cohortB.id, people.instructor.user.email);
    const invitation = (await invitationsOf(authorA)).find(
      (i: { cohort: { id: string } }) => i.cohort.id === cohortB.id,
    )!;
    // Someone else, even an admin, cannot answer it.
    for (const other of [people.admin.client, rivalB.client]) {
      expect(
        (
          await other.api.cohorts.invitations[':invitationId'].accept.$post({
            param: { invitationId: invitation.id },
          })
        ).status,
      ).toBe(404);
    }
    const accepted = await authorA.api.cohorts.invitations[':invitationId'].accept.$post({
      param: { invitationId: invitation.id },
    });
    expect(accepted.body).toEqual({ id: cohortB.id, name: 'Co-taught' });
    expect((await authorA.api.cohorts[':id'].$get({ param: { id: cohortB.id } })).status).toBe(200);
    // Answered once: a second answer finds no invitation.
    expect(
      (
        await authorA.api.cohorts.invitations[':invitationId'].accept.$post({
          param: { invitationId: invitation.id },
        })
      ).status,
    ).toBe(404);
    // A now teaches B's cohort, so it is one of her cohorts: what she shares with her cohorts reaches it.
    expect(await catalogSlugs(rivalB.client)).toContain(slug);
  });

  it('lets the inviting cohort withdraw an invitation not yet answered', async () => {
    const cohortB = (await rivalB.client.api.cohorts.$post({ json: { name: 'Withdrawn' } })).body;
    await invite(rivalB.client, cohortB.id, 'later@example.edu');
    const [pending] = (await rivalB.client.api.cohorts[':id'].$get({ param: { id: cohortB.id } })).body
      .invitations;
    const withdraw = (client: Client) =>
      client.api.cohorts[':id'].invitations[':invitationId'].$delete({
        param: { id: cohortB.id, invitationId: pending!.id },
      });
    expect((await withdraw(authorA)).status).toBe(404);
    expect((await withdraw(rivalB.client)).status).toBe(204);
    expect((await withdraw(rivalB.client)).status).toBe(404);
  });

  it('offers an invitation to an address that signs up later, once it teaches', async () => {
    const cohortB = (await rivalB.client.api.cohorts.$post({ json: { name: 'Before sign-up' } })).body;
    const email = `newcomer-${crypto.randomUUID().slice(0, 6)}@example.edu`;
    await invite(rivalB.client, cohortB.id, email);
    const newcomer = new Client();
    const signup = await newcomer.api.auth.signup.$post({
      json: { email, password: 'a long enough password', displayName: 'Newcomer' },
    });
    expect(await invitationsOf(newcomer)).toEqual([]);
    await people.admin.client.api.users[':id'].role.$put({
      param: { id: signup.body.id },
      json: { role: 'instructor' },
    });
    expect((await invitationsOf(newcomer)).map((i: { cohort: { id: string } }) => i.cohort.id)).toEqual([
      cohortB.id,
    ]);
  });
});

describe("scenarios shared with the author's cohorts", () => {
  it('reach the students and the accepted co-instructors of the cohorts she created or accepted, and no one else', async () => {
    // From the author's side: her student sees and plays it.
    expect(await catalogSlugs(studentOfA.client)).toContain(slug);
    expect(
      (await studentOfA.client.api.runs.$post({ json: { scenario: slug, side: 'islamabad' } })).status,
    ).toBe(201);
    // A colleague she invited to her own cohort sees it only after accepting.
    const colleague = await signedUp('colleague');
    await people.admin.client.api.users[':id'].role.$put({
      param: { id: colleague.user.id },
      json: { role: 'instructor' },
    });
    const own = (await authorA.api.cohorts.$get()).body.teaching.find(
      (c: { name: string }) => c.name === "A's seminar",
    )!;
    await invite(authorA, own.id, colleague.user.email);
    expect(await catalogSlugs(colleague.client)).not.toContain(slug);
    const [invitation] = await invitationsOf(colleague.client);
    await colleague.client.api.cohorts.invitations[':invitationId'].accept.$post({
      param: { invitationId: invitation!.id },
    });
    expect(await catalogSlugs(colleague.client)).toContain(slug);
    expect((await copy(colleague.client, 'colleague-copy')).status).toBe(201);
    // Students of no cohort of hers, and guests, do not.
    expect(await catalogSlugs(people.student.client)).not.toContain(slug);
    expect(await catalogSlugs(new Client())).not.toContain(slug);
  });
});
