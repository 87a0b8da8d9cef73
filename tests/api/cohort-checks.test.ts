import { beforeAll, describe, expect, it } from 'vitest';
import { cast, Client, publishShipped, signedUp } from './helpers';

let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  await publishShipped();
  people = await cast();
});

/** Plays an Islamabad assignment run, answering the given questions before the first decision and after the ending. */
async function playWithAnswers(
  client: Client,
  assignmentId: string,
  before: Record<string, string>,
  after: Record<string, string>,
) {
  let reply = await client.api.runs.$post({
    json: {
      scenario: 'islamabad-48-hours',
      side: 'islamabad',
      assignmentId,
    },
  });
  expect(reply.status).toBe(201);
  const runId = reply.body.run.id;
  for (const [checkId, option] of Object.entries(before)) {
    expect(
      (
        await client.api.runs[':id'].answers.$post({
          param: { id: runId },
          json: { checkId, slot: 'before', optionIds: [option] },
        })
      ).status,
    ).toBe(200);
  }
  while (reply.body.view.status === 'deciding') {
    const view = reply.body.view;
    reply = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: {
        step: view.step,
        choiceId: view.decision!.choices[0]!.id,
      },
    });
  }
  for (const [checkId, option] of Object.entries(after)) {
    expect(
      (
        await client.api.runs[':id'].answers.$post({
          param: { id: runId },
          json: { checkId, slot: 'after', optionIds: [option] },
        })
      ).status,
    ).toBe(200);
  }
  return runId;
}

