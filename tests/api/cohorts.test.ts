import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cohortCast,
  cohortWithAssignment as newCohort,
  playAssignment,
  type AssignmentInput,
} from './cohort-setup';
import { Client, signedUp } from './helpers';

let people: Awaited<ReturnType<typeof cohortCast>>['people'];
let outsider: Awaited<ReturnType<typeof cohortCast>>['outsider'];
beforeAll(async () => {
  ({ people, outsider } = await cohortCast());
});

const cohortWithAssignment = (assignment?: AssignmentInput) =>
  newCohort(people.instructor.client, assignment);

describe('cohorts', () => {
  it('lets an instructor create a cohort with a join code, and students join with it', async () => {
    const created = await people.instructor.client.api.cohorts.$post({ json: { name: 'Crisis seminar' } });
    expect(created.status).toBe(201);
    expect(created.body.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const joined = await people.student.client.api.cohorts.join.$post({
      json: {
        code: created.body.joinCode!.toLowerCase(),
      },
    });
    expect(joined.body).toEqual({ id: created.body.id, name: 'Crisis seminar' });
    // Joining twice is harmless.
    expect(
      (await people.student.client.api.cohorts.join.$post({ json: { code: created.body.joinCode! } })).status,
    ).toBe(200);
    const detail = await people.instructor.client.api.cohorts[':id'].$get({ param: { id: created.body.id } });
    expect(detail.body.members.map((m: { id: string }) => m.id)).toEqual([people.student.user.id]);
    expect((await people.student.client.api.cohorts.$get()).body.member).toEqual([
      { id: created.body.id, name: 'Crisis seminar' },
    ]);
  });

  it("lists the instructor's cohorts with each assignment's due date and how many students finished or are playing", async () => {
    const { cohort, assignment } = await cohortWithAssignment({
      scenario: 'islamabad-48-hours',
      side: 'islamabad',
      dueAt: Date.now() + 86_400_000,
    });
    const done = await signedUp('done');
    const playing = await signedUp('playing');
    await signedUp('idle').then((idle) =>
      idle.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } }),
    );
    for (const s of [done, playing])
      await s.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    await playAssignment(done.client, assignment.id);
    // A student with a finished run and a second one in progress counts once, as finished.
    await done.client.api.runs.$post({
      json: {
        scenario: 'islamabad-48-hours',
        side: 'islamabad',
        assignmentId: assignment.id,
      },
    });
    await playing.client.api.runs.$post({
      json: {
        scenario: 'islamabad-48-hours',
        side: 'islamabad',
        assignmentId: assignment.id,
      },
    });
    // Another cohort where the same students finished a different assignment counts only there.
    const other = await cohortWithAssignment();
    for (const s of [done, playing]) {
      await s.client.api.cohorts.join.$post({ json: { code: other.cohort.joinCode! } });
      await playAssignment(s.client, other.assignment.id);
    }
    const list = await people.instructor.client.api.cohorts.$get();
    const mine = list.body.teaching.find((c: { id: string }) => c.id === cohort.id)!;
    expect(
      list.body.teaching.find((c: { id: string }) => c.id === other.cohort.id)!.assignments[0],
    ).toMatchObject({ finished: 2, inProgress: 0 });
    expect(mine.members).toBe(3);
    expect(mine.assignments).toEqual([
      expect.objectContaining({ id: assignment.id, dueAt: assignment.dueAt, finished: 1, inProgress: 1 }),
    ]);
    // Another instructor's list does not include it.
    expect(
      (await outsider.client.api.cohorts.$get()).body.teaching.some(
        (c: { id: string }) => c.id === cohort.id,
      ),
    ).toBe(false);
  });

  it('refuses bad, turned-off and expired codes alike', async () => {
    const { cohort } = await cohortWithAssignment();
    expect(
      (await people.student.client.api.cohorts.join.$post({ json: { code: 'ZZZZZZZZ' } })).body.error.code,
    ).toBe('invalid_code');
    expect((await people.student.client.api.cohorts.join.$post({ json: { code: 'bad' } })).status).toBe(400);
    const old = cohort.joinCode;
    const regenerated = await people.instructor.client.api.cohorts[':id'].code.$post({
      param: { id: cohort.id },
      json: {
        action: 'regenerate',
      },
    });
    expect(regenerated.body.joinCode).not.toBe(old);
    expect((await people.student.client.api.cohorts.join.$post({ json: { code: old! } })).status).toBe(404);
    await people.instructor.client.api.cohorts[':id'].code.$post({
      param: { id: cohort.id },
      json: { action: 'disable' },
    });
    expect(
      (await people.student.client.api.cohorts.join.$post({ json: { code: regenerated.body.joinCode! } }))
        .status,
    ).toBe(404);
    const expiring = await people.instructor.client.api.cohorts[':id'].code.$post({
      param: { id: cohort.id },
      json: {
        action: 'regenerate',
        validDays: 1,
      },
    });
    await env.DB.prepare('UPDATE cohorts SET join_code_expires_at = ? WHERE id = ?')
      .bind(Date.now() - 1000, cohort.id)
      .run();
    const expired = await people.student.client.api.cohorts.join.$post({
      json: { code: expiring.body.joinCode! },
    });
    expect(expired.status).toBe(404);
    expect(expired.body.error.code).toBe('invalid_code');
  });

  it('lets instructors invite co-instructors, who teach once they accept, and remove students', async () => {
    const { cohort } = await cohortWithAssignment();
    expect((await outsider.client.api.cohorts[':id'].$get({ param: { id: cohort.id } })).status).toBe(404);
    expect(
      (
        await people.instructor.client.api.cohorts[':id'].instructors.$post({
          param: { id: cohort.id },
          json: { email: outsider.user.email },
        })
      ).status,
    ).toBe(202);
    // Invited is not yet teaching.
    expect((await outsider.client.api.cohorts[':id'].$get({ param: { id: cohort.id } })).status).toBe(404);
    const invitation = (await outsider.client.api.cohorts.$get()).body.invitations.find(
      (i: { cohort: { id: string } }) => i.cohort.id === cohort.id,
    )!;
    expect(
      (
        await outsider.client.api.cohorts.invitations[':invitationId'].accept.$post({
          param: { invitationId: invitation.id },
        })
      ).status,
    ).toBe(200);
    expect((await outsider.client.api.cohorts[':id'].$get({ param: { id: cohort.id } })).status).toBe(200);
    await people.otherStudent.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    expect(
      (
        await outsider.client.api.cohorts[':id'].members[':userId'].$delete({
          param: { id: cohort.id, userId: people.otherStudent.user.id },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await outsider.client.api.cohorts[':id'].members[':userId'].$delete({
          param: { id: cohort.id, userId: people.otherStudent.user.id },
        })
      ).status,
    ).toBe(404);
  });

  it('keeps cohorts to their instructors and admins', async () => {
    const { cohort, assignment } = await cohortWithAssignment();
    const results = (client: Client) =>
      client.api.cohorts[':id'].assignments[':assignmentId'].results.$get({
        param: { id: cohort.id, assignmentId: assignment.id },
      });
    expect((await results(new Client())).status).toBe(401);
    expect((await results(people.student.client)).status).toBe(403);
    expect((await people.student.client.api.cohorts.$post({ json: { name: 'Mine' } })).status).toBe(403);
    expect((await results(outsider.client)).status).toBe(404);
    expect((await results(people.admin.client)).status).toBe(200);
    expect((await results(people.instructor.client)).status).toBe(200);
  });
});
