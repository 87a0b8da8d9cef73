import { expect } from 'vitest';
import { cast, Client, publishShipped, signedUp } from './helpers';

/** The cohort tests' cast: the shipped scenarios published, the usual people, and `outsider`, an instructor who teaches none of the cohorts. */
export async function cohortCast() {
  await publishShipped();
  const people = await cast();
  // A second instructor who does not teach the cohorts below.
  const outsider = await signedUp('outsider');
  await people.admin.client.api.users[':id'].role.$put({
    param: { id: outsider.user.id },
    json: { role: 'instructor' },
  });
  return { people, outsider };
}

/** What `POST /api/cohorts/:id/assignments` takes. */
export type AssignmentInput = Parameters<Client['api']['cohorts'][':id']['assignments']['$post']>[0]['json'];

/** A new cohort of `instructor`'s with one assignment (Islamabad's side unless told otherwise). */
export async function cohortWithAssignment(
  instructor: Client,
  assignment: AssignmentInput = { scenario: 'islamabad-48-hours', side: 'islamabad' },
) {
  const cohort = (await instructor.api.cohorts.$post({ json: { name: 'IR 210, section A' } })).body;
  const assigned = await instructor.api.cohorts[':id'].assignments.$post({
    param: { id: cohort.id },
    json: assignment,
  });
  expect(assigned.status).toBe(201);
  return { cohort, assignment: assigned.body };
}

/** Plays an assignment's run to its end, taking the `pick`th choice (or the last) each time. */
export async function playAssignment(client: Client, assignmentId: string, pick = 0, justification?: string) {
  let reply = await client.api.runs.$post({
    json: {
      scenario: 'islamabad-48-hours',
      side: 'islamabad',
      assignmentId,
    },
  });
  expect(reply.status).toBe(201);
  const runId = reply.body.run.id;
  while (reply.body.view.status === 'deciding') {
    const view = reply.body.view;
    const choice = view.decision!.choices[Math.min(pick, view.decision!.choices.length - 1)]!.id;
    reply = await client.api.runs[':id'].choices.$post({
      param: { id: runId },
      json: {
        step: view.step,
        choiceId: choice,
        ...(justification ? { justification } : {}),
      },
    });
  }
  return { runId, run: reply.body.run };
}