describe('knowledge checks on the results dashboard', () => {
  it('gives per question the share right before and after, who got it wrong, the class gain, and the knowledge grade in the CSV', async () => {
    const cohort = (await people.instructor.client.api.cohorts.$post({ json: { name: 'IR 210, quiz' } }))
      .body;
    const assigned = await people.instructor.client.api.cohorts[':id'].assignments.$post({
      param: { id: cohort.id },
      json: {
        scenario: 'islamabad-48-hours',
        side: 'islamabad',
        grade: 'knowledge',
      },
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body.grade).toBe('knowledge');
    const [ana, ben, cy] = await Promise.all([signedUp('ana'), signedUp('ben'), signedUp('cy')]);
    for (const p of [ana, ben, cy])
      await p.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    // Ana learns who claimed Rask and keeps the three-front answer; Ben knew it before and changes to a wrong answer.
    await playWithAnswers(
      ana.client,
      assigned.body.id,
      { 'who-claimed-rask': 'islamic-state', 'three-front': 'three-borders' },
      { 'who-claimed-rask': 'jaish-al-adl', 'three-front': 'three-borders' },
    );
    await playWithAnswers(
      ben.client,
      assigned.body.id,
      { 'who-claimed-rask': 'jaish-al-adl' },
      { 'who-claimed-rask': 'bla' },
    );

    const reply = await people.instructor.client.api.cohorts[':id'].assignments[':assignmentId'].results.$get(
      { param: { id: cohort.id, assignmentId: assigned.body.id } },
    );
    expect(reply.status).toBe(200);
    const { knowledge } = reply.body;
    const rask = knowledge.questions.find((q: { checkId: string }) => q.checkId === 'who-claimed-rask');
    expect(rask).toMatchObject({
      askedBefore: true,
      before: { answered: 2, correct: 1, share: 0.5 },
      later: { answered: 2, correct: 1, share: 0.5 },
    });
    expect(rask!.wrong).toEqual([{ studentId: ben.user.id, displayName: 'ben', slot: 'after' }]);
    const threeFront = knowledge.questions.find((q: { checkId: string }) => q.checkId === 'three-front');
    expect(threeFront).toMatchObject({
      before: { answered: 1, share: 1 },
      later: { answered: 1, share: 1 },
      wrong: [],
    });
    expect(knowledge.questions.find((q: { checkId: string }) => q.checkId === 'china-role')).toMatchObject({
      before: { answered: 0, share: null },
      later: { answered: 0, share: null },
    });
    // Their path asks eleven questions and both left nine unanswered, which count as wrong once the run has ended.
    // Ana: gain (+1 + 0) / 2 = 0.5, score 2 of 11; Ben: gain −1, score 0. Cy has not started and does not count.
    expect(knowledge.students).toEqual(
      expect.arrayContaining([
        { id: ana.user.id, score: 2 / 11, gain: 0.5 },
        { id: ben.user.id, score: 0, gain: -1 },
      ]),
    );
    expect(knowledge.students).toHaveLength(2);
    expect(knowledge).toMatchObject({ meanScore: (2 / 11 + 0) / 2, gain: -0.25, studentsWithGain: 2 });

    const csv = await people.instructor.client.api.cohorts[':id'].assignments[':assignmentId'].export.$get({
      param: { id: cohort.id, assignmentId: assigned.body.id },
      query: { rows: 'runs' },
    });
    const [header, ...rows] = csv.text.trim().split('\n');
    expect(header).toBe(
      'student,email,run,scenario_version,side,side_id,status,completion,score,ending,ending_id,decisions,knowledge_score,learning_gain,grade',
    );
    const anaRow = rows.find((r) => r.startsWith('ana,'))!.split(',');
    const benRow = rows.find((r) => r.startsWith('ben,'))!.split(',');
    expect(anaRow.slice(-3)).toEqual(['18', '50', '18']);
    expect(benRow.slice(-3)).toEqual(['0', '-100', '0']);
  });

  it('counts every question the run asked in the knowledge grade: once the run ends an unanswered one is wrong', async () => {
    const cohort = (
      await people.instructor.client.api.cohorts.$post({ json: { name: 'IR 210, unanswered' } })
    ).body;
    const assigned = await people.instructor.client.api.cohorts[':id'].assignments.$post({
      param: { id: cohort.id },
      json: { scenario: 'islamabad-48-hours', side: 'islamabad', grade: 'knowledge' },
    });
    const eve = await signedUp('eve');
    await eve.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    // Four answers, three right, on a path that asks eleven questions (four before, seven after).
    const runId = await playWithAnswers(
      eve.client,
      assigned.body.id,
      { 'who-claimed-rask': 'jaish-al-adl', 'three-front': 'three-borders', 'iran-logic': 'rask-explains' },
      { 'what-pakistan-struck': 'baloch-separatists' },
    );
    const run = await eve.client.api.runs[':id'].$get({ param: { id: runId } });
    expect(run.body.checks.knowledge).toMatchObject({
      asked: 11,
      answered: 4,
      correct: 3,
      counted: 11,
      score: 3 / 11,
    });

    const csv = await people.instructor.client.api.cohorts[':id'].assignments[':assignmentId'].export.$get({
      param: { id: cohort.id, assignmentId: assigned.body.id },
      query: { rows: 'runs' },
    });
    const row = csv.text.trim().split('\n')[1]!.split(',');
    expect([row[12], row[14]]).toEqual(['27', '27']);

    const results = await people.instructor.client.api.cohorts[':id'].assignments[
      ':assignmentId'
    ].results.$get({
      param: { id: cohort.id, assignmentId: assigned.body.id },
    });
    expect(results.body.students).toEqual([
      expect.objectContaining({ id: eve.user.id, score: run.body.run.score, grade: 27 }),
    ]);
    expect(results.body.knowledge.students).toEqual([{ id: eve.user.id, score: 3 / 11, gain: null }]);
  });

  it('grades by the decision score by default and refuses an unknown grade', async () => {
    const cohort = (
      await people.instructor.client.api.cohorts.$post({ json: { name: 'IR 210, default grade' } })
    ).body;
    const assigned = await people.instructor.client.api.cohorts[':id'].assignments.$post({
      param: { id: cohort.id },
      json: {
        scenario: 'islamabad-48-hours',
        side: 'islamabad',
      },
    });
    expect(assigned.body.grade).toBe('score');
    const bad = await people.instructor.client.call<{
      error: { code: string; message: string; details: { path: string }[] };
    }>('POST', `/api/cohorts/${cohort.id}/assignments`, {
      scenario: 'islamabad-48-hours',
      grade: 'vibes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.path)).toContain('grade');
    const student = await signedUp('dee');
    await student.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    await playWithAnswers(student.client, assigned.body.id, {}, { 'china-role': 'public-offer' });
    const csv = await people.instructor.client.api.cohorts[':id'].assignments[':assignmentId'].export.$get({
      param: { id: cohort.id, assignmentId: assigned.body.id },
      query: { rows: 'runs' },
    });
    const row = csv.text.trim().split('\n')[1]!.split(',');
    const score = row[8];
    // One answer, wrong (China's question has two right options): knowledge 0, no gain; the grade is the decision score.
    expect(row.slice(-3)).toEqual(['0', '', score]);
  });

  it("keeps the class figures to the cohort's instructors", async () => {
    const cohort = (await people.instructor.client.api.cohorts.$post({ json: { name: 'IR 210, private' } }))
      .body;
    const assigned = await people.instructor.client.api.cohorts[':id'].assignments.$post({
      param: { id: cohort.id },
      json: {
        scenario: 'islamabad-48-hours',
      },
    });
    for (const caller of [people.student.client, people.otherStudent.client, new Client()]) {
      const reply = await caller.api.cohorts[':id'].assignments[':assignmentId'].results.$get({
        param: { id: cohort.id, assignmentId: assigned.body.id },
      });
      expect([401, 403, 404]).toContain(reply.status);
    }
    const outsider = await signedUp('outsider');
    await people.admin.client.api.users[':id'].role.$put({
      param: { id: outsider.user.id },
      json: { role: 'instructor' },
    });
    expect(
      (
        await outsider.client.api.cohorts[':id'].assignments[':assignmentId'].results.$get({
          param: { id: cohort.id, assignmentId: assigned.body.id },
        })
      ).status,
    ).toBe(404);
  });
});
