import { describe, expect, it } from 'vitest';
import { cohortCast, cohortWithAssignment, playAssignment } from './cohort-setup';

describe('polling the results dashboard', () => {
  it('answers an unchanged poll 304 with no body, and a changed one with the new results', async () => {
    const { people, outsider } = await cohortCast();
    const { cohort, assignment } = await cohortWithAssignment(people.instructor.client);
    const path = `/api/cohorts/${cohort.id}/assignments/${assignment.id}/results`;
    const first = await people.instructor.client.call('GET', path);
    expect(first.status).toBe(200);
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('Cache-Control')).toBe('private, no-cache');

    const unchanged = await people.instructor.client.call('GET', path, undefined, { 'If-None-Match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect(unchanged.headers.get('ETag')).toBe(etag);

    // Another instructor's poll with the same tag is a 404, never a 304 that would confirm the assignment.
    const stranger = await outsider.client.call('GET', path, undefined, { 'If-None-Match': etag });
    expect(stranger.status).toBe(404);

    // A student joins: the members changed.
    await people.student.client.api.cohorts.join.$post({ json: { code: cohort.joinCode! } });
    const joined = await people.instructor.client.call<{ students: unknown[] }>('GET', path, undefined, {
      'If-None-Match': etag,
    });
    expect(joined.status).toBe(200);
    expect(joined.body.students).toHaveLength(1);
    const afterJoin = joined.headers.get('ETag')!;
    expect(afterJoin).not.toBe(etag);

    // The student plays: the runs changed.
    await playAssignment(people.student.client, assignment.id);
    const played = await people.instructor.client.call<{ completion: { done: number } }>(
      'GET',
      path,
      undefined,
      {
        'If-None-Match': afterJoin,
      },
    );
    expect(played.status).toBe(200);
    expect(played.body.completion.done).toBe(1);
    const again = await people.instructor.client.call('GET', path, undefined, {
      'If-None-Match': played.headers.get('ETag')!,
    });
    expect(again.status).toBe(304);

    // The instructor changes the grade setting: the grades shown change.
    await people.instructor.client.call(
      'PUT',
      `/api/cohorts/${cohort.id}/assignments/${assignment.id}/grade`,
      {
        grade: 'completion',
      },
    );
    const regraded = await people.instructor.client.call('GET', path, undefined, {
      'If-None-Match': played.headers.get('ETag')!,
    });
    expect(regraded.status).toBe(200);
  }, 30_000);
});
