import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../api/db';
import { assignmentAnswers, computeKnowledgeResults } from '../../api/db/queries/cohort-checks';
import { computeResults, loadResults } from '../../api/db/queries/cohorts';
import { exportBatch, resultAggregates, type ExportRun } from '../../api/db/queries/results';
import { csvLines, resultsCsv, type CsvRows } from '../../api/lib/results-csv';
import { cohortCast, cohortWithAssignment } from './cohort-setup';
import { Client, signedUp } from './helpers';

type Cast = Awaited<ReturnType<typeof cohortCast>>;
let people: Cast['people'];
let outsider: Cast['outsider'];
let cohortId: string;
let assignmentId: string;
const names = ['ana', 'ben', 'cy', 'dee', 'eve'];

/** Plays an Islamabad assignment run: `decisions` choices (all of them when absent), answering questions on the way. */
async function play(
  client: Client,
  pick: number,
  options: {
    decisions?: number;
    justification?: string;
    before?: Record<string, string>;
    after?: Record<string, string>;
  },
) {
  let reply = await client.api.runs.$post({
    json: { scenario: 'islamabad-48-hours', side: 'islamabad', assignmentId },
  });
  const runId = reply.body.run.id;
  for (const [checkId, option] of Object.entries(options.before ?? {}))
    await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: { checkId, slot: 'before', optionIds: [option] },
    });
  for (
    let made = 0;
    reply.body.view.status === 'deciding' && made < (options.decisions ?? Infinity);
    made++
  ) {
    const view = reply.body.view;
    const choices = view.decision!.choices;
    reply = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: {
        step: view.step,
        choiceId: choices[Math.min(pick, choices.length - 1)]!.id,
        ...(options.justification ? { justification: `${options.justification} ${made}` } : {}),
      },
    });
  }
  for (const [checkId, option] of Object.entries(options.after ?? {}))
    await client.api.runs[':id'].answers.$post({
      param: { id: runId },
      json: { checkId, slot: 'after', optionIds: [option] },
    });
  return runId;
}

beforeAll(async () => {
  ({ people, outsider } = await cohortCast());
  const { cohort, assignment } = await cohortWithAssignment(people.instructor.client);
  cohortId = cohort.id;
  assignmentId = assignment.id;
  const [ana, ben, cy, dee] = await Promise.all(names.map((n) => signedUp(n)));
  for (const p of [ana, ben, cy, dee])
    await p!.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
  const eve = await signedUp('eve');
  await eve.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
  await play(ana!.client, 0, {
    justification: 'Restraint keeps options open.',
    before: { 'who-claimed-rask': 'islamic-state', 'three-front': 'three-borders' },
    after: { 'who-claimed-rask': 'jaish-al-adl', 'three-front': 'three-borders' },
  });
  await play(ben!.client, 2, {
    before: { 'who-claimed-rask': 'jaish-al-adl' },
    after: { 'who-claimed-rask': 'bla' },
  });
  await play(cy!.client, 1, { justification: 'Pressure, then talk.' });
  await play(dee!.client, 0, { decisions: 2, justification: 'Still weighing it.' });
  // A late finish for ana: the due date falls between the others' finishes and hers.
  const due = Date.now() - 1000;
  await env.DB.prepare('UPDATE assignments SET due_at = ? WHERE id = ?').bind(due, assignmentId).run();
  await env.DB.prepare("UPDATE runs SET finished_at = ? WHERE assignment_id = ? AND status = 'finished'")
    .bind(due - 60_000, assignmentId)
    .run();
  await env.DB.prepare(
    "UPDATE runs SET finished_at = ? WHERE assignment_id = ? AND user_id = ? AND status = 'finished'",
  )
    .bind(Date.now(), assignmentId, ana!.user.id)
    .run();
}, 60_000);

