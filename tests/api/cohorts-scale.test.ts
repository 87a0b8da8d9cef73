import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { computeResults, loadResults } from '../../api/db/queries/cohorts';
import { createDb } from '../../api/db';
import { cast, publishShipped, signedUp } from './helpers';

/** A D1 binding that counts the statements prepared through it: one per query. */
function countingD1(d1: D1Database) {
  const counter = { queries: 0 };
  const proxy = new Proxy(d1, {
    get(target, property) {
      if (property === 'prepare') {
        return (query: string) => {
          counter.queries++;
          return target.prepare(query);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { d1: proxy, counter };
}

describe('the results dashboard', () => {
  it("reads an assignment's results in three D1 queries, however many students and decisions", async () => {
    await publishShipped();
    const people = await cast();
    const cohort = (await people.instructor.client.api.cohorts.$post({ json: { name: 'Scale' } })).body;
    const assignment = (
      await people.instructor.client.api.cohorts[':id'].assignments.$post({
        param: { id: cohort.id },
        json: {
          scenario: 'islamabad-48-hours',
          side: 'islamabad',
        },
      })
    ).body;
    const students = await Promise.all(Array.from({ length: 12 }, (_, i) => signedUp(`scale${i}`)));
    for (const s of students) {
      await s.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
      let reply = await s.client.api.runs.$post({
        json: {
          scenario: 'islamabad-48-hours',
          side: 'islamabad',
          assignmentId: assignment.id,
        },
      });
      const runId = reply.body.run.id;
      while (reply.body.view.status === 'deciding') {
        reply = await s.client.api.runs[':id'].choices.$post({
          param: { id: runId },
          json: {
            step: reply.body.view.step,
            choiceId: reply.body.view.decision!.choices[0]!.id,
          },
        });
      }
    }
    const user = { ...people.instructor.user, displayName: 'instructor', role: 'instructor' as const };
    // The first read may also fetch the scenario version into the isolate's cache.
    await loadResults(createDb(env.DB), cohort.id, assignment.id, user);
    const { d1, counter } = countingD1(env.DB);
    const loaded = await loadResults(createDb(d1), cohort.id, assignment.id, user);
    expect(counter.queries).toBe(3);
    const results = computeResults(loaded.scenario, loaded.assignment.dueAt, loaded.members, loaded.runs);
    expect(results.completion.done).toBe(12);
    expect(results.decisions[0]!.choices.reduce((sum, c) => sum + c.count, 0)).toBe(12);
    // Twelve sign-ups (each a deliberately slow password hash) and twelve whole runs: more than the default 5 s.
  }, 30_000);
});
