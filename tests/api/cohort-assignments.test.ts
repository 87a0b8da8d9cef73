import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cohortCast,
  cohortWithAssignment as newCohort,
  playAssignment,
  type AssignmentInput,
} from './cohort-setup';
import { Client, playToEnd, shipped, signedUp } from './helpers';
import type { Scenario } from '../../api/engine';
import { csvField } from '../../api/lib/csv';
import islamabad from '../../scenarios/islamabad-48-hours.json';

let people: Awaited<ReturnType<typeof cohortCast>>['people'];
let outsider: Awaited<ReturnType<typeof cohortCast>>['outsider'];
beforeAll(async () => {
  ({ people, outsider } = await cohortCast());
});

const cohortWithAssignment = (assignment?: AssignmentInput) =>
  newCohort(people.instructor.client, assignment);

describe('assignments', () => {
  it('pins the published version, fixes the side, forbids stepping back and counts toward the assignment', async () => {
    const { cohort, assignment } = await cohortWithAssignment({
      scenario: 'islamabad-48-hours',
      side: 'islamabad',
      dueAt: Date.now() + 86_400_000,
    });
    expect(assignment.scenario).toEqual({
      slug: 'islamabad-48-hours',
      title: 'Islamabad: 48 hours to answer',
      version: 1,
    });
    const student = await signedUp('assigned');
    // Not a member yet: the assignment is invisible.
    expect(
      (
        await student.client.api.runs.$post({
          json: {
            scenario: 'islamabad-48-hours',
            side: 'islamabad',
            assignmentId: assignment.id,
          },
        })
      ).status,
    ).toBe(404);
    await student.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    expect((await student.client.api.assignments.$get()).body).toEqual([
      expect.objectContaining({
        id: assignment.id,
        cohortName: 'IR 210, section A',
        status: 'not_started',
        runId: null,
      }),
    ]);
    const wrongSide = await student.client.api.runs.$post({
      json: {
        scenario: 'islamabad-48-hours',
        side: 'tehran',
        assignmentId: assignment.id,
      },
    });
    expect(wrongSide.status).toBe(400);
    const started = await student.client.api.runs.$post({
      json: {
        scenario: 'islamabad-48-hours',
        side: 'islamabad',
        assignmentId: assignment.id,
      },
    });
    expect(started.body.run.allowStepBack).toBe(false);
    await student.client.api.runs[':id'].choices.$post({
      param: { id: started.body.run.id },
      json: {
        step: 0,
        choiceId: 'first-loud',
      },
    });
    expect(
      (await student.client.api.runs[':id']['step-back'].$post({ param: { id: started.body.run.id } }))
        .status,
    ).toBe(403);
    expect((await student.client.api.assignments.$get()).body[0]).toMatchObject({
      status: 'in_progress',
      runId: started.body.run.id,
    });
    expect(
      (
        await new Client().api.runs.$post({
          json: {
            scenario: 'islamabad-48-hours',
            side: 'islamabad',
            assignmentId: assignment.id,
          },
        })
      ).status,
    ).toBe(401);
  });

  it('refuses to start before the assignment opens', async () => {
    const { cohort, assignment } = await cohortWithAssignment({
      scenario: 'tehran-after-rask',
      opensAt: Date.now() + 86_400_000,
    });
    const student = await signedUp('early');
    await student.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    expect((await student.client.api.assignments.$get()).body[0]!.status).toBe('not_open');
    const reply = await student.client.api.runs.$post({
      json: {
        scenario: 'tehran-after-rask',
        side: 'tehran',
        assignmentId: assignment.id,
      },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('not_open');
  });

  it('refuses bad assignment input', async () => {
    const { cohort } = await cohortWithAssignment();
    const bad = await people.instructor.client.api.cohorts[':id'].assignments.$post({
      param: { id: cohort.id },
      json: {
        scenario: 'islamabad-48-hours',
        side: 'tehran',
      },
    });
    expect(bad.status).toBe(400);
    const dates = await people.instructor.client.api.cohorts[':id'].assignments.$post({
      param: { id: cohort.id },
      json: {
        scenario: 'islamabad-48-hours',
        opensAt: 2000,
        dueAt: 1000,
      },
    });
    expect((dates.body.error.details as { path: string }[])[0]!.path).toBe('dueAt');
    expect(
      (
        await people.instructor.client.api.cohorts[':id'].assignments.$post({
          param: { id: cohort.id },
          json: { scenario: 'nope' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('results and export', () => {
  it('shows completion, scores, choices with justifications, the flow, endings, a drill-down and CSV rows', async () => {
    const { cohort, assignment } = await cohortWithAssignment({
      scenario: 'islamabad-48-hours',
      side: 'islamabad',
    });
    const players = await Promise.all([signedUp('ana'), signedUp('ben'), signedUp('cy')]);
    for (const p of players) await p.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    const first = await playAssignment(players[0].client, assignment.id, 0, 'Restraint keeps options open.');
    await playAssignment(players[1].client, assignment.id, 2);
    // A late finish: the due date passed before the run ended.
    await env.DB.prepare('UPDATE assignments SET due_at = ? WHERE id = ?')
      .bind(Date.now() - 1000, assignment.id)
      .run();
    await env.DB.prepare('UPDATE runs SET finished_at = ? WHERE id = ?').bind(Date.now(), first.runId).run();

    const results = (
      await people.instructor.client.api.cohorts[':id'].assignments[':assignmentId'].results.$get({
        param: { id: cohort.id, assignmentId: assignment.id },
      })
    ).body;
    expect(results.completion).toEqual({ not_started: 1, in_progress: 0, done: 0, late: 2 });
    expect(results.students.find((s: { id: string }) => s.id === players[2].user.id)!.status).toBe(
      'not_started',
    );
    expect(results.scores.islamabad!.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    const firstHours = results.decisions.find((d: { nodeId: string }) => d.nodeId === 'first-hours')!;
    expect(firstHours.choices.map((c: { count: number }) => c.count)).toEqual([1, 0, 1]);
    expect(firstHours.choices.find((c: { historical: boolean }) => c.historical)!.choiceId).toBe(
      'first-loud',
    );
    expect(firstHours.onHistoricalPath).toBe(true);
    expect(firstHours.justifications).toEqual([
      { student: 'ana', choiceId: 'first-loud', text: 'Restraint keeps options open.' },
    ]);
    expect(
      results.flow
        .filter((f: { from: string }) => f.from === 'start')
        .reduce((s: number, f: { count: number }) => s + f.count, 0),
    ).toBe(2);
    expect(results.endings.reduce((s: number, e: { count: number }) => s + e.count, 0)).toBe(2);

    const drill = await people.instructor.client.api.cohorts[':id'].runs[':runId'].$get({
      param: { id: cohort.id, runId: first.runId },
    });
    expect(drill.body.view.timeline.length).toBeGreaterThan(3);
    expect(
      (
        await outsider.client.api.cohorts[':id'].runs[':runId'].$get({
          param: { id: cohort.id, runId: first.runId },
        })
      ).status,
    ).toBe(404);

    const csv = await people.instructor.client.api.cohorts[':id'].assignments[':assignmentId'].export.$get({
      param: { id: cohort.id, assignmentId: assignment.id },
      query: { rows: 'decisions' },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'student,email,run,scenario_version,side,side_id,step,decision,node,choice,choice_id,historical,on_historical_path,time_taken_ms,justification',
    );
    // Labels for a gradebook's reader, with the ids in columns of their own (issue 31: "t-rask" and ending slugs).
    expect(lines[1]!.split(',').slice(4, 6)).toEqual(['Islamabad', 'islamabad']);
    expect(lines.filter((l) => l.includes(',The first hours,first-hours,'))).toHaveLength(2);
    const decisionCount = (await env.DB.prepare(
      'SELECT count(*) AS n FROM decisions d JOIN runs r ON r.id = d.run_id WHERE r.assignment_id = ?',
    )
      .bind(assignment.id)
      .first<{ n: number }>())!.n;
    expect(lines).toHaveLength(decisionCount + 1);
    expect(csv.text).toContain('Restraint keeps options open.');
    const perRun = await people.instructor.client.api.cohorts[':id'].assignments[':assignmentId'].export.$get(
      { param: { id: cohort.id, assignmentId: assignment.id }, query: { rows: 'runs' } },
    );
    expect(perRun.text.trim().split('\n')).toHaveLength(3);
    expect(perRun.text).toContain(',late,');
    const { ending_id: endingId } = (await env.DB.prepare('SELECT ending_id FROM runs WHERE id = ?')
      .bind(first.runId)
      .first<{ ending_id: string }>())!;
    const title = (islamabad as unknown as Scenario).endings.find((e) => e.id === endingId)!.title;
    expect(perRun.text).toContain(`,Islamabad,islamabad,`);
    expect(perRun.text).toContain(`,${csvField(title)},${endingId},`);
  });

  it("lists the decisions in the order runs meet them, not the scenario file's (issue 31)", async () => {
    const { cohort, assignment } = await cohortWithAssignment({
      scenario: 'strikes-across-the-border',
      side: 'tehran',
    });
    const student = await signedUp('flow');
    await student.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    // Downplaying Pakistan's strike leads to "Strike Pakistan again?" (t-escalate), and striking again to "The second
    // Iranian strike" (t-reply), which the file lists first.
    const prefer = ['t-reaction-downplay', 't-esc-again'];
    const flagship = shipped.find((x) => x.slug === 'strikes-across-the-border')!;
    const historical = (nodeId: string) =>
      flagship.nodes.find((n) => n.id === nodeId)!.choices!.find((c) => c.historical)!.id;
    const { reply } = await playToEnd(
      student.client,
      flagship.slug,
      'tehran',
      (v) =>
        v.decision!.choices.map((c) => c.id).find((id) => prefer.includes(id)) ??
        historical(v.decision!.nodeId),
      undefined,
      assignment.id,
    );
    const path = reply.body.view.ending!.comparison.map((c) => c.nodeId);
    expect(path.indexOf('t-escalate')).toBeLessThan(path.indexOf('t-reply'));
    const results = await people.instructor.client.api.cohorts[':id'].assignments[
      ':assignmentId'
    ].results.$get({
      param: { id: cohort.id, assignmentId: assignment.id },
    });
    const listed = results.body.decisions.map((d: { nodeId: string }) => d.nodeId);
    expect(listed).toEqual(path);
  });

  it('neutralises spreadsheet formulas in exported text', async () => {
    const { cohort, assignment } = await cohortWithAssignment();
    const student = await signedUp('=HYPERLINK("x")');
    await student.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    await playAssignment(student.client, assignment.id, 0, '=1+1');
    const csv = await people.instructor.client.api.cohorts[':id'].assignments[':assignmentId'].export.$get({
      param: { id: cohort.id, assignmentId: assignment.id },
      query: {},
    });
    expect(csv.text).not.toMatch(/(^|,)=1\+1/m);
    expect(csv.text).toContain("'=1+1");
  });
});