const instructor = () => ({
  ...people.instructor.user,
  displayName: 'instructor',
  role: 'instructor' as const,
});
const byText = <T extends { text: string }>(xs: T[]) => [...xs].sort((a, b) => a.text.localeCompare(b.text));
const byEdge = <T extends { from: string; to: string }>(xs: T[]) =>
  [...xs].sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`));

describe("the results' SQL aggregates", () => {
  it('give the same figures as the per-run computation over every run', async () => {
    const db = createDb(env.DB);
    const loaded = await loadResults(db, cohortId, assignmentId, instructor());
    const reference = computeResults(loaded.scenario, loaded.assignment.dueAt, loaded.members, loaded.runs);
    const referenceKnowledge = computeKnowledgeResults(
      loaded.scenario,
      reference.students,
      loaded.runs,
      await assignmentAnswers(db, assignmentId),
    );
    const sql = await resultAggregates(db, {
      cohortId,
      assignmentId,
      scenario: loaded.scenario,
      dueAt: loaded.assignment.dueAt,
    });
    // The cast covers each status: late, done, in progress and not started.
    expect(reference.completion).toEqual({ not_started: 1, in_progress: 1, done: 2, late: 1 });
    expect(sql.completion).toEqual(reference.completion);
    expect(sql.scores).toEqual(reference.scores);
    expect(sql.endings).toEqual(reference.endings);
    expect(byEdge(sql.flow)).toEqual(byEdge(reference.flow));
    expect(sql.decisions.length).toBeGreaterThan(3);
    expect(
      sql.decisions.map(({ justificationCount, justifications, ...d }) => ({
        ...d,
        justifications: byText(justifications),
        justificationCount,
      })),
    ).toEqual(
      reference.decisions.map(({ justifications, ...d }) => ({
        ...d,
        justifications: byText(justifications),
        justificationCount: justifications.length,
      })),
    );
    expect(sql.knowledge.questions).toEqual(
      referenceKnowledge.questions.map((q) => ({ ...q, wrongCount: q.wrong.length })),
    );
    expect(sql.knowledge.questions.some((q) => q.wrongCount > 0)).toBe(true);
    const { students, ...classFigures } = sql.knowledge;
    const { students: referenceStudents, ...referenceFigures } = referenceKnowledge;
    expect(classFigures).toEqual({ ...referenceFigures, questions: classFigures.questions });
    expect(students).toEqual(expect.arrayContaining(referenceStudents));
    expect(students).toHaveLength(referenceStudents.length);
  });
});

describe('the students of the results, a page at a time', () => {
  const path = () => `/api/cohorts/${cohortId}/assignments/${assignmentId}`;

  it('sends the first page with the results and the rest by page, by name, with the total', async () => {
    const results = await people.instructor.client.api.cohorts[':id'].assignments[
      ':assignmentId'
    ].results.$get({
      param: { id: cohortId, assignmentId },
    });
    expect(results.body.students.map((s) => s.displayName)).toEqual(names);
    expect(results.body.studentPage).toEqual({ page: 1, pageSize: 50, total: 5 });

    const pages = [];
    for (const page of ['1', '2', '3'])
      pages.push(
        (
          await people.instructor.client.api.cohorts[':id'].assignments[':assignmentId'].students.$get({
            param: { id: cohortId, assignmentId },
            query: { page, pageSize: '2' },
          })
        ).body,
      );
    expect(pages.map((p) => p.students.map((s) => s.displayName))).toEqual([
      ['ana', 'ben'],
      ['cy', 'dee'],
      ['eve'],
    ]);
    expect(pages.every((p) => p.total === 5 && p.pageSize === 2)).toBe(true);
    // Each page's rows are the results' rows for those students.
    expect(pages.flatMap((p) => p.students)).toEqual(results.body.students);
    const empty = await people.instructor.client.call<{ students: unknown[]; total: number }>(
      'GET',
      `${path()}/students?page=9&pageSize=2`,
    );
    expect(empty.body).toMatchObject({ students: [], total: 5 });
  });

  it('finds students by part of their name or email, with LIKE wildcards taken literally', async () => {
    const find = async (q: string) =>
      (
        await people.instructor.client.call<{ students: { displayName: string }[]; total: number }>(
          'GET',
          `${path()}/students?q=${encodeURIComponent(q)}`,
        )
      ).body;
    expect((await find('BE')).students.map((s) => s.displayName)).toEqual(['ben']);
    expect((await find('dee')).total).toBe(1);
    expect((await find('%')).total).toBe(0);
    expect((await find('_')).total).toBe(0);
  });

  it('answers an unchanged page 304, and a page of another number with its own tag', async () => {
    const second = await people.instructor.client.call('GET', `${path()}/students?page=2&pageSize=2`);
    const etag = second.headers.get('ETag')!;
    const again = await people.instructor.client.call(
      'GET',
      `${path()}/students?page=2&pageSize=2`,
      undefined,
      {
        'If-None-Match': etag,
      },
    );
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const first = await people.instructor.client.call(
      'GET',
      `${path()}/students?page=1&pageSize=2`,
      undefined,
      {
        'If-None-Match': etag,
      },
    );
    expect(first.status).toBe(200);
    const results = await people.instructor.client.call('GET', `${path()}/results`, undefined, {
      'If-None-Match': etag,
    });
    expect(results.status).toBe(200);
  });

  it('refuses a bad page and keeps the list to the cohort\u2019s instructors', async () => {
    for (const query of ['page=0', 'page=x', 'pageSize=500', `q=${'x'.repeat(101)}`]) {
      const bad = await people.instructor.client.call('GET', `${path()}/students?${query}`);
      expect(bad.status).toBe(400);
    }
    expect((await outsider.client.call('GET', `${path()}/students`)).status).toBe(404);
    expect((await people.student.client.call('GET', `${path()}/students`)).status).toBe(403);
    expect((await new Client().call('GET', `${path()}/students`)).status).toBe(401);
  });
});

describe('the streamed export', () => {
  it('writes the same CSV as when every run was read at once, a batch at a time', async () => {
    const db = createDb(env.DB);
    const loaded = await loadResults(db, cohortId, assignmentId, instructor());
    const answers = await assignmentAnswers(db, assignmentId);
    const members = new Map(loaded.members.map((m) => [m.id, m]));
    const everyRun: ExportRun[] = loaded.runs.map((run) => ({
      ...run,
      displayName: members.get(run.userId)?.displayName ?? null,
      email: members.get(run.userId)?.email ?? null,
      answers: answers.get(run.runId) ?? [],
    }));
    const headers: Record<CsvRows, string> = {
      decisions:
        'student,email,run,scenario_version,side,side_id,step,decision,node,choice,choice_id,historical,on_historical_path,time_taken_ms,justification',
      runs: 'student,email,run,scenario_version,side,side_id,status,completion,score,ending,ending_id,decisions,knowledge_score,learning_gain,grade',
    };
    for (const rows of ['decisions', 'runs'] as const) {
      const whole = `${headers[rows]}\n${csvLines(rows, loaded.assignment, loaded.scenario, everyRun)}`;
      // Batches of two runs: the four runs take three reads, the last one empty.
      let reads = 0;
      const streamed = await new Response(
        resultsCsv(rows, loaded.assignment, loaded.scenario, (after) => {
          reads++;
          return exportBatch(db, {
            cohortId,
            assignmentId,
            after,
            limit: 2,
            justifications: rows === 'decisions',
          });
        }),
      ).text();
      expect(streamed).toBe(whole);
      expect(reads).toBe(3);
      const route = await people.instructor.client.call(
        'GET',
        `/api/cohorts/${cohortId}/assignments/${assignmentId}/export?rows=${rows}`,
      );
      expect(route.text).toBe(whole);
    }
  });
});
